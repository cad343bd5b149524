// UI Kit style props (xcss objects, space.* / color.* token names) to inline CSS.
import type { CSSProperties } from 'react';
import { tokensMap } from '@atlaskit/primitives';

type TokenTable = Record<string, Record<string, string>>;
const TOKENS = tokensMap as unknown as TokenTable;

function tokenValue(prop: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const table = TOKENS[prop];
  if (table && value in table) return table[value];
  // Space tokens used in shorthand or unknown props still resolve through the space table.
  const space = TOKENS.padding;
  if (space && value in space) return space[value];
  return value;
}

/** Turns an xcss object (or an array of them, as UI Kit allows) into React inline style. */
export function xcssToStyle(xcss: unknown): CSSProperties {
  const out: Record<string, unknown> = {};
  const parts = Array.isArray(xcss) ? xcss : [xcss];
  for (const part of parts) {
    if (!part || typeof part !== 'object') continue;
    for (const [prop, value] of Object.entries(part as Record<string, unknown>)) {
      if (prop.startsWith(':') || prop.startsWith('@')) continue; // pseudo / media: not expressible inline
      out[prop] = tokenValue(prop, value);
    }
  }
  return out as CSSProperties;
}

const BOX_STYLE_PROPS = [
  'padding',
  'paddingBlock',
  'paddingBlockStart',
  'paddingBlockEnd',
  'paddingInline',
  'paddingInlineStart',
  'paddingInlineEnd',
  'backgroundColor',
] as const;

/** Box's own token props (padding="space.100", backgroundColor="color.background.neutral"). */
export function boxPropsToStyle(props: Record<string, unknown>): CSSProperties {
  const out: Record<string, unknown> = {};
  for (const prop of BOX_STYLE_PROPS) {
    if (props[prop] !== undefined) out[prop] = tokenValue(prop, props[prop]);
  }
  return out as CSSProperties;
}

export function spaceToken(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = tokenValue('gap', value);
  return typeof v === 'string' ? v : undefined;
}
