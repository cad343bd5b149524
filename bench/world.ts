// The bench's world: the simulator, the Forge stand-in with its Jira, and the REAL handler (loaded
// only after the fetch wrapper is in place, because @forge/api captures fetch when it loads).
import { ATLAS_CRM_ORIGIN, startSimulator, type RunningSimulator } from '../sandbox/crm-simulator';
import { DEMO_GROUPS, DEMO_USERS, ForgeHost, type ResolverHandler } from '../sandbox/forge-host';
import type { FunctionKey, Result } from '../src/shared/contract';
import { wrapForgeFetch, wrapGlobalFetch } from './instrument';

export const PANEL = 'atlas-crm-issue-panel';
export const CONTEXT = 'atlas-crm-issue-context';
export const ADMIN_PAGE = 'atlas-crm-admin-page';
export const ISSUE = { id: '10001', key: 'SUP-1' } as const;

export interface IssueRef {
  id: string;
  key: string;
}

export interface BenchWorld {
  sim: RunningSimulator;
  host: ForgeHost;
  call(
    key: FunctionKey,
    payload?: unknown,
    user?: keyof typeof DEMO_USERS,
    /** The bench issue unless named. */
    issue?: IssueRef,
  ): Promise<Result<unknown>>;
  ok<T>(
    key: FunctionKey,
    payload?: unknown,
    user?: keyof typeof DEMO_USERS,
    issue?: IssueRef,
  ): Promise<T>;
  /** Removes a KVS value or secret the way the platform would (a TTL ending, a cache cleared). */
  forget(key: string, secret?: boolean): void;
  close(): Promise<void>;
}

export async function startWorld(): Promise<BenchWorld> {
  wrapGlobalFetch();
  const sim = await startSimulator({ port: 0 });
  // The app keeps its deployed base URL; the stand-in maps that listed host to the simulator.
  const host = new ForgeHost({
    env: { ATLAS_CRM_BASE_URL: undefined },
    remotes: { [ATLAS_CRM_ORIGIN]: sim.baseUrl },
  });
  host.install();
  wrapForgeFetch();
  const { handler } = (await import('../src/index')) as unknown as { handler: ResolverHandler };

  const call: BenchWorld['call'] = async (key, payload, user = 'agent', issue = ISSUE) => {
    const admin = key.startsWith('admin/');
    // The issue context's own call comes from its own module, as in Jira.
    const context = key === 'context/summary';
    const result = await host.invoke(handler, key, payload, {
      accountId: DEMO_USERS[user].accountId,
      moduleKey: admin ? ADMIN_PAGE : context ? CONTEXT : PANEL,
      extensionType: admin ? 'jira:adminPage' : context ? 'jira:issueContext' : 'jira:issuePanel',
      ...(admin ? {} : { issue: { ...issue } }),
    });
    return result as Result<unknown>;
  };
  const ok = async <T>(
    key: FunctionKey,
    payload?: unknown,
    user?: keyof typeof DEMO_USERS,
    issue?: IssueRef,
  ) => {
    const r = await call(key, payload, user, issue);
    if (!r.ok) throw new Error(`${key} failed: ${JSON.stringify(r.error)}`);
    return r.data as T;
  };

  await ok(
    'admin/credentials/save',
    { clientId: sim.clientId, clientSecret: sim.clientSecret },
    'admin',
  );
  // A realistic installation limits the panel to a group: every call also checks membership.
  const support = DEMO_GROUPS.find((g) => g.name === 'support-team');
  if (support)
    await ok(
      'admin/policy/save',
      { groups: [{ groupId: support.groupId, name: support.name }] },
      'admin',
    );

  return {
    sim,
    host,
    call,
    ok,
    forget: (key, secret = false) => {
      host.kvs.handle(secret ? '/api/v1/secret/delete' : '/api/v1/delete', { key });
    },
    close: async () => {
      host.uninstall();
      await sim.close();
    },
  };
}
