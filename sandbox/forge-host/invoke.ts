// Builds what Forge hands a resolver function when the frontend calls invoke(), and runs the
// handler inside the invocation's AsyncLocalStorage scope so asUser() knows who is calling.
// Shapes follow @forge/resolver 2.0.1 getDefinitions(): first argument { call, context }, second
// argument the "backend runtime payload" it reads principal.accountId, installContext, license and
// installation from.
import { randomUUID } from 'node:crypto';
import { invocationStorage, type InvocationContext, type InvocationScope } from './context';
import type { InMemoryJira } from './jira';

export interface ForgeAppInfo {
  appId: string;
  appVersion: string;
  environmentId: string;
  environmentType: 'DEVELOPMENT' | 'STAGING' | 'PRODUCTION';
  installationId: string;
  /** Time limit of one invocation (Forge: 25 s for UI-invoked functions). */
  timeoutMs: number;
}

export const DEFAULT_APP: ForgeAppInfo = {
  appId: '00000000-0000-4000-8000-000000000000',
  appVersion: '1.0.0',
  environmentId: 'e2b7c4d1-6a3f-4f8e-9b2d-5c1a7e9f3d60',
  environmentType: 'DEVELOPMENT',
  installationId: 'a4c9e2f1-3b7d-4e6a-8f1c-2d5b9e7a0c34',
  timeoutMs: 25_000,
};

/** First argument Forge passes a resolver function (what @forge/resolver's getDefinitions() reads). */
export interface ForgeInvokeRequest {
  call: { functionKey: string; payload?: unknown; jobId?: string };
  context: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/**
 * A resolver function handler, e.g. `makeResolver<Defs>({...})` or `new Resolver().getDefinitions()`
 * (the type @forge/resolver calls DefinitionsHandler).
 */
export type ResolverHandler = (
  request: ForgeInvokeRequest,
  runtime: Record<string, any>, // eslint-disable-line @typescript-eslint/no-explicit-any
) => Promise<unknown>;

export interface BuiltInvocation {
  /** First argument: `{ call: { functionKey, payload, jobId? }, context }`. */
  request: ForgeInvokeRequest;
  /** Second argument: `{ principal, installContext, installation, license }`. */
  runtimePayload: Record<string, unknown>;
  scope: InvocationScope;
}

/** Forge passes payloads and results as JSON; undefined stays undefined. */
export function jsonRoundTrip<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function extensionFor(ctx: InvocationContext, jira: InMemoryJira): Record<string, unknown> {
  if (ctx.extensionType === 'jira:adminPage') return { type: 'jira:adminPage' };
  // A dashboard gadget's context names its dashboard and gadget, never an issue.
  if (ctx.extensionType === 'jira:dashboardGadget')
    return { type: ctx.extensionType, dashboard: { id: '10000' }, gadget: { id: '10001' } };
  if (!ctx.issue) throw new Error(`${ctx.extensionType} invocations need an issue`);
  const ref = jira.issueRef(ctx.issue.id) ?? jira.issueRef(ctx.issue.key);
  const projectKey = ctx.issue.key.split('-')[0] ?? '';
  return {
    type: ctx.extensionType,
    issue: {
      id: ctx.issue.id,
      key: ctx.issue.key,
      type: ref?.issueType ?? 'Task',
      typeId: '10001',
    },
    project: ref
      ? { id: ref.project.id, key: ref.project.key, type: ref.project.projectTypeKey }
      : { id: undefined, key: projectKey, type: 'software' },
    isNewToIssue: false,
  };
}

/** What `global.__forge_runtime__` reads as during one invocation; no aaid when nobody invoked. */
function invocationRuntime(
  app: ForgeAppInfo,
  cloudId: string,
  accountId: string | undefined,
  moduleKey: string,
  invocationId: string,
): Record<string, unknown> {
  const deadline = Date.now() + app.timeoutMs;
  const noopTimer = { stop: () => undefined };
  return {
    aaid: accountId,
    appContext: {
      appId: app.appId,
      appVersion: app.appVersion,
      environmentId: app.environmentId,
      environmentType: app.environmentType,
      invocationId,
      installationId: app.installationId,
      moduleKey,
      license: undefined,
      installation: installationOf(app, cloudId),
    },
    lambdaContext: { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) },
    metrics: {
      counter: () => ({ incr: () => undefined, decr: () => undefined }),
      timing: () => ({ measure: () => noopTimer }),
      gauge: () => ({ set: () => undefined }),
    },
    tracing: {
      traceId: invocationId.replace(/-/g, '').slice(0, 16),
      spanId: invocationId.slice(0, 8),
    },
    container: { appCodeDir: process.cwd() },
    // No `kvs` or `proxy` keys: @forge/kvs then talks to __forge_fetch__ with { type: 'kvs', provider: 'app' }.
  };
}

function installationOf(app: ForgeAppInfo, cloudId: string): Record<string, unknown> {
  return { ari: { installationId: app.installationId }, contexts: [{ cloudId }] };
}

export function buildInvocation(
  app: ForgeAppInfo,
  jira: InMemoryJira,
  functionKey: string,
  payload: unknown,
  ctx: InvocationContext,
): BuiltInvocation {
  const { cloudId, siteUrl } = jira.site;
  const invocationId = randomUUID();
  const installContext = `ari:cloud:jira::site/${cloudId}`;
  const installation = installationOf(app, cloudId);
  const runtime = invocationRuntime(app, cloudId, ctx.accountId, ctx.moduleKey, invocationId);
  return {
    request: {
      call: { functionKey, payload: jsonRoundTrip(payload) },
      context: {
        localId: `ari:cloud:ecosystem::extension/${app.appId}/${app.environmentId}/static/${ctx.moduleKey}`,
        cloudId,
        moduleKey: ctx.moduleKey,
        siteUrl,
        environmentType: app.environmentType,
        environmentId: app.environmentId,
        extension: extensionFor(ctx, jira),
        timezone: 'UTC',
        locale: 'en_US',
      },
    },
    runtimePayload: {
      principal: { accountId: ctx.accountId },
      installContext,
      installation: jsonRoundTrip(installation),
      license: undefined,
    },
    scope: { accountId: ctx.accountId, invocationId, moduleKey: ctx.moduleKey, runtime },
  };
}

/** What Forge answers invoke() with when the function outlives its time limit. */
export class InvocationTimeoutError extends Error {
  constructor(
    readonly functionKey: string,
    readonly timeoutMs: number,
  ) {
    super(`Function '${functionKey}' timed out after ${timeoutMs / 1000} seconds`);
    this.name = 'InvocationTimeoutError';
  }
}

/**
 * Runs a resolver handler as Forge would for one invoke() from the frontend, ended at the app's
 * time limit as Forge ends it: the caller gets the platform error, not the late answer, and the
 * abandoned work can no longer reach Jira or KVS (Forge freezes the function).
 */
export async function runInvocation(
  app: ForgeAppInfo,
  jira: InMemoryJira,
  handler: ResolverHandler,
  functionKey: string,
  payload: unknown,
  ctx: InvocationContext,
): Promise<unknown> {
  const built = buildInvocation(app, jira, functionKey, payload, ctx);
  let timer: NodeJS.Timeout | undefined;
  const cutOff = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      built.scope.ended = true;
      reject(new InvocationTimeoutError(functionKey, app.timeoutMs));
    }, app.timeoutMs);
  });
  try {
    const work = invocationStorage.run(built.scope, () =>
      handler(built.request, built.runtimePayload),
    );
    // The abandoned work may still fail later: that is no longer anyone's answer.
    work.catch(() => undefined);
    return jsonRoundTrip(await Promise.race([work, cutOff]));
  } finally {
    clearTimeout(timer);
  }
}

/** A trigger function as Forge calls it: the event, then a context with no user in it. */
export type TriggerHandler = (event: unknown, context: Record<string, unknown>) => unknown;

/**
 * Runs a product-event trigger handler as Forge does: no user (the runtime has no aaid, so
 * asUser() fails and only asApp() reaches Jira), the event as JSON, `{ installContext,
 * installation }` as the second argument, and the app's time limit enforced as for invoke().
 * Answers what the handler returned (an InvocationError asks for a redelivery), as JSON.
 */
export async function runTrigger(
  app: ForgeAppInfo,
  jira: InMemoryJira,
  handler: TriggerHandler,
  functionKey: string,
  moduleKey: string,
  event: unknown,
): Promise<unknown> {
  const { cloudId } = jira.site;
  const invocationId = randomUUID();
  // '' as the account: __forge_fetch__ then refuses asUser() as the platform does without a user.
  const scope: InvocationScope = {
    accountId: '',
    invocationId,
    moduleKey,
    runtime: invocationRuntime(app, cloudId, undefined, moduleKey, invocationId),
  };
  const context = {
    installContext: `ari:cloud:jira::site/${cloudId}`,
    installation: installationOf(app, cloudId),
  };
  let timer: NodeJS.Timeout | undefined;
  const cutOff = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      scope.ended = true;
      reject(new InvocationTimeoutError(functionKey, app.timeoutMs));
    }, app.timeoutMs);
  });
  try {
    const work = invocationStorage.run(scope, async () => handler(jsonRoundTrip(event), context));
    work.catch(() => undefined);
    return jsonRoundTrip(await Promise.race([work, cutOff]));
  } finally {
    clearTimeout(timer);
  }
}
