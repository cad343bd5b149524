// ForgeHost: installs the in-memory platform edges into this process and runs invocations:
// resolver calls from the UI, and product events delivered to the app's triggers.
import path from 'node:path';
import { currentInvocation, invocationStorage, type InvocationContext } from './context';
import { createForgeFetch, type ForgeFetch } from './fetch';
import {
  DEFAULT_APP,
  InvocationTimeoutError,
  buildInvocation,
  runInvocation,
  runTrigger,
  type ForgeAppInfo,
  type ResolverHandler,
} from './invoke';
import { InMemoryJira } from './jira';
import { InMemoryKvs, entitiesFromManifest } from './kvs';
import { loadTriggerHandler, triggersFor } from './triggers';

export interface ForgeHostOptions {
  jira?: InMemoryJira;
  kvs?: InMemoryKvs;
  /** Applied to process.env on install (e.g. ATLAS_CRM_BASE_URL), restored on uninstall. */
  env?: Record<string, string>;
  /** Overrides of the app / environment / installation ids the runtime reports. */
  app?: Partial<ForgeAppInfo>;
  /** Where the app's manifest.yml and src/ are, for triggers (default: this repository). */
  appDir?: string;
}

/** How one trigger took an event. */
export interface TriggerRun {
  triggerKey: string;
  functionKey: string;
  outcome: 'ok' | 'failed' | 'timed out';
  /** Why it failed, for the sandbox log. */
  error?: string;
  ms: number;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');

type ForgeGlobals = typeof globalThis & {
  __forge_fetch__?: ForgeFetch;
  __forge_runtime__?: unknown;
};

const RUNTIME_KEY = '__forge_runtime__';

export class ForgeHost {
  readonly jira: InMemoryJira;
  readonly kvs: InMemoryKvs;
  readonly app: ForgeAppInfo;
  readonly appDir: string;
  private readonly env: Record<string, string>;
  private readonly forgeFetch: ForgeFetch;
  private savedEnv: Record<string, string | undefined> | undefined;

  constructor(options: ForgeHostOptions = {}) {
    this.jira = options.jira ?? new InMemoryJira();
    this.appDir = options.appDir ?? REPO_ROOT;
    // The store accepts only the custom entities the app's manifest declares, as Forge does.
    this.kvs = options.kvs ?? new InMemoryKvs({ entities: entitiesFromManifest(this.appDir) });
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
   * Delivers a product event (e.g. `avi:jira:created:issue`) to every trigger of the app's
   * manifest subscribed to it, each in its own invocation with no user, ended at the time limit.
   * Resolves when all have finished; a failing trigger is reported, never thrown, as Forge only
   * logs it. Call after install(): handlers look up the platform globals on import.
   */
  async fireEvent(eventType: string, event: unknown): Promise<TriggerRun[]> {
    const runs: TriggerRun[] = [];
    for (const trigger of triggersFor(this.appDir, eventType)) {
      const started = Date.now();
      const run = (outcome: TriggerRun['outcome'], error?: unknown): TriggerRun => ({
        triggerKey: trigger.key,
        functionKey: trigger.functionKey,
        outcome,
        ...(error !== undefined
          ? { error: error instanceof Error ? error.message : String(error) }
          : {}),
        ms: Date.now() - started,
      });
      try {
        const handler = await loadTriggerHandler(this.appDir, trigger.handler);
        await runTrigger(this.app, this.jira, handler, trigger.functionKey, trigger.key, event);
        runs.push(run('ok'));
      } catch (error) {
        runs.push(run(error instanceof InvocationTimeoutError ? 'timed out' : 'failed', error));
      }
    }
    return runs;
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
