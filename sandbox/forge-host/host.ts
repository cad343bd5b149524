// ForgeHost: installs the in-memory platform edges into this process and runs invocations.
import { currentInvocation, invocationStorage, type InvocationContext } from './context';
import { createForgeFetch, type ForgeFetch } from './fetch';
import {
  DEFAULT_APP,
  buildInvocation,
  runInvocation,
  type ForgeAppInfo,
  type ResolverHandler,
} from './invoke';
import { InMemoryJira } from './jira';
import { InMemoryKvs } from './kvs';

export interface ForgeHostOptions {
  jira?: InMemoryJira;
  kvs?: InMemoryKvs;
  /** Applied to process.env on install (e.g. ATLAS_CRM_BASE_URL), restored on uninstall. */
  env?: Record<string, string>;
  /** Overrides of the app / environment / installation ids the runtime reports. */
  app?: Partial<ForgeAppInfo>;
}

type ForgeGlobals = typeof globalThis & {
  __forge_fetch__?: ForgeFetch;
  __forge_runtime__?: unknown;
};

const RUNTIME_KEY = '__forge_runtime__';

export class ForgeHost {
  readonly jira: InMemoryJira;
  readonly kvs: InMemoryKvs;
  readonly app: ForgeAppInfo;
  private readonly env: Record<string, string>;
  private readonly forgeFetch: ForgeFetch;
  private savedEnv: Record<string, string | undefined> | undefined;

  constructor(options: ForgeHostOptions = {}) {
    this.jira = options.jira ?? new InMemoryJira();
    this.kvs = options.kvs ?? new InMemoryKvs();
    this.env = { ...(options.env ?? {}) };
    this.app = { ...DEFAULT_APP, ...(options.app ?? {}) };
    this.forgeFetch = createForgeFetch({ jira: this.jira, kvs: this.kvs });
  }

  /** The __forge_fetch__ function of this host (also usable without installing it). */
  get fetch(): ForgeFetch {
    return this.forgeFetch;
  }

  /**
   * Sets global.__forge_fetch__ and global.__forge_runtime__ (a getter answering the running
   * invocation's runtime, undefined outside one) and applies `env`. Idempotent; a later install
   * of another host takes over.
   */
  install(): void {
    const g = globalThis as ForgeGlobals;
    g.__forge_fetch__ = this.forgeFetch;
    const descriptor = Object.getOwnPropertyDescriptor(g, RUNTIME_KEY);
    if (!descriptor || descriptor.value !== undefined || !descriptor.get) {
      Object.defineProperty(g, RUNTIME_KEY, {
        configurable: true,
        enumerable: false,
        get: () => currentInvocation()?.runtime,
      });
    }
    if (!this.savedEnv) {
      this.savedEnv = {};
      for (const key of Object.keys(this.env)) this.savedEnv[key] = process.env[key];
    }
    Object.assign(process.env, this.env);
  }

  /** Removes what install() set, if this host is still the installed one. */
  uninstall(): void {
    const g = globalThis as ForgeGlobals;
    if (g.__forge_fetch__ === this.forgeFetch) {
      delete g.__forge_fetch__;
      delete g.__forge_runtime__;
    }
    if (this.savedEnv) {
      for (const [key, value] of Object.entries(this.savedEnv)) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
      this.savedEnv = undefined;
    }
  }

  /**
   * Runs a resolver handler (e.g. `makeResolver(...)` or `new Resolver().getDefinitions()`) as
   * Forge runs it for one frontend invoke(): Forge's two arguments, JSON round-trip of payload
   * and result, and asUser() answered as ctx.accountId for everything the handler awaits.
   */
  invoke(
    handler: ResolverHandler,
    functionKey: string,
    payload: unknown,
    ctx: InvocationContext,
  ): Promise<unknown> {
    return runInvocation(this.app, this.jira, handler, functionKey, payload, ctx);
  }

  /**
   * Runs any function inside an invocation scope for `accountId` (services called directly in
   * tests, scripts). The scope is that of an admin-page invocation unless ctx says otherwise.
   */
  runAs<T>(
    accountId: string,
    fn: () => Promise<T> | T,
    ctx: Partial<InvocationContext> = {},
  ): Promise<T> {
    const full: InvocationContext = {
      accountId,
      moduleKey: ctx.moduleKey ?? 'atlas-crm-admin-page',
      extensionType: ctx.extensionType ?? 'jira:adminPage',
      ...(ctx.issue ? { issue: ctx.issue } : {}),
    };
    const { scope } = buildInvocation(this.app, this.jira, 'runAs', undefined, full);
    return invocationStorage.run(scope, async () => fn());
  }

  counts(): {
    jira: number;
    kvs: number;
    jiraByPath: Record<string, number>;
    kvsByPath: Record<string, number>;
  } {
    const jira = this.jira.counts();
    const kvs = this.kvs.counts();
    return { jira: jira.total, kvs: kvs.total, jiraByPath: jira.byPath, kvsByPath: kvs.byPath };
  }

  resetCounts(): void {
    this.jira.resetCounts();
    this.kvs.resetCounts();
  }

  /** Everything a local sandbox needs to survive a restart. */
  snapshot(): {
    jira: ReturnType<InMemoryJira['snapshot']>;
    kvs: ReturnType<InMemoryKvs['snapshot']>;
  } {
    return { jira: this.jira.snapshot(), kvs: this.kvs.snapshot() };
  }

  restore(snapshot: ReturnType<ForgeHost['snapshot']>): void {
    this.jira.restore(snapshot.jira);
    this.kvs.restore(snapshot.kvs);
  }
}
