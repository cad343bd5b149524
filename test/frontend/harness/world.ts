// The backend a rendered UI talks to: the REAL resolver handler (src/index) run by the Forge
// stand-in (sandbox/forge-host), calling the REAL Atlas CRM simulator over HTTP.
import {
  DEMO_USERS,
  ForgeHost,
  type ExtensionType,
  type InvocationContext,
} from '../../../sandbox/forge-host';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../../sandbox/crm-simulator';
import type { Defs, FunctionKey, Result } from '../../../src/shared/contract';
import { hostWithCrm } from '../../setup/crm-host';

export type UserName = keyof typeof DEMO_USERS;
export type ModuleName = 'issue-panel' | 'issue-context' | 'admin' | 'dashboard-gadget';

/** Modules whose context names no issue. */
export const NO_ISSUE: readonly ModuleName[] = ['admin', 'dashboard-gadget'];

export const MODULES: Record<ModuleName, { moduleKey: string; extensionType: ExtensionType }> = {
  'issue-panel': { moduleKey: 'atlas-crm-issue-panel', extensionType: 'jira:issuePanel' },
  'issue-context': { moduleKey: 'atlas-crm-issue-context', extensionType: 'jira:issueContext' },
  admin: { moduleKey: 'atlas-crm-admin-page', extensionType: 'jira:adminPage' },
  'dashboard-gadget': {
    moduleKey: 'atlas-crm-open-by-customer',
    extensionType: 'jira:dashboardGadget',
  },
};

/** Issue ids of the stand-in's demo issues SUP-1..SUP-6, and LEG-1 (the app may not edit it). */
export const ISSUE_IDS: Record<string, string> = {
  'SUP-1': '10001',
  'SUP-2': '10002',
  'SUP-3': '10003',
  'SUP-4': '10004',
  'SUP-5': '10005',
  'SUP-6': '10006',
  'LEG-1': '10000',
};

export type Handler = Parameters<ForgeHost['invoke']>[0];
type DataOf<K extends FunctionKey> = ReturnType<Defs[K]> extends Result<infer T> ? T : never;

export interface Caller {
  user: UserName;
  module: ModuleName;
  issueKey?: string;
}

export interface World {
  sim: RunningSimulator;
  host: ForgeHost;
  handler: Handler;
  invocationContext(caller: Caller): InvocationContext;
  /** A resolver call outside any UI (test set-up, e.g. linking records before the panel opens). */
  call<K extends FunctionKey>(
    key: K,
    payload: unknown,
    caller?: Partial<Caller>,
  ): Promise<DataOf<K>>;
  /** Saves the simulator's credentials as the admin, through the real admin resolver. */
  configure(): Promise<void>;
  close(): Promise<void>;
}

export async function startWorld(simOptions: SimulatorOptions = {}): Promise<World> {
  const sim = await startSimulator({ port: 0, ...simOptions });
  const host = hostWithCrm(sim.baseUrl);
  host.install();
  const { handler } = (await import('../../../src/index')) as unknown as { handler: Handler };

  const invocationContext = ({ user, module, issueKey = 'SUP-1' }: Caller): InvocationContext => {
    const { moduleKey, extensionType } = MODULES[module];
    const issueId = ISSUE_IDS[issueKey];
    if (!issueId) throw new Error(`unknown demo issue ${issueKey}`);
    return {
      accountId: DEMO_USERS[user].accountId,
      moduleKey,
      extensionType,
      ...(NO_ISSUE.includes(module) ? {} : { issue: { id: issueId, key: issueKey } }),
    };
  };

  const call: World['call'] = async (key, payload, caller = {}) => {
    const ctx = invocationContext({
      user: caller.user ?? (key.startsWith('admin/') ? 'admin' : 'agent'),
      module: caller.module ?? (key.startsWith('admin/') ? 'admin' : 'issue-panel'),
      issueKey: caller.issueKey,
    });
    const result = (await host.invoke(handler, key, payload, ctx)) as Result<never>;
    if (!result.ok) throw new Error(`${key} failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };

  return {
    sim,
    host,
    handler,
    invocationContext,
    call,
    configure: async () => {
      await call('admin/credentials/save', {
        clientId: sim.clientId,
        clientSecret: sim.clientSecret,
      });
    },
    close: async () => {
      host.uninstall();
      await sim.close();
    },
  };
}

/**
 * One world for the calling test file: started before its tests (credentials saved, unless
 * `configured: false`) and closed after them. The getter returns it inside tests and hooks.
 */
export function useWorld({ configured = true }: { configured?: boolean } = {}): () => World {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld();
    if (configured) await world.configure();
  });
  afterAll(async () => world?.close());
  return () => {
    if (!world) throw new Error('The test world is not running: use it inside tests or hooks.');
    return world;
  };
}
