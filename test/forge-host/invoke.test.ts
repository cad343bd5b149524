// invoke(): resolver handlers built with the REAL @forge/resolver receive what Forge gives them,
// asUser() inside follows the invoking user, and @forge/api's fetch is not __forge_fetch__ (its
// egress rules: egress.test.ts).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asUser, fetch as forgeFetch, getAppContext, route } from '@forge/api';
import { kvs } from '@forge/kvs';
import Resolver, { makeResolver } from '@forge/resolver';
import { DEMO_USERS, ForgeHost, type InvocationContext } from '../../sandbox/forge-host';

const { admin, agent, viewer } = DEMO_USERS;
const host = new ForgeHost({ env: { ATLAS_CRM_BASE_URL: 'http://127.0.0.1:9' } });

beforeAll(() => host.install());
afterAll(() => host.uninstall());

type Defs = {
  whoami: () => {
    accountId: string;
    moduleKey: string;
    issueKey?: string;
    extensionType: string;
    context: unknown;
  };
  echo: (p: { when: string; n: number }) => unknown;
  perms: () => { accountId: string; canEdit: boolean; isAdmin: boolean };
  remember: (p: { value: string }) => { stored: unknown };
};

const handler = makeResolver<Defs>({
  whoami: ({ context }) => ({
    accountId: context.accountId,
    moduleKey: context.moduleKey,
    issueKey: context.extension?.issue?.key,
    extensionType: context.extension?.type,
    context,
  }),
  echo: ({ payload }) => ({
    payload,
    at: new Date(Date.UTC(2025, 0, 2)),
    skip: undefined,
    fn: () => 1,
  }),
  perms: async ({ context }) => {
    const issueKey: string = context.extension.issue.key;
    // yield so that concurrent invocations interleave
    await new Promise((r) => setTimeout(r, Math.random() * 10));
    const res = await asUser().requestJira(
      route`/rest/api/3/mypermissions?issueKey=${issueKey}&permissions=EDIT_ISSUES,ADMINISTER`,
    );
    const body = (await res.json()) as { permissions: Record<string, { havePermission: boolean }> };
    return {
      accountId: context.accountId,
      canEdit: !!body.permissions.EDIT_ISSUES?.havePermission,
      isAdmin: !!body.permissions.ADMINISTER?.havePermission,
    };
  },
  remember: async ({ payload }) => {
    await kvs.set('remembered', payload.value);
    return { stored: await kvs.get('remembered') };
  },
});

type WhoAmI = {
  accountId: string;
  moduleKey: string;
  issueKey?: string;
  extensionType: string;
  context: { localId: unknown; environmentId: unknown; extension: unknown };
};

const panel = (accountId: string, key = 'SUP-1', id = '10001'): InvocationContext => ({
  accountId,
  moduleKey: 'atlas-crm-issue-panel',
  extensionType: 'jira:issuePanel',
  issue: { id, key },
});

describe('invoke', () => {
  it('passes accountId, moduleKey and the issue extension as Forge does', async () => {
    const result = (await host.invoke(
      handler,
      'whoami',
      undefined,
      panel(agent.accountId, 'SUP-2', '10002'),
    )) as WhoAmI;
    expect(result).toMatchObject({
      accountId: agent.accountId,
      moduleKey: 'atlas-crm-issue-panel',
      issueKey: 'SUP-2',
      extensionType: 'jira:issuePanel',
    });
    expect(result.context).toMatchObject({
      accountId: agent.accountId,
      cloudId: host.jira.site.cloudId,
      siteUrl: host.jira.site.siteUrl,
      moduleKey: 'atlas-crm-issue-panel',
      environmentType: 'DEVELOPMENT',
      installContext: `ari:cloud:jira::site/${host.jira.site.cloudId}`,
      extension: {
        type: 'jira:issuePanel',
        issue: { id: '10002', key: 'SUP-2', type: 'Task' },
        project: { id: '10000', key: 'SUP', type: 'service_desk' },
      },
    });
    expect(typeof result.context.localId).toBe('string');
    expect(typeof result.context.environmentId).toBe('string');
  });

  it('admin page and issue context modules', async () => {
    const admin_ = (await host.invoke(
      handler,
      'whoami',
      {},
      {
        accountId: admin.accountId,
        moduleKey: 'atlas-crm-admin-page',
        extensionType: 'jira:adminPage',
      },
    )) as WhoAmI;
    expect(admin_.context.extension).toEqual({ type: 'jira:adminPage' });
    const ctx = (await host.invoke(
      handler,
      'whoami',
      {},
      {
        ...panel(viewer.accountId),
        moduleKey: 'atlas-crm-issue-context',
        extensionType: 'jira:issueContext',
      },
    )) as WhoAmI;
    expect(ctx).toMatchObject({
      moduleKey: 'atlas-crm-issue-context',
      extensionType: 'jira:issueContext',
      issueKey: 'SUP-1',
    });
  });

  it('JSON round-trips the payload and the result', async () => {
    const payload = { when: 'now', n: 1, dropped: undefined };
    const result = await host.invoke(handler, 'echo', payload, panel(agent.accountId));
    expect(result).toEqual({ payload: { when: 'now', n: 1 }, at: '2025-01-02T00:00:00.000Z' });
    expect(Object.keys(result as object)).toEqual(['payload', 'at']);
  });

  it('rejects unknown function keys like Forge', async () => {
    await expect(host.invoke(handler, 'nope', {}, panel(agent.accountId))).rejects.toThrow(
      /no definition for 'nope'/,
    );
  });

  it('works with a classic Resolver too', async () => {
    const r = new Resolver();
    r.define('hello', (req) => `hello ${req.context.accountId}`);
    expect(await host.invoke(r.getDefinitions(), 'hello', {}, panel(viewer.accountId))).toBe(
      `hello ${viewer.accountId}`,
    );
  });

  it('asUser() inside concurrent invocations answers as each invoking user', async () => {
    const users = Array.from({ length: 30 }, (_, i) => [admin, agent, viewer][i % 3]!);
    const results = (await Promise.all(
      users.map((u) => host.invoke(handler, 'perms', {}, panel(u.accountId))),
    )) as { accountId: string; canEdit: boolean; isAdmin: boolean }[];
    results.forEach((r, i) => {
      const u = users[i]!;
      expect(r).toEqual({ accountId: u.accountId, canEdit: u !== viewer, isAdmin: u === admin });
    });
    const userCalls = host.jira.calls().filter((c) => c.provider === 'user');
    expect(userCalls.filter((c) => c.accountId === viewer.accountId)).toHaveLength(10);
  });

  it('KVS works inside invocations', async () => {
    expect(await host.invoke(handler, 'remember', { value: 'x' }, panel(agent.accountId))).toEqual({
      stored: 'x',
    });
    expect(host.kvs.peek('remembered')).toBe('x');
  });

  it('exposes the invocation runtime to @forge/api (getAppContext) only inside an invocation', async () => {
    expect(() => getAppContext()).toThrow(/Forge runtime not found/);
    const ctx = await host.runAs(agent.accountId, () => getAppContext(), {
      moduleKey: 'atlas-crm-issue-panel',
    });
    expect(ctx.moduleKey).toBe('atlas-crm-issue-panel');
    expect(String(ctx.appAri)).toBe(
      'ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000000',
    );
    expect(ctx.environmentType).toBe('DEVELOPMENT');
    expect(ctx.invocationRemainingTimeInMillis()).toBeGreaterThan(0);
  });
});

describe('time limit', () => {
  const slow = makeResolver<{ nap: (p: { ms: number }) => { woke: boolean } }>({
    nap: async ({ payload }) => {
      await new Promise((r) => setTimeout(r, payload.ms));
      await kvs.set('after-nap', 'late');
      return { woke: true };
    },
  });

  it('is 25 s, as Forge gives a UI-invoked function', () => {
    expect(host.app.timeoutMs).toBe(25_000);
  });

  it('ends an invocation that overruns with the platform error; its late work reaches nothing', async () => {
    const quick = new ForgeHost({
      env: { ATLAS_CRM_BASE_URL: 'http://127.0.0.1:9' },
      app: { timeoutMs: 100 },
    });
    quick.install();
    try {
      await expect(quick.invoke(slow, 'nap', { ms: 300 }, panel(agent.accountId))).rejects.toThrow(
        "Function 'nap' timed out after 0.1 seconds",
      );
      await new Promise((r) => setTimeout(r, 350));
      expect(quick.kvs.peek('after-nap')).toBeUndefined();
      // Within the limit nothing changes.
      expect(await quick.invoke(slow, 'nap', { ms: 10 }, panel(agent.accountId))).toEqual({
        woke: true,
      });
      expect(quick.kvs.peek('after-nap')).toBe('late');
    } finally {
      quick.uninstall();
      host.install();
    }
  });
});

describe('install', () => {
  it('applies env and is idempotent', () => {
    host.install();
    host.install();
    expect(process.env.ATLAS_CRM_BASE_URL).toBe('http://127.0.0.1:9');
    expect(typeof (globalThis as { __forge_fetch__?: unknown }).__forge_fetch__).toBe('function');
  });

  it('uninstall restores env and removes the globals', () => {
    const other = new ForgeHost({ env: { FORGE_HOST_TEST_VAR: 'set' } });
    other.install();
    expect(process.env.FORGE_HOST_TEST_VAR).toBe('set');
    other.uninstall();
    expect(process.env.FORGE_HOST_TEST_VAR).toBeUndefined();
    expect((globalThis as { __forge_fetch__?: unknown }).__forge_fetch__).toBeUndefined();
    host.install();
  });
});

describe('@forge/api fetch does not go through __forge_fetch__', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, path: req.url }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('outside an invocation, reaches a real local HTTP server directly', async () => {
    host.resetCounts();
    const res = await forgeFetch(`${base}/api/ping?x=1`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, path: '/api/ping?x=1' });
    expect(seen).toContain('GET /api/ping?x=1');
    expect(host.counts()).toMatchObject({ jira: 0, kvs: 0 });
  });
});
