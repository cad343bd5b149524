// Egress as Forge holds a function to it: inside an invocation, @forge/api's fetch reaches only the
// hosts manifest.yml lists under permissions.external.fetch.backend, and any other gets the egress
// proxy's 403. A local server stands in for a listed host only when mapped (`remotes`), so the app
// runs with the base URL it is deployed with.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  ATLAS_CRM_ORIGIN,
  startSimulator,
  type RunningSimulator,
} from '../../sandbox/crm-simulator';
import {
  DEMO_USERS,
  EGRESS_ERROR_CODE,
  EgressGuard,
  ForgeHost,
  egressErrorMessage,
  type InvocationContext,
  type ResolverHandler,
} from '../../sandbox/forge-host';
import type { Result, SearchResult } from '../../src/shared/contract';

type ForgeApiFetch = (typeof import('@forge/api'))['fetch'];

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

const seen: Seen[] = [];
let server: Server;
let local: string;
let forgeFetch: ForgeApiFetch;
let handler: ResolverHandler;

const ADMIN: InvocationContext = {
  accountId: DEMO_USERS.admin.accountId,
  moduleKey: 'atlas-crm-admin-page',
  extensionType: 'jira:adminPage',
};
const AGENT: InvocationContext = {
  accountId: DEMO_USERS.agent.accountId,
  moduleKey: 'atlas-crm-issue-panel',
  extensionType: 'jira:issuePanel',
  issue: { id: '10001', key: 'SUP-1' },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers });
    req.resume();
    if (req.url === '/redirect-in') res.writeHead(302, { location: '/api/ping?hop=1' }).end();
    else if (req.url === '/redirect-out')
      res.writeHead(302, { location: `${local}/elsewhere` }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // As the harnesses do: the host first, then the app's modules.
  new ForgeHost().install();
  ({ fetch: forgeFetch } = await import('@forge/api'));
  ({ handler } = (await import('../../src/index')) as unknown as { handler: ResolverHandler });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Installs `host` for the tests of one describe block. */
function installed(make: () => ForgeHost): { host: ForgeHost } {
  const box = {} as { host: ForgeHost };
  beforeAll(() => {
    box.host = make();
    box.host.install();
  });
  afterAll(() => box.host.uninstall());
  return box;
}

describe('the list', () => {
  it("is manifest.yml's permissions.external.fetch.backend, with the app's default base URL", async () => {
    const { DEFAULT_CRM_BASE_URL } = await import('../../src/backend/services/crm');
    const host = new ForgeHost();
    expect(host.egress.allowList).toEqual([ATLAS_CRM_ORIGIN]);
    expect(DEFAULT_CRM_BASE_URL).toBe(ATLAS_CRM_ORIGIN);
  });

  it('matches protocol and host, never the path', () => {
    const { egress } = new ForgeHost();
    expect(egress.allows('https://atlascrm.avisi-apps.com/api/1.0/x?y=1')).toBe(true);
    expect(egress.allows('https://ATLASCRM.avisi-apps.com:443/')).toBe(true);
    for (const url of [
      'http://atlascrm.avisi-apps.com/',
      'https://atlascrm.avisi-apps.com:8443/',
      'https://eu.atlascrm.avisi-apps.com/',
      'https://atlascrm.avisi-apps.com.example.test/',
      'http://127.0.0.1:4010/',
    ])
      expect(egress.allows(url)).toBe(false);
  });

  it('reads a wildcard as @forge/egress does: it never covers its parent domain', () => {
    const guard = new EgressGuard({ allowList: ['*.example.test', 'api.example.org'] });
    expect(guard.allows('https://a.example.test/')).toBe(true);
    expect(guard.allows('https://example.test/')).toBe(false);
    expect(guard.allows('https://api.example.org/')).toBe(true);
    expect(guard.allows('http://api.example.org/')).toBe(false);
    expect(new EgressGuard({ allowList: ['*'] }).allows('http://127.0.0.1:9/')).toBe(true);
  });

  it('reads address and remote entries, and never lets plain http out, listed or not', async () => {
    const appDir = mkdtempSync(path.join(os.tmpdir(), 'egress-app-'));
    writeFileSync(
      path.join(appDir, 'manifest.yml'),
      [
        'permissions:',
        '  external:',
        '    fetch:',
        '      backend:',
        `        - address: ${local}`,
        '        - remote: other',
        'remotes:',
        '  - key: other',
        '    baseUrl: https://other.example.test',
      ].join('\n'),
    );
    const host = new ForgeHost({ appDir });
    expect(host.egress.allowList).toEqual([local, 'https://other.example.test']);
    host.install();
    try {
      seen.length = 0;
      const res = await host.runAs(DEMO_USERS.agent.accountId, () => forgeFetch(`${local}/x`));
      expect(res.status).toBe(403);
      expect(seen).toEqual([]);
    } finally {
      host.uninstall();
      rmSync(appDir, { recursive: true, force: true });
    }
  });

  it('takes a stand-in only for a listed host, and only as an origin', () => {
    expect(() => new ForgeHost({ remotes: { 'https://crm.example.test': local } })).toThrow(
      'https://crm.example.test is not listed under permissions.external.fetch.backend',
    );
    expect(() => new ForgeHost({ remotes: { [ATLAS_CRM_ORIGIN]: `${local}/crm` } })).toThrow(
      'must be an origin',
    );
  });
});

describe('@forge/api fetch inside an invocation', () => {
  const box = installed(() => new ForgeHost({ remotes: { [ATLAS_CRM_ORIGIN]: local } }));
  const inFunction = <T>(fn: () => Promise<T>) => box.host.runAs(DEMO_USERS.agent.accountId, fn);

  it('reaches a listed host through the local server mapped to it, which is told the origin asked for', async () => {
    seen.length = 0;
    const res = await inFunction(() =>
      forgeFetch(`${ATLAS_CRM_ORIGIN}/api/ping?x=1`, {
        method: 'POST',
        headers: { authorization: 'Bearer t', 'content-type': 'application/json' },
        body: '{}',
      }),
    );
    expect(res.status).toBe(200);
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/api/ping?x=1',
        headers: expect.objectContaining({
          authorization: 'Bearer t',
          'x-forwarded-host': 'atlascrm.avisi-apps.com',
          'x-forwarded-proto': 'https',
        }) as unknown,
      },
    ]);
  });

  it("refuses any other host with Forge's egress answer, a 403, and nothing leaves", async () => {
    seen.length = 0;
    for (const url of [
      `${local}/api/ping`,
      'https://crm.example.test/api/1.0/oauth/token',
      'http://atlascrm.avisi-apps.com/api/ping',
    ]) {
      const res = await inFunction(() => forgeFetch(url, { method: 'POST', body: 'x' }));
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({
        code: EGRESS_ERROR_CODE,
        message: egressErrorMessage(url),
      });
    }
    expect(seen).toEqual([]);
  });

  it('follows a redirect only to a listed host', async () => {
    seen.length = 0;
    const within = await inFunction(() => forgeFetch(`${ATLAS_CRM_ORIGIN}/redirect-in`));
    expect(within.status).toBe(200);
    expect(seen.map((s) => [s.url, s.headers['x-forwarded-host']])).toEqual([
      ['/redirect-in', 'atlascrm.avisi-apps.com'],
      ['/api/ping?hop=1', 'atlascrm.avisi-apps.com'],
    ]);
    seen.length = 0;
    const out = await inFunction(() => forgeFetch(`${ATLAS_CRM_ORIGIN}/redirect-out`));
    expect(out.status).toBe(403);
    expect(seen.map((s) => s.url)).toEqual(['/redirect-out']);
  });

  it("outside an invocation (the tests' own requests) refuses nothing", async () => {
    seen.length = 0;
    expect((await forgeFetch(`${local}/api/ping`)).status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(['/api/ping']);
  });
});

describe('a Forge variable naming an unlisted host', () => {
  const box = installed(() => new ForgeHost({ env: { ATLAS_CRM_BASE_URL: local } }));

  it('fails as on Forge: the app is refused and its request never arrives', async () => {
    seen.length = 0;
    const saved = (await box.host.invoke(
      handler,
      'admin/credentials/save',
      { clientId: 'demo-client-id', clientSecret: 'demo-client-secret' },
      ADMIN,
    )) as Result<unknown>;
    // The app reads the proxy's 403 as Atlas CRM refusing it, as it would on Forge.
    expect(saved).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(seen).toEqual([]);
  });
});

describe('paging through the mapping', () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0 });
  }, 30_000);
  afterAll(() => sim.close());
  const box = installed(() => new ForgeHost({ remotes: { [ATLAS_CRM_ORIGIN]: sim.baseUrl } }));

  it("the simulator's links name the listed host, so the app's signed cursors continue", async () => {
    const credentials = { clientId: sim.clientId, clientSecret: sim.clientSecret };
    const saved = (await box.host.invoke(
      handler,
      'admin/credentials/save',
      credentials,
      ADMIN,
    )) as Result<unknown>;
    expect(saved.ok).toBe(true);
    const search = async (payload: Record<string, unknown>) =>
      (await box.host.invoke(handler, 'entities/search', payload, AGENT)) as Result<SearchResult>;
    const first = await search({ type: 'contact', pageSize: 5 });
    if (!first.ok) throw new Error(JSON.stringify(first.error));
    expect(first.data.nextCursor).toBeDefined();
    const second = await search({ type: 'contact', cursor: first.data.nextCursor });
    if (!second.ok) throw new Error(JSON.stringify(second.error));
    expect(second.data.items).toHaveLength(5);
    expect(second.data.items.map((i) => i.id)).not.toContain(first.data.items[0]!.id);
  });
});
