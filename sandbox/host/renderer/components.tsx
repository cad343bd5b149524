// UI Kit component name -> the real Atlaskit component (or a faithful small stand-in where the
// Atlaskit package is not installed with @forge/react). Function props are the app's own
// functions (the bundle runs in this page), called with the argument shapes UI Kit documents.
import React, { useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react';
import Avatar from '@atlaskit/avatar';
import Badge from '@atlaskit/badge';
import Button, { LinkButton } from '@atlaskit/button/new';
import ButtonGroup from '@atlaskit/button/button-group';
import { DatePicker, DateTimePicker, TimePicker } from '@atlaskit/datetime-picker';
import DynamicTable from '@atlaskit/dynamic-table';
import {
  ErrorMessage,
  FormFooter,
  FormHeader,
  FormSection,
  HelperMessage,
  Label,
  RequiredAsterisk,
  ValidMessage,
} from '@atlaskit/form';
import Heading from '@atlaskit/heading';
import Link from '@atlaskit/link';
import Lozenge from '@atlaskit/lozenge';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import Popup from '@atlaskit/popup';
import { Inline, Stack, Text } from '@atlaskit/primitives/compiled';
import ProgressBar from '@atlaskit/progress-bar';
import { Radio, RadioGroup } from '@atlaskit/radio';
import SectionMessage, { SectionMessageAction } from '@atlaskit/section-message';
import Select from '@atlaskit/select';
import Spinner from '@atlaskit/spinner';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { SimpleTag } from '@atlaskit/tag';
import TagGroup from '@atlaskit/tag-group';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import { nodeToDocs, type ForgeDoc } from './forge-doc';
import { boxPropsToStyle, spaceToken, xcssToStyle } from './xcss';

/** Atlaskit components take precise prop types; the forgeDoc gives us untyped props. */
type Loose = ComponentType<Record<string, unknown> & { children?: unknown }>;
const loose = (c: unknown): Loose => c as Loose;

export interface RenderApi {
  children(node: ForgeDoc): ReactNode;
  nodes(nodes: ForgeDoc[]): ReactNode;
  /** A ReactNode-valued prop (actions, description, content...). */
  prop(value: unknown, path: string): ReactNode;
  users: Record<string, { displayName: string; email?: string }>;
}

export type ComponentRenderer = (node: ForgeDoc, r: RenderApi) => ReactNode;

type Fn = (...args: unknown[]) => unknown;
const fn = (v: unknown): Fn | undefined => (typeof v === 'function' ? (v as Fn) : undefined);

/** What UI Kit hands change/blur/focus handlers: a serialisable copy of the DOM event. */
export interface SerialisableEvent {
  bubbles: boolean;
  cancelable: boolean;
  defaultPrevented: boolean;
  eventPhase: number;
  isTrusted: boolean;
  target: {
    value?: unknown;
    checked?: boolean;
    name?: string;
    id?: string;
    tagName?: string;
    type?: string;
  };
  timeStamp: number;
  type: string;
}

function serialise(
  e: { type?: string; target?: unknown; timeStamp?: number } | undefined,
  target: SerialisableEvent['target'],
  type?: string,
): SerialisableEvent {
  const t = (e?.target ?? {}) as Partial<HTMLInputElement>;
  return {
    bubbles: true,
    cancelable: false,
    defaultPrevented: false,
    eventPhase: 3,
    isTrusted: true,
    target: { name: t.name, id: t.id, tagName: t.tagName, ...target },
    timeStamp: e?.timeStamp ?? Date.now(),
    type: type ?? e?.type ?? 'change',
  };
}

/** Calls an app handler without letting its rejection escape into the renderer. */
function call(handler: unknown, ...args: unknown[]): void {
  const f = fn(handler);
  if (!f) return;
  try {
    const out = f(...args);
    if (out && typeof (out as Promise<unknown>).catch === 'function') {
      (out as Promise<unknown>).catch((err: unknown) =>
        console.error('[sandbox] app handler rejected', err),
      );
    }
  } catch (err) {
    console.error('[sandbox] app handler threw', err);
  }
}

const omit = (props: Record<string, unknown>, ...keys: string[]): Record<string, unknown> => {
  const out = { ...props };
  for (const k of keys) delete out[k];
  return out;
};

function textOf(node: ForgeDoc): string {
  if (node.type === 'String') return String(node.props.text ?? '');
  return node.children.map(textOf).join('');
}

/**
 * Controlled inputs: the app's state update reaches us a reconcile later, so the field keeps its
 * own value meanwhile (no lost keystrokes or caret jumps) and follows the app when it changes it.
 */
function useFollowedValue<T>(propValue: T | undefined, fallback: T): [T, (v: T) => void] {
  const [local, setLocal] = useState<T>(propValue ?? fallback);
  const last = useRef(propValue);
  useEffect(() => {
    if (propValue !== last.current) {
      last.current = propValue;
      setLocal(propValue ?? fallback);
    }
  }, [propValue, fallback]);
  return [local, setLocal];
}

const AkTextfield = loose(Textfield);
function TextfieldView({ props }: { props: Record<string, unknown> }): ReactNode {
  const controlled = 'value' in props;
  const [value, setValue] = useFollowedValue<string>(props.value as string | undefined, '');
  const rest = omit(
    props,
    'value',
    'onChange',
    'onBlur',
    'onFocus',
    'elemAfterInput',
    'elemBeforeInput',
  );
  return (
    <AkTextfield
      {...rest}
      {...(controlled ? { value } : {})}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
        setValue(e.target.value);
        call(
          props.onChange,
          serialise(e, { value: e.target.value, type: e.target.type || 'text' }),
        );
      }}
      onBlur={(e: React.FocusEvent<HTMLInputElement>) =>
        call(
          props.onBlur,
          serialise(e, { value: e.target.value, type: e.target.type || 'text' }, 'blur'),
        )
      }
      onFocus={(e: React.FocusEvent<HTMLInputElement>) =>
        call(
          props.onFocus,
          serialise(e, { value: e.target.value, type: e.target.type || 'text' }, 'focus'),
        )
      }
    />
  );
}

const AkTextArea = loose(TextArea);
function TextAreaView({ props }: { props: Record<string, unknown> }): ReactNode {
  const controlled = 'value' in props;
  const [value, setValue] = useFollowedValue<string>(props.value as string | undefined, '');
  const rest = omit(props, 'value', 'onChange', 'onBlur', 'onFocus');
  return (
    <AkTextArea
      {...rest}
      {...(controlled ? { value } : {})}
      onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
        setValue(e.target.value);
        call(props.onChange, serialise(e, { value: e.target.value, type: 'textarea' }));
      }}
      onBlur={(e: React.FocusEvent<HTMLTextAreaElement>) =>
        call(props.onBlur, serialise(e, { value: e.target.value, type: 'textarea' }, 'blur'))
      }
      onFocus={(e: React.FocusEvent<HTMLTextAreaElement>) =>
        call(props.onFocus, serialise(e, { value: e.target.value, type: 'textarea' }, 'focus'))
      }
    />
  );
}

/** @atlaskit/checkbox is not installed with @forge/react: a native checkbox with ADS spacing. */
function CheckboxView({ props }: { props: Record<string, unknown> }): ReactNode {
  const controlled = 'isChecked' in props;
  const [checked, setChecked] = useFollowedValue<boolean>(
    props.isChecked as boolean | undefined,
    Boolean(props.defaultChecked),
  );
  return (
    <label
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: token('space.100', '8px'),
        cursor: 'pointer',
        font: token('font.body', '14px/20px sans-serif'),
      }}
    >
      <input
        type="checkbox"
        style={{
          width: 14,
          height: 14,
          accentColor: token('color.background.selected.bold', '#0C66E4'),
        }}
        id={props.id as string | undefined}
        name={props.name as string | undefined}
        value={props.value === undefined ? undefined : String(props.value)}
        checked={controlled ? checked : undefined}
        defaultChecked={controlled ? undefined : Boolean(props.defaultChecked)}
        disabled={Boolean(props.isDisabled)}
        required={Boolean(props.isRequired)}
        aria-invalid={props.isInvalid ? true : undefined}
        data-testid={props.testId as string | undefined}
        onChange={(e) => {
          setChecked(e.target.checked);
          call(
            props.onChange,
            serialise(e, { checked: e.target.checked, value: props.value, type: 'checkbox' }),
          );
        }}
        onBlur={(e) =>
          call(props.onBlur, serialise(e, { checked: e.target.checked, type: 'checkbox' }, 'blur'))
        }
      />
      {typeof props.label === 'string' || typeof props.label === 'number' ? (
        <span>{String(props.label)}</span>
      ) : null}
    </label>
  );
}

const AkToggle = loose(Toggle);
function ToggleView({ props }: { props: Record<string, unknown> }): ReactNode {
  const controlled = 'isChecked' in props;
  const [checked, setChecked] = useFollowedValue<boolean>(
    props.isChecked as boolean | undefined,
    Boolean(props.defaultChecked),
  );
  return (
    <AkToggle
      {...omit(props, 'onChange', 'onBlur', 'onFocus', 'isChecked')}
      {...(controlled ? { isChecked: checked } : {})}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
        setChecked(e.target.checked);
        call(
          props.onChange,
          serialise(e, { checked: e.target.checked, value: props.value, type: 'checkbox' }),
        );
      }}
    />
  );
}

const AkSelect = loose(Select);
function SelectView({ props }: { props: Record<string, unknown> }): ReactNode {
  return (
    <AkSelect
      menuPortalTarget={document.body}
      styles={{ menuPortal: (base: Record<string, unknown>) => ({ ...base, zIndex: 9999 }) }}
      {...omit(props, 'onChange', 'onBlur', 'onFocus', 'onInputChange')}
      onChange={(value: unknown, meta: { action?: string }) =>
        call(props.onChange, value, { action: meta?.action })
      }
      onInputChange={(value: string, meta: { action?: string }) =>
        call(props.onInputChange, value, { action: meta?.action })
      }
      onBlur={(e: React.FocusEvent<HTMLInputElement>) =>
        call(props.onBlur, serialise(e, { value: e.target.value }, 'blur'))
      }
      onFocus={(e: React.FocusEvent<HTMLInputElement>) =>
        call(props.onFocus, serialise(e, { value: e.target.value }, 'focus'))
      }
    />
  );
}

function PopupView({ node, r }: { node: ForgeDoc; r: RenderApi }): ReactNode {
  const content = node.children.find(
    (c) => c.type === 'ContentWrapper' && c.props.name === 'content',
  );
  const trigger = node.children.find(
    (c) => c.type === 'ContentWrapper' && c.props.name === 'trigger',
  );
  const AkPopup = loose(Popup);
  const p = node.props;
  return (
    <AkPopup
      {...omit(p, 'onClose', 'content', 'trigger', 'boundary')}
      isOpen={Boolean(p.isOpen)}
      onClose={() => call(p.onClose)}
      content={() => (
        <div style={{ padding: token('space.100', '8px') }}>
          {content ? r.children(content) : null}
        </div>
      )}
      trigger={(triggerProps: Record<string, unknown>) => (
        <span {...triggerProps} style={{ display: 'inline-block' }}>
          {trigger ? r.children(trigger) : null}
        </span>
      )}
    />
  );
}

function DynamicTableView({ node, r }: { node: ForgeDoc; r: RenderApi }): ReactNode {
  const wrapper = (name: string) =>
    node.children.find((c) => c.type === 'ContentWrapper' && c.props.name === name);
  const toCell = (cell: ForgeDoc, i: number) => {
    const { cellKey, ...cellProps } = cell.props;
    return {
      ...cellProps,
      key: (cellKey as string | number | undefined) ?? i,
      content: r.children(cell),
    };
  };
  const headDoc = wrapper('head');
  const rowsDoc = wrapper('rows');
  const head =
    headDoc && headDoc.children.length > 0 ? { cells: headDoc.children.map(toCell) } : undefined;
  const rows = rowsDoc?.children.map((row, i) => {
    const { rowKey, ...rowProps } = row.props;
    return { ...rowProps, key: String(rowKey ?? i), cells: row.children.map(toCell) };
  });
  const p = node.props;
  const AkTable = loose(DynamicTable);
  return (
    <AkTable
      {...omit(p, 'head', 'rows', 'emptyView', 'onSetPage', 'onSort', 'onRankStart', 'onRankEnd')}
      head={head}
      rows={rows}
      emptyView={p.emptyView === undefined ? undefined : r.prop(p.emptyView, 'emptyView')}
      onSetPage={(page: number) => call(p.onSetPage, page)}
      onSort={(data: { key?: string; sortOrder?: string }) =>
        call(p.onSort, { key: data.key, sortOrder: data.sortOrder })
      }
    />
  );
}

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

function Glyph({ name, label, size }: { name: string; label?: string; size?: string }): ReactNode {
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
function iconComponent(name: unknown): ComponentType<{ label: string }> | undefined {
  if (typeof name !== 'string') return undefined;
  const Icon = ({ label }: { label: string }) => <Glyph name={name} label={label} size="small" />;
  return Icon;
}

function ButtonView({
  node,
  r,
  loading,
}: {
  node: ForgeDoc;
  r: RenderApi;
  loading: boolean;
}): ReactNode {
  const p = node.props;
  const AkButton = loose(Button);
  return (
    <AkButton
      {...omit(
        p,
        'onClick',
        'onBlur',
        'onFocus',
        'iconBefore',
        'iconAfter',
        'isLoading',
        'spacing',
      )}
      spacing={p.spacing === 'none' ? 'compact' : p.spacing}
      isLoading={loading ? Boolean(p.isLoading) : undefined}
      iconBefore={iconComponent(p.iconBefore)}
      iconAfter={iconComponent(p.iconAfter)}
      onClick={(e: React.MouseEvent<HTMLButtonElement>) =>
        call(p.onClick, serialise(e, { type: 'button' }, 'click'))
      }
      onBlur={(e: React.FocusEvent<HTMLButtonElement>) => call(p.onBlur, serialise(e, {}, 'blur'))}
      onFocus={(e: React.FocusEvent<HTMLButtonElement>) =>
        call(p.onFocus, serialise(e, {}, 'focus'))
      }
    >
      {r.children(node)}
    </AkButton>
  );
}

function FormView({ node, r }: { node: ForgeDoc; r: RenderApi }): ReactNode {
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        call(node.props.onSubmit);
      }}
    >
      {r.children(node)}
    </form>
  );
}

/** Jira resolves users itself; the sandbox offers its demo users. */
function UserPickerView({
  props,
  users,
}: {
  props: Record<string, unknown>;
  users: RenderApi['users'];
}): ReactNode {
  const options = Object.entries(users).map(([id, u]) => ({ label: u.displayName, value: id }));
  const toOption = (v: unknown) => options.find((o) => o.value === v);
  const multi = Boolean(props.isMulti);
  const toOptions = (v: unknown) =>
    multi ? (Array.isArray(v) ? v.map(toOption).filter(Boolean) : []) : (toOption(v) ?? null);
  const asUser = (o: { value: string; label: string } | null | undefined) =>
    o
      ? {
          id: o.value,
          type: 'user',
          avatarUrl: '',
          name: o.label,
          email: users[o.value]?.email ?? '',
        }
      : null;
  const inputId = `userpicker-${String(props.name ?? 'user')}`;
  const AkLabel = loose(Label);
  const AkHelper = loose(HelperMessage);
  return (
    <div>
      {props.label !== undefined ? (
        <AkLabel htmlFor={inputId}>
          {String(props.label)}
          {props.isRequired ? <RequiredAsterisk /> : null}
        </AkLabel>
      ) : null}
      <SelectView
        props={{
          inputId,
          name: props.name,
          placeholder: props.placeholder ?? 'Choose a user',
          isMulti: multi,
          isClearable: true,
          isDisabled: props.isDisabled,
          options,
          ...(props.value !== undefined ? { value: toOptions(props.value) } : {}),
          ...(props.defaultValue !== undefined
            ? { defaultValue: toOptions(props.defaultValue) }
            : {}),
          onChange: (v: unknown) => {
            const picked = multi
              ? Array.isArray(v)
                ? v.map(asUser)
                : []
              : asUser(v as { value: string; label: string } | null);
            call(props.onChange, picked);
          },
        }}
      />
      {props.description !== undefined ? <AkHelper>{String(props.description)}</AkHelper> : null}
    </div>
  );
}

const HEADING_SIZES: Record<string, string> = {
  h1: 'xlarge',
  h2: 'large',
  h3: 'medium',
  h4: 'small',
  h5: 'xsmall',
  h6: 'xxsmall',
};

function Unsupported({ name }: { name: string }): ReactNode {
  return (
    <div
      data-unsupported={name}
      style={{
        border: `2px dashed ${token('color.border.danger', '#E2483D')}`,
        color: token('color.text.danger', '#AE2E24'),
        padding: '4px 8px',
        borderRadius: 3,
        fontSize: 12,
        fontFamily: 'monospace',
      }}
    >
      [Unsupported UI Kit component: {name}]
    </div>
  );
}

const AS_TAGS = new Set([
  'div',
  'span',
  'section',
  'ul',
  'ol',
  'li',
  'p',
  'article',
  'aside',
  'nav',
  'header',
  'footer',
  'main',
]);

/** Atlaskit components whose props match UI Kit's one to one. */
function passthrough(component: unknown): ComponentRenderer {
  const Ak = loose(component);
  return (n, r) => <Ak {...n.props}>{r.children(n)}</Ak>;
}

/** Form messages: only the text and the test id carry over. */
function messageOf(component: unknown): ComponentRenderer {
  const Ak = loose(component);
  return (n, r) => <Ak testId={n.props.testId}>{r.children(n)}</Ak>;
}

export const COMPONENTS: Record<string, ComponentRenderer> = {
  Root: (n, r) => r.children(n),
  Fragment: (n, r) => r.children(n),
  ContentWrapper: (n, r) => r.children(n),
  String: (n) => String(n.props.text ?? ''),
  Box: (n, r) => {
    const tag = typeof n.props.as === 'string' && AS_TAGS.has(n.props.as) ? n.props.as : 'div';
    return React.createElement(
      tag,
      {
        style: {
          boxSizing: 'border-box',
          ...boxPropsToStyle(n.props),
          ...xcssToStyle(n.props.xcss),
        },
        'data-testid': n.props.testId,
        role: n.props.role,
      },
      r.children(n),
    );
  },
  Stack: (n, r) => {
    const AkStack = loose(Stack);
    return <AkStack {...omit(n.props, 'xcss')}>{r.children(n)}</AkStack>;
  },
  Inline: (n, r) => {
    const AkInline = loose(Inline);
    const separator = typeof n.props.separator === 'string' ? n.props.separator : undefined;
    return (
      <AkInline {...omit(n.props, 'xcss', 'separator')} separator={separator}>
        {r.children(n)}
      </AkInline>
    );
  },
  Flex: (n, r) => (
    <div
      style={{
        display: 'flex',
        flexDirection: n.props.direction === 'column' ? 'column' : 'row',
        gap: spaceToken(n.props.gap),
        alignItems: n.props.alignItems as string | undefined,
        justifyContent: n.props.justifyContent as string | undefined,
        flexWrap: n.props.wrap as React.CSSProperties['flexWrap'],
        ...xcssToStyle(n.props.xcss),
      }}
    >
      {r.children(n)}
    </div>
  ),
  Grid: (n, r) => (
    <div
      style={{
        display: 'grid',
        gap: spaceToken(n.props.gap),
        gridTemplateColumns: n.props.templateColumns as string | undefined,
        ...xcssToStyle(n.props.xcss),
      }}
    >
      {r.children(n)}
    </div>
  ),
  Bleed: (n, r) => <div>{r.children(n)}</div>,
  Text: (n, r) => {
    const AkText = loose(Text);
    if (n.props.as === 'strike') return <s>{r.children(n)}</s>;
    return <AkText {...n.props}>{r.children(n)}</AkText>;
  },
  Strong: (n, r) => <strong>{r.children(n)}</strong>,
  Em: (n, r) => <em>{r.children(n)}</em>,
  Strike: (n, r) => <s>{r.children(n)}</s>,
  Heading: (n, r) => {
    const AkHeading = loose(Heading);
    const legacy = typeof n.props.as === 'string' ? HEADING_SIZES[n.props.as] : undefined;
    return (
      <AkHeading {...n.props} size={n.props.size ?? legacy ?? 'medium'}>
        {r.children(n)}
      </AkHeading>
    );
  },
  Link: (n, r) => {
    const AkLink = loose(Link);
    const href = typeof n.props.href === 'string' ? n.props.href : '#';
    // Jira opens app links outside the app's frame; so do we.
    return (
      <AkLink
        href={href}
        target={n.props.openNewTab === false ? '_top' : '_blank'}
        rel="noreferrer noopener"
      >
        {r.children(n)}
      </AkLink>
    );
  },
  Button: (n, r) => <ButtonView node={n} r={r} loading={false} />,
  LoadingButton: (n, r) => <ButtonView node={n} r={r} loading />,
  LinkButton: (n, r) => {
    const AkLinkButton = loose(LinkButton);
    return (
      <AkLinkButton
        {...omit(n.props, 'onClick')}
        target={n.props.target ?? '_blank'}
        onClick={() => call(n.props.onClick)}
      >
        {r.children(n)}
      </AkLinkButton>
    );
  },
  ButtonGroup: (n, r) => {
    const AkGroup = loose(ButtonGroup);
    return <AkGroup {...n.props}>{r.children(n)}</AkGroup>;
  },
  Textfield: (n) => <TextfieldView props={n.props} />,
  TextArea: (n) => <TextAreaView props={n.props} />,
  Select: (n) => <SelectView props={n.props} />,
  UserPicker: (n, r) => <UserPickerView props={n.props} users={r.users} />,
  DatePicker: (n) => {
    const Ak = loose(DatePicker);
    return (
      <Ak
        {...omit(n.props, 'onChange', 'onBlur', 'onFocus')}
        onChange={(v: string) => call(n.props.onChange, v)}
        onBlur={() => call(n.props.onBlur)}
        onFocus={() => call(n.props.onFocus)}
      />
    );
  },
  TimePicker: (n) => {
    const Ak = loose(TimePicker);
    return (
      <Ak
        {...omit(n.props, 'onChange', 'onBlur', 'onFocus')}
        onChange={(v: string) => call(n.props.onChange, v)}
      />
    );
  },
  DateTimePicker: (n) => {
    const Ak = loose(DateTimePicker);
    return (
      <Ak
        {...omit(n.props, 'onChange', 'onBlur', 'onFocus')}
        onChange={(v: string) => call(n.props.onChange, v)}
      />
    );
  },
  Checkbox: (n) => <CheckboxView props={n.props} />,
  Toggle: (n) => <ToggleView props={n.props} />,
  Radio: (n) => {
    const Ak = loose(Radio);
    return (
      <Ak
        {...omit(n.props, 'onChange')}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
          call(
            n.props.onChange,
            serialise(e, { value: e.target.value, checked: e.target.checked, type: 'radio' }),
          )
        }
      />
    );
  },
  RadioGroup: (n) => {
    const Ak = loose(RadioGroup);
    return (
      <Ak
        {...omit(n.props, 'onChange')}
        onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
          call(
            n.props.onChange,
            serialise(e, { value: e.target.value, checked: e.target.checked, type: 'radio' }),
          )
        }
      />
    );
  },
  DynamicTable: (n, r) => <DynamicTableView node={n} r={r} />,
  SectionMessage: (n, r) => {
    const Ak = loose(SectionMessage);
    const actions = n.props.actions === undefined ? undefined : r.prop(n.props.actions, 'actions');
    return (
      <Ak {...omit(n.props, 'actions')} actions={actions}>
        {r.children(n)}
      </Ak>
    );
  },
  SectionMessageAction: (n, r) => {
    const Ak = loose(SectionMessageAction);
    return (
      <Ak
        href={n.props.href}
        testId={n.props.testId}
        onClick={fn(n.props.onClick) ? () => call(n.props.onClick) : undefined}
      >
        {r.children(n)}
      </Ak>
    );
  },
  Lozenge: passthrough(Lozenge),
  Tag: (n) => {
    const Ak = loose(SimpleTag);
    return <Ak {...omit(n.props, 'elemBefore')} text={String(n.props.text ?? '')} />;
  },
  TagGroup: passthrough(TagGroup),
  Badge: (n, r) => {
    const Ak = loose(Badge);
    const text = textOf(n);
    const num = Number(text);
    return <Ak {...n.props}>{text !== '' && Number.isFinite(num) ? num : r.children(n)}</Ak>;
  },
  Spinner: (n) => {
    const Ak = loose(Spinner);
    return <Ak {...n.props} />;
  },
  ProgressBar: (n) => {
    const Ak = loose(ProgressBar);
    return <Ak {...n.props} />;
  },
  Modal: (n, r) => {
    const Ak = loose(Modal);
    return (
      <Ak {...omit(n.props, 'onClose')} onClose={() => call(n.props.onClose)}>
        {r.children(n)}
      </Ak>
    );
  },
  ModalTransition: (n, r) => <ModalTransition>{r.children(n)}</ModalTransition>,
  ModalHeader: passthrough(ModalHeader),
  ModalTitle: passthrough(ModalTitle),
  ModalBody: passthrough(ModalBody),
  ModalFooter: passthrough(ModalFooter),
  Label: (n, r) => {
    const Ak = loose(Label);
    return (
      <Ak htmlFor={n.props.labelFor} id={n.props.id} testId={n.props.testId}>
        {r.children(n)}
      </Ak>
    );
  },
  ErrorMessage: messageOf(ErrorMessage),
  HelperMessage: messageOf(HelperMessage),
  ValidMessage: messageOf(ValidMessage),
  RequiredAsterisk: () => <RequiredAsterisk />,
  Form: (n, r) => <FormView node={n} r={r} />,
  FormHeader: (n, r) => {
    const Ak = loose(FormHeader);
    return <Ak title={n.props.title}>{r.children(n)}</Ak>;
  },
  FormSection: (n, r) => {
    const Ak = loose(FormSection);
    return (
      <Ak title={n.props.title} description={n.props.description}>
        {r.children(n)}
      </Ak>
    );
  },
  FormFooter: (n, r) => {
    const Ak = loose(FormFooter);
    return <Ak align={n.props.align}>{r.children(n)}</Ak>;
  },
  Tooltip: (n, r) => {
    const Ak = loose(Tooltip);
    const raw = n.props.content ?? n.props.text; // `text` in older UI Kit
    const content = typeof raw === 'string' ? raw : r.prop(raw, 'content');
    return (
      <Ak {...omit(n.props, 'content')} content={content}>
        {(triggerProps: Record<string, unknown>) => (
          <span {...triggerProps} style={{ display: 'inline-block' }}>
            {r.children(n)}
          </span>
        )}
      </Ak>
    );
  },
  Icon: (n) => (
    <Glyph
      name={String(n.props.glyph ?? '')}
      label={n.props.label as string | undefined}
      size={n.props.size as string | undefined}
    />
  ),
  User: (n, r) => {
    const id = String(n.props.accountId ?? '');
    const name = r.users[id]?.displayName ?? 'Unknown user';
    return (
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
        <Avatar size="xsmall" name={name} />
        {n.props.hideDisplayName ? null : <span>{name}</span>}
      </span>
    );
  },
  UserGroup: (n, r) => <span style={{ display: 'inline-flex', gap: 8 }}>{r.children(n)}</span>,
  Image: (n) => (
    <img
      src={String(n.props.src ?? '')}
      alt={String(n.props.alt ?? '')}
      width={n.props.width as number | undefined}
      height={n.props.height as number | undefined}
      style={{ maxWidth: '100%' }}
    />
  ),
  Code: (n, r) => (
    <code
      style={{
        fontFamily: token('font.family.code', 'monospace'),
        background: token('color.background.neutral', '#091E420F'),
        borderRadius: 3,
        padding: '0 4px',
        fontSize: '0.875em',
      }}
    >
      {r.children(n)}
    </code>
  ),
  CodeBlock: (n) => (
    <pre
      style={{
        fontFamily: token('font.family.code', 'monospace'),
        background: token('color.background.neutral', '#091E420F'),
        borderRadius: 3,
        padding: 8,
        overflowX: 'auto',
      }}
    >
      <code>{String(n.props.text ?? '')}</code>
    </pre>
  ),
  EmptyState: (n, r) => (
    <div
      style={{
        textAlign: 'center',
        padding: `${token('space.400', '32px')} ${token('space.200', '16px')}`,
        maxWidth: n.props.width === 'narrow' ? 304 : 464,
        margin: '0 auto',
      }}
    >
      <Heading size="medium">{String(n.props.header ?? '')}</Heading>
      {n.props.description !== undefined ? (
        <p style={{ color: token('color.text.subtle', '#44546F') }}>
          {r.prop(n.props.description, 'description')}
        </p>
      ) : null}
      <div style={{ display: 'inline-flex', gap: 8 }}>
        {n.props.primaryAction !== undefined
          ? r.prop(n.props.primaryAction, 'primaryAction')
          : null}
        {n.props.secondaryAction !== undefined
          ? r.prop(n.props.secondaryAction, 'secondaryAction')
          : null}
      </div>
      {n.props.tertiaryAction !== undefined ? (
        <div style={{ marginTop: 8 }}>{r.prop(n.props.tertiaryAction, 'tertiaryAction')}</div>
      ) : null}
    </div>
  ),
  Tabs: (n, r) => {
    const Ak = loose(Tabs);
    return (
      <Ak
        {...omit(n.props, 'onChange')}
        id={n.props.id ?? 'tabs'}
        onChange={(i: number) => call(n.props.onChange, i)}
      >
        {r.children(n)}
      </Ak>
    );
  },
  TabList: (n, r) => <TabList>{r.children(n)}</TabList>,
  Tab: (n, r) => <Tab>{r.children(n)}</Tab>,
  TabPanel: (n, r) => <TabPanel>{<div style={{ width: '100%' }}>{r.children(n)}</div>}</TabPanel>,
  Popup: (n, r) => <PopupView node={n} r={r} />,
  List: (n, r) =>
    n.props.type === 'ordered' ? (
      <ol style={{ margin: 0, paddingInlineStart: 24 }}>{r.children(n)}</ol>
    ) : (
      <ul style={{ margin: 0, paddingInlineStart: 24 }}>{r.children(n)}</ul>
    ),
  ListItem: (n, r) => <li>{r.children(n)}</li>,
  Pressable: (n, r) => (
    <button
      type="button"
      disabled={Boolean(n.props.isDisabled)}
      onClick={() => call(n.props.onClick)}
      style={{
        border: 'none',
        background: 'transparent',
        padding: 0,
        cursor: 'pointer',
        font: 'inherit',
        textAlign: 'start',
        ...boxPropsToStyle(n.props),
        ...xcssToStyle(n.props.xcss),
      }}
    >
      {r.children(n)}
    </button>
  ),
};

export function renderUnsupported(name: string): ReactNode {
  return <Unsupported name={name} />;
}

export { nodeToDocs };
