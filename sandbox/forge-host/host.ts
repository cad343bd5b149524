// ForgeHost: installs the in-memory platform edges into this process and runs invocations:
// resolver calls from the UI, and product events delivered to the app's triggers.
import path from 'node:path';
import { currentInvocation, invocationStorage, type InvocationContext } from './context';
import {
  EgressGuard,
  activateEgress,
  backendEgressFromManifest,
  deactivateEgress,
  installEgressGate,
} from './egress';
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
import { InMemoryJira, appFieldsFromManifest } from './jira';
import { InMemoryKvs, entitiesFromManifest } from './kvs';
import { EventDelivery, type TriggerRun } from './events';
import { loadTriggerHandler } from './triggers';
import { InMemoryPrivacy, personalDataScopeGranted } from './privacy';
import { runScheduled, type ScheduledRun } from './scheduled';

export type { DeliveryOptions, TriggerRun } from './events';

export interface ForgeHostOptions {
  jira?: InMemoryJira;
  kvs?: InMemoryKvs;
  /** The personal data reporting API (privacy.ts); by default one that knows the manifest's scopes. */
  privacy?: InMemoryPrivacy;
  /**
   * Applied to process.env on install (e.g. ATLAS_CRM_BASE_URL; undefined unsets), restored on
   * uninstall.
   */
  env?: Record<string, string | undefined>;
  /** Overrides of the app / environment / installation ids the runtime reports. */
  app?: Partial<ForgeAppInfo>;
  /** Where the app's manifest.yml and src/ are, for triggers (default: this repository). */
  appDir?: string;
  /**
   * Local servers standing in for hosts the manifest lists under
   * permissions.external.fetch.backend, e.g. `{ 'https://atlascrm.avisi-apps.com':
   * 'http://127.0.0.1:4010' }`. Any other host stays refused inside invocations (egress.ts).
   */
  remotes?: Record<string, string>;
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
  readonly privacy: InMemoryPrivacy;
  readonly app: ForgeAppInfo;
  readonly appDir: string;
  /** The manifest's backend egress list and the remotes standing in for listed hosts. */
  readonly egress: EgressGuard;
  /** Product events on their way to the app's triggers (events.ts). */
  readonly events: EventDelivery;
  private readonly env: Record<string, string | undefined>;
  private readonly forgeFetch: ForgeFetch;
  private savedEnv: Record<string, string | undefined> | undefined;

  constructor(options: ForgeHostOptions = {}) {
    this.jira = options.jira ?? new InMemoryJira();
    this.appDir = options.appDir ?? REPO_ROOT;
    // The store accepts only the custom entities the app's manifest declares, as Forge does.
    this.kvs = options.kvs ?? new InMemoryKvs({ entities: entitiesFromManifest(this.appDir) });
    this.env = { ...(options.env ?? {}) };
    this.app = { ...DEFAULT_APP, ...(options.app ?? {}) };
    // Installing the app gives its jira:customField modules their ids on the site.
    this.jira.installApp(
      this.app.appId,
      this.app.environmentId,
      appFieldsFromManifest(this.appDir),
    );
    this.privacy =
      options.privacy ??
      new InMemoryPrivacy({ scopeGranted: personalDataScopeGranted(this.appDir) });
    this.forgeFetch = createForgeFetch({ jira: this.jira, kvs: this.kvs, privacy: this.privacy });
    this.egress = new EgressGuard({
      allowList: backendEgressFromManifest(this.appDir),
      ...(options.remotes ? { remotes: options.remotes } : {}),
    });
    this.events = new EventDelivery(
      this.appDir,
      async (trigger, event) =>
        runTrigger(
          this.app,
          this.jira,
          await loadTriggerHandler(this.appDir, trigger.handler),
          trigger.functionKey,
          trigger.key,
          event,
        ),
      (error) => error instanceof InvocationTimeoutError,
    );
  }

  /** The __forge_fetch__ function of this host (also usable without installing it). */
  get fetch(): ForgeFetch {
    return this.forgeFetch;
  }

  /**
   * Sets global.__forge_fetch__ and global.__forge_runtime__ (a getter answering the running
   * invocation's runtime, undefined outside one), puts this host's egress rules on
   * globalThis.fetch and applies `env`. Idempotent; a later install of another host takes over.
   */
  install(): void {
    const g = globalThis as ForgeGlobals;
    g.__forge_fetch__ = this.forgeFetch;
    installEgressGate();
    activateEgress(this.egress);
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
    for (const [key, value] of Object.entries(this.env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }

  /** Removes what install() set, if this host is still the installed one. */
  uninstall(): void {
    this.events.cancel();
    const g = globalThis as ForgeGlobals;
    if (g.__forge_fetch__ === this.forgeFetch) {
      delete g.__forge_fetch__;
      delete g.__forge_runtime__;
    }
    deactivateEgress(this.egress);
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
   * Delivers a product event (e.g. `avi:jira:created:issue`) as `events.deliver` does and
   * resolves with its runs once they and their redeliveries ended. A failing trigger is reported,
   * never thrown, as Forge only logs it. Call after install(): handlers read the platform globals.
   */
  fireEvent(eventType: string, event: unknown): Promise<TriggerRun[]> {
    return this.events.deliver(eventType, event);
  }

  /** Runs the manifest's scheduled trigger `key` once, now (scheduled.ts). Call after install(). */
  runScheduledTrigger(key: string, options: { timeoutMs?: number } = {}): Promise<ScheduledRun> {
    return runScheduled(this, key, options);
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
