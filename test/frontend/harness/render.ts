// Renders a REAL UI Kit entry (src/frontend/<module>/index.tsx) with @forge/react's reconciler,
// as the Jira page would host it: context from the bridge, every invoke to the real handler.
import '../../setup/ui-bridge';
import path from 'node:path';
import { DEMO_USERS } from '../../../sandbox/forge-host';
import { setBridgeHandlers } from '../../setup/ui-bridge';
import {
  allByText,
  allByType,
  buttons,
  controls,
  describe as describeDoc,
  isForgeNode,
  textOf,
  type ForgeNode,
} from './forge-doc';
import { ISSUE_IDS, MODULES, NO_ISSUE, type ModuleName, type UserName, type World } from './world';

export interface InvokeRecord {
  functionKey: string;
  payload: unknown;
  result?: unknown;
  done: boolean;
}

export interface Snapshot {
  text: string;
  /** How many invokes the app had made when this commit was sent. */
  invokes: number;
}

export interface RenderOptions {
  user?: UserName;
  issueKey?: string;
  /** Replace what an invoke answers (e.g. a bridge failure); default: the real handler. */
  invokeOverride?: (functionKey: string, payload: unknown) => Promise<unknown> | undefined;
  /** More of the module's context `extension` (a gadget's configuration, its entry point). */
  extension?: Record<string, unknown>;
  /** The module makes no resolver call at first (a gadget's edit view): do not wait for one. */
  noCall?: true;
}

const SRC = path.resolve(__dirname, '../../../src/frontend');
const POLL_MS = 10;

export class Screen {
  root?: ForgeNode;
  readonly invokes: InvokeRecord[] = [];
  readonly snapshots: Snapshot[] = [];
  readonly hostCalls: { cmd: string; data: unknown }[] = [];
  readonly errors: unknown[] = [];
  /** Subscriptions made with `events.on` (the page's event bus between modules). */
  readonly listeners = new Map<string, Set<(payload: unknown) => unknown>>();
  private lastCommit = 0;

  constructor(readonly module: ModuleName) {}

  get doc(): ForgeNode {
    if (!this.root) throw new Error('nothing rendered yet');
    return this.root;
  }

  text(): string {
    return this.root ? textOf(this.root) : '';
  }

  dump(): string {
    return this.root ? describeDoc(this.root) : '(nothing rendered)';
  }

  invokesOf(functionKey: string): InvokeRecord[] {
    return this.invokes.filter((i) => i.functionKey === functionKey);
  }

  /** Events this app sent with `events.emit`, in order. */
  emitted(event?: string): { event: string; payload: unknown }[] {
    return this.hostCalls
      .filter((c) => c.cmd === 'emit')
      .map((c) => c.data as { event: string; payload: unknown })
      .filter((e) => event === undefined || e.event === event);
  }

  /** Another module of the page emits `event`: every subscriber of this app hears it. */
  hostEmit(event: string, payload?: unknown): void {
    for (const cb of this.listeners.get(event) ?? []) void cb(payload);
  }

  /** @internal */ commit(doc: ForgeNode): void {
    this.root ??= doc;
    if (doc !== this.root) return; // a commit of an app rendered by an earlier test
    this.lastCommit = Date.now();
    this.snapshots.push({ text: textOf(doc), invokes: this.invokes.length });
  }

  async waitFor<T>(
    probe: () => T | undefined | false | null,
    what = 'condition',
    timeoutMs = 8000,
  ): Promise<T> {
    const started = Date.now();
    let lastError: unknown;
    for (;;) {
      try {
        const value = probe();
        if (value !== undefined && value !== false && value !== null) return value;
      } catch (e) {
        lastError = e;
      }
      if (this.errors.length > 0)
        throw new Error(`the app reported an error: ${String(this.errors[0])}`);
      if (Date.now() - started > timeoutMs) {
        const reason = lastError instanceof Error ? ` (${lastError.message})` : '';
        throw new Error(`timed out waiting for ${what}${reason}\n--- screen ---\n${this.text()}`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }

  /** No invoke in flight and no commit for `quietMs`. */
  async settle(quietMs = 60): Promise<void> {
    await this.waitFor(
      () =>
        this.root && this.invokes.every((i) => i.done) && Date.now() - this.lastCommit >= quietMs,
      'the screen to settle',
    );
  }

  has(text: string | RegExp): boolean {
    return this.root !== undefined && allByText(this.root, text).length > 0;
  }

  findByText(text: string | RegExp): Promise<ForgeNode> {
    return this.waitFor(() => this.root && allByText(this.root, text)[0], `text ${String(text)}`);
  }

  getByText(text: string | RegExp): ForgeNode {
    const hit = this.root && allByText(this.root, text)[0];
    if (!hit)
      throw new Error(`no element with text ${String(text)}\n--- screen ---\n${this.text()}`);
    return hit;
  }

  allByType(...types: string[]): ForgeNode[] {
    return this.root ? allByType(this.root, ...types) : [];
  }

  buttons(label?: string | RegExp, within?: ForgeNode): ForgeNode[] {
    const scope = within ?? this.root;
    return scope ? buttons(scope, label) : [];
  }

  getButton(label: string | RegExp, within?: ForgeNode): ForgeNode {
    const found = this.buttons(label, within);
    if (found.length === 0)
      throw new Error(`no button ${String(label)}\n--- screen ---\n${this.text()}`);
    return found[0] as ForgeNode;
  }

  findButton(label: string | RegExp): Promise<ForgeNode> {
    return this.waitFor(() => this.buttons(label)[0], `button ${String(label)}`);
  }

  getControl(id: string): ForgeNode {
    const found = this.root ? controls(this.root, id) : [];
    if (found.length === 0) throw new Error(`no control ${id}\n--- screen ---\n${this.text()}`);
    return found[0] as ForgeNode;
  }

  findControl(id: string): Promise<ForgeNode> {
    return this.waitFor(
      () => (this.root ? controls(this.root, id)[0] : undefined),
      `control ${id}`,
    );
  }

  /** A click as the host sends it: the element's onClick. */
  click(node: ForgeNode): void {
    if (node.props.isDisabled === true) throw new Error(`button "${textOf(node)}" is disabled`);
    const onClick = node.props.onClick;
    if (typeof onClick !== 'function')
      throw new Error(`<${node.type}> "${textOf(node)}" has no onClick`);
    onClick({ type: 'click' });
  }

  /** Typing: Textfield and TextArea send a serialisable event with target.value. */
  type(node: ForgeNode, value: string): void {
    const onChange = node.props.onChange;
    if (typeof onChange !== 'function') throw new Error(`<${node.type}> has no onChange`);
    onChange({ type: 'change', target: { value } });
  }

  /** Choosing options of a Select: onChange gets the option (or the list of options when isMulti). */
  select(node: ForgeNode, ...labels: string[]): void {
    const options = (node.props.options ?? []) as { label: string; value: unknown }[];
    const chosen = labels.map((label) => {
      const option = options.find((o) => o.label === label);
      if (!option)
        throw new Error(`no option "${label}" in ${options.map((o) => o.label).join(', ')}`);
      return option;
    });
    const onChange = node.props.onChange as (v: unknown) => void;
    onChange(node.props.isMulti ? chosen : chosen[0]);
  }

  optionLabels(node: ForgeNode): string[] {
    return ((node.props.options ?? []) as { label: string }[]).map((o) => o.label);
  }

  /** DatePicker sends the ISO date string; Checkbox an event with target.checked. */
  change(node: ForgeNode, value: unknown): void {
    (node.props.onChange as (v: unknown) => void)(value);
  }
}

export async function render(
  world: World,
  module: ModuleName,
  opts: RenderOptions = {},
): Promise<Screen> {
  const user = opts.user ?? 'agent';
  const issueKey = opts.issueKey ?? 'SUP-1';
  const screen = new Screen(module);
  const ctx = world.invocationContext({ user, module, issueKey });
  const { moduleKey, extensionType } = MODULES[module];

  setBridgeHandlers({
    reconcile: (doc) => {
      if (isForgeNode(doc)) screen.commit(doc);
    },
    getContext: () => ({
      accountId: DEMO_USERS[user].accountId,
      cloudId: '3f1c2a9e-7b4d-4e21-9a6f-0c8d5e2b1a47',
      localId: `${moduleKey}-local`,
      locale: 'en-US',
      timezone: 'UTC',
      moduleKey,
      siteUrl: 'https://atlas-crm-demo.atlassian.net',
      environmentType: 'DEVELOPMENT',
      extension: {
        type: extensionType,
        ...opts.extension,
        ...(NO_ISSUE.includes(module)
          ? {}
          : {
              issue: { id: ISSUE_IDS[issueKey], key: issueKey, type: 'Task', typeId: '10001' },
              project: { id: '10000', key: 'SUP', type: 'service_desk' },
            }),
      },
    }),
    invoke: async ({ functionKey, payload }) => {
      const record: InvokeRecord = { functionKey, payload, done: false };
      screen.invokes.push(record);
      try {
        const override = opts.invokeOverride?.(functionKey, payload);
        record.result = await (override ??
          world.host.invoke(world.handler, functionKey, payload, ctx));
        return record.result;
      } finally {
        record.done = true;
      }
    },
    other: async (cmd, data) => {
      screen.hostCalls.push({ cmd, data });
      if (cmd === 'onError') screen.errors.push((data as { error?: unknown })?.error);
      if (cmd === 'on') {
        // events.on: an in-memory bus, as the page routes events between module iframes.
        const { event, callback } = data as {
          event: string;
          callback: (payload: unknown) => unknown;
        };
        const set = screen.listeners.get(event) ?? new Set();
        screen.listeners.set(event, set);
        set.add(callback);
        return { unsubscribe: () => set.delete(callback) };
      }
      // events.emit reaches the other modules of the page, not this one: recorded in hostCalls.
      return undefined;
    },
  });

  // A fresh module registry per render: its own React, reconciler root and app state, as each
  // Jira page load has.
  jest.isolateModules(() => {
    // isolateModules is synchronous: a dynamic import() would escape the isolated registry.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(SRC, module, 'index.tsx'));
  });
  await screen.waitFor(() => screen.root, 'the first commit');
  // Every module calls its resolver from an effect after the first commit; under load that effect
  // can run later than any quiet period, so wait for the call itself before settling.
  if (!opts.noCall)
    await screen.waitFor(() => screen.invokes.length > 0, 'the first resolver call');
  await screen.settle();
  return screen;
}
