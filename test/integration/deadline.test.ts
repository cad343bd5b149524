// One time budget per invocation: with Atlas CRM stalling on the first try of every request, a
// search answers a retryable error in plain words before Forge's 25 s limit (the platform
// stand-in ends an invocation at 25 s, as Forge does, so an overrun fails here).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { templateOf } from '../../sandbox/crm-simulator/templates';
import { DEADLINE_MESSAGE } from '../../src/backend/deadline';
import type { EntityType, Result } from '../../src/shared/contract';

jest.setTimeout(40_000);

/** Every request answers only on its second try; the first hangs until the connection closes. */
function startStallingCrm(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const tries = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const seen = (tries.get(`${req.method} ${req.url}`) ?? 0) + 1;
      tries.set(`${req.method} ${req.url}`, seen);
      if (seen === 1) return; // stalls
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const template = /\/template\/(company|contact|sale)$/.exec(path);
      const body = path.endsWith('/oauth/token')
        ? { access_token: 'token-1', expires_in: 3600 }
        : template
          ? templateOf(template[1] as EntityType)
          : { items: [], total: 0, page: 1, size: 20, _links: {} };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

let crm: Awaited<ReturnType<typeof startStallingCrm>>;
let host: ForgeHost;
let handler: ResolverHandler;
let warn: jest.SpyInstance;
beforeAll(async () => {
  crm = await startStallingCrm();
  host = new ForgeHost({ env: { ATLAS_CRM_BASE_URL: crm.baseUrl } });
  host.install();
  ({ handler } = (await import('../../src/index')) as unknown as { handler: ResolverHandler });
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  // Stored credentials, as after a save (saving would test them against the stalling CRM).
  host.kvs.seed('crm:client-id', 'client', { secret: true });
  host.kvs.seed('crm:client-secret', 'secret', { secret: true });
  host.kvs.seed('crm:credentials-version', 'v1', { secret: true });
  host.kvs.seed('settings:v1', { configured: true, allowedGroups: [] });
});
afterAll(async () => {
  warn.mockRestore();
  host.uninstall();
  await crm.close();
});

it('a search against a CRM stalling every first try answers in plain words before 25 s', async () => {
  const started = Date.now();
  const answer = (await host.invoke(
    handler,
    'entities/search',
    { type: 'company', text: 'nord' },
    {
      accountId: DEMO_USERS.agent.accountId,
      moduleKey: 'atlas-crm-issue-panel',
      extensionType: 'jira:issuePanel',
      issue: { id: '10001', key: 'SUP-1' },
    },
  )) as Result<unknown>;
  const took = Date.now() - started;
  expect(answer).toEqual({
    ok: false,
    error: {
      code: 'CRM_UNAVAILABLE',
      message: DEADLINE_MESSAGE,
      retryAfterMs: expect.any(Number) as number,
    },
  });
  expect(took).toBeLessThan(22_000);
});
