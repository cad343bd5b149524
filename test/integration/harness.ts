// Shared set-up of the integration tests: the REAL handler (src/index) invoked through the Forge
// stand-in, against the REAL simulator over HTTP.
import {
  DEMO_USERS,
  ForgeHost,
  type ExtensionType,
  type InvocationContext,
} from '../../sandbox/forge-host';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../sandbox/crm-simulator';
import type { Defs, FunctionKey, Result } from '../../src/shared/contract';
import { simulatorListFields } from '../setup/list-fields';
import { hostWithCrm } from '../setup/crm-host';

export { DEMO_USERS };
export type DemoUserName = keyof typeof DEMO_USERS;

export const PANEL = 'atlas-crm-issue-panel';
export const CONTEXT = 'atlas-crm-issue-context';
export const ADMIN_PAGE = 'atlas-crm-admin-page';

export const ISSUES = {
  'SUP-1': '10001',
  'SUP-2': '10002',
  'SUP-3': '10003',
  'SUP-4': '10004',
  'SUP-5': '10005',
  'SUP-6': '10006',
  /** Legal Requests: the app's user may browse, not edit (DEMO_PROJECT_GRANTS). */
  'LEG-1': '10000',
} as const;
export type IssueKey = keyof typeof ISSUES;

type PayloadOf<K extends FunctionKey> =
  Parameters<Defs[K]> extends [] ? undefined : Parameters<Defs[K]>[0];
type DataOf<K extends FunctionKey> = ReturnType<Defs[K]> extends Result<infer T> ? T : never;

type Handler = (payload: unknown, runtime?: Record<string, unknown>) => Promise<unknown>;

export interface Harness {
  sim: RunningSimulator;
  host: ForgeHost;
  handler: Handler;
  /** Every result any invoke returned, for the secret scan. */
  results: unknown[];
  invoke<K extends FunctionKey>(
    key: K,
    payload: PayloadOf<K> | Record<string, unknown> | undefined,
    as?: { user?: DemoUserName | string; module?: string; issue?: IssueKey },
  ): Promise<Result<DataOf<K>>>;
  ok<K extends FunctionKey>(
    key: K,
    payload: PayloadOf<K> | Record<string, unknown> | undefined,
    as?: { user?: DemoUserName | string; module?: string; issue?: IssueKey },
  ): Promise<DataOf<K>>;
  configure(): Promise<void>;
  close(): Promise<void>;
}

function extensionType(moduleKey: string): ExtensionType {
  if (moduleKey === ADMIN_PAGE) return 'jira:adminPage';
  if (moduleKey === CONTEXT) return 'jira:issueContext';
  return 'jira:issuePanel';
}

export async function startHarness(simOpts: SimulatorOptions = {}): Promise<Harness> {
  const sim = await startSimulator({ port: 0, listFields: simulatorListFields(), ...simOpts });
  const host = hostWithCrm(sim.baseUrl);
  host.install();
  const { handler } = (await import('../../src/index')) as { handler: Handler };
  const results: unknown[] = [];

  const invoke: Harness['invoke'] = async (key, payload, as = {}) => {
    const user = as.user ?? 'agent';
    const accountId = user in DEMO_USERS ? DEMO_USERS[user as DemoUserName].accountId : user;
    const moduleKey = as.module ?? (key.startsWith('admin/') ? ADMIN_PAGE : PANEL);
    const type = extensionType(moduleKey);
    const issueKey = as.issue ?? 'SUP-1';
    const ctx: InvocationContext = {
      accountId,
      moduleKey,
      extensionType: type,
      ...(type === 'jira:adminPage' ? {} : { issue: { id: ISSUES[issueKey], key: issueKey } }),
    };
    const result = await host.invoke(handler, key, payload, ctx);
    results.push(result);
    return result as Result<never>;
  };

  const ok: Harness['ok'] = async (key, payload, as) => {
    const r = await invoke(key, payload, as);
    if (!r.ok) throw new Error(`${key} failed: ${JSON.stringify(r.error)}`);
    return r.data;
  };

  return {
    sim,
    host,
    handler,
    results,
    invoke,
    ok,
    configure: async () => {
      await ok(
        'admin/credentials/save',
        { clientId: sim.clientId, clientSecret: sim.clientSecret },
        { user: 'admin' },
      );
    },
    close: async () => {
      host.uninstall();
      await sim.close();
    },
  };
}

/** The link record exactly as stored on the issue (what JQL indexes). */
export interface StoredRecord {
  v: number;
  count: number;
  companyNames: string[];
  contactNames: string[];
  saleNames: string[];
  entityIds: string[];
  links: { i: string; t: string; n: string; d?: number }[];
}

export function storedRecord(h: Harness, issue: IssueKey = 'SUP-1'): StoredRecord | undefined {
  return h.host.jira.getProperty(ISSUES[issue], 'atlas-crm-links') as StoredRecord | undefined;
}

/** KVS as stored (secrets included: it is the sandbox's store). */
export function kvsDump(h: Harness): {
  values: Record<string, { value: unknown }>;
  secrets: Record<string, { value: unknown }>;
} {
  return h.host.kvs.snapshot();
}

/** Atlas CRM changes still waiting in link records' outboxes, as `issueId:entityId`. */
export function pendingChanges(h: Harness): string[] {
  return h.host.kvs.entityKeys('issue-links').flatMap((issueId) => {
    const stored = h.host.kvs.peekEntity('issue-links', issueId) as
      { outbox?: { i: string }[] } | undefined;
    return (stored?.outbox ?? []).map((entry) => `${issueId}:${entry.i}`);
  });
}

export function cachedAccessToken(h: Harness): string | undefined {
  const entry = kvsDump(h).secrets['crm:access-token'];
  return (entry?.value as { accessToken?: string } | undefined)?.accessToken;
}

/** Ids of real entities of the simulator's demo data, found through the app's own search. */
export async function entityIds(
  h: Harness,
  type: 'company' | 'contact' | 'sale',
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  while (ids.length < count) {
    const page = await h.ok(
      'entities/search',
      { type, pageSize: 100, ...(cursor ? { cursor } : {}) },
      { user: 'admin', issue: 'SUP-6' },
    );
    ids.push(...page.items.map((i) => i.id));
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return ids.slice(0, count);
}
