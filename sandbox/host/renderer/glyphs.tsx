// UI Kit icons by name, drawn as text glyphs (Atlaskit's icon packages are not installed).
import type { ComponentType, ReactNode } from 'react';

const GLYPHS: Record<string, string> = {
  add: '+',
  cross: '×',
  'cross-circle': '⊗',
  check: '✓',
  'check-circle': '✓',
  search: '⌕',
  edit: '✎',
  link: '🔗',
  refresh: '↻',
  retry: '↻',
  'chevron-down': '⌄',
  'chevron-up': '⌃',
  'chevron-right': '›',
  'chevron-left': '‹',
  'arrow-right': '→',
  'arrow-left': '←',
  'arrow-up': '↑',
  'arrow-down': '↓',
  trash: '🗑',
  delete: '🗑',
  comment: '💬',
  email: '✉',
  person: '👤',
  'people-group': '👥',
  'office-building': '🏢',
  info: 'ℹ',
  warning: '⚠',
  error: '⛔',
  'question-circle': '?',
  shortcut: '↗',
  'link-external': '↗',
  settings: '⚙',
  filter: '⏷',
  calendar: '📅',
  copy: '⧉',
  unlink: '⛓',
  more: '…',
  'show-more-horizontal': '…',
  'editor-remove': '🗑',
  lock: '🔒',
  star: '☆',
};

export function Glyph({
  name,
  label,
  size,
}: {
  name: string;
  label?: string;
  size?: string;
}): ReactNode {
  const px = size === 'small' ? 12 : size === 'large' ? 20 : 16;
  return (
    <span
      role="img"
      aria-label={label || name}
      title={label || name}
      data-icon={name}
      style={{
        display: 'inline-flex',
        width: px + 4,
        justifyContent: 'center',
        fontSize: px,
        lineHeight: 1,
      }}
    >
      {GLYPHS[name] ?? '•'}
    </span>
  );
}

/** UI Kit Button takes icon names; the new Atlaskit Button takes icon components. */
export function iconComponent(name: unknown): ComponentType<{ label: string }> | undefined {
  if (typeof name !== 'string') return undefined;
  const Icon = ({ label }: { label: string }) => <Glyph name={name} label={label} size="small" />;
  return Icon;
}
