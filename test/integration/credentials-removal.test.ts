// Removing the credentials switches the app off, even while a token request is in flight: the
// late token is not kept, storage holds no token, and every key then answers NOT_CONFIGURED.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { templateOf } from '../../sandbox/crm-simulator/templates';
import { MESSAGES } from '../../src/backend/errors';
import type { EntityType } from '../../src/shared/contract';
import { invokeAs } from '../security/invoke-as';
import { hostWithCrm } from '../setup/crm-host';

const TOKEN_KEY = 'crm:access-token';

/** A CRM whose token answers can be held back; every list is empty. */
function startCrm() {
  const seen: string[] = [];
  const held: (() => void)[] = [];
  const gate = { hold: false };
  const counts = { issued: 0 };
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    seen.push(path);
    const reply = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (path.endsWith('/oauth/token')) {
        counts.issued += 1;
        const send = () => reply({ access_token: `token-${counts.issued}`, expires_in: 3600 });
        if (gate.hold) held.push(send);
        else send();
        return;
      }
      const template = /\/template\/(company|contact|sale)$/.exec(path);
      if (template) return reply(templateOf(template[1] as EntityType));
      reply({ items: [], total: 0, page: 1, size: 20, _links: {} });
    });
  });
  return new Promise<{
    baseUrl: string;
    seen: string[];
    held: (() => void)[];
    gate: typeof gate;
    counts: typeof counts;
    close: () => Promise<void>;
  }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        seen,
        held,
        gate,
        counts,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

let crm: Awaited<ReturnType<typeof startCrm>>;
let host: ForgeHost;
let handler: ResolverHandler;
beforeAll(async () => {
  crm = await startCrm();
  host = hostWithCrm(crm.baseUrl);
  host.install();
  ({ handler } = (await import('../../src/index')) as unknown as { handler: ResolverHandler });
});
afterAll(async () => {
  host.uninstall();
  await crm.close();
});

const asAdmin = (key: string, payload?: unknown) => invokeAs(host, handler, 'admin', key, payload);
const asAgent = (key: string, payload?: unknown) => invokeAs(host, handler, 'agent', key, payload);

async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(done()).toBe(true);
}

it('a token request in flight during removal leaves no token, and nothing works any more', async () => {
  expect((await asAdmin('admin/credentials/save', { clientId: 'c', clientSecret: 's' })).ok).toBe(
    true,
  );
  expect((await asAgent('entities/search', { type: 'company' })).ok).toBe(true);
  // The token ran out: the next search asks for a new one, which Atlas CRM is slow to give.
  host.kvs.handle('/api/v1/secret/delete', { key: TOKEN_KEY });
  crm.gate.hold = true;
  const inFlight = asAgent('entities/search', { type: 'company' });
  await until(() => crm.held.length === 1);

  expect((await asAdmin('admin/credentials/remove')).ok).toBe(true);
  crm.gate.hold = false;
  crm.held.splice(0).forEach((send) => send());
  await inFlight;

  expect(host.kvs.secretKeys()).not.toContain(TOKEN_KEY);
  const before = crm.seen.length;
  for (const [key, payload] of [
    ['entities/search', { type: 'company' }],
    ['entities/search', { type: 'contact', text: 'an' }],
    ['links/add', { entityId: 'abc' }],
    ['entities/get', { entityId: 'abc' }],
  ] as const) {
    expect(await asAgent(key, payload)).toEqual({
      ok: false,
      error: { code: 'NOT_CONFIGURED', message: MESSAGES.notConfigured },
    });
  }
  expect(await asAdmin('admin/connection/test')).toMatchObject({
    ok: false,
    error: { code: 'NOT_CONFIGURED' },
  });
  expect(crm.seen.length).toBe(before);
  expect(host.kvs.secretKeys()).not.toContain(TOKEN_KEY);
});

it('credentials saved before they had a version get one, and their token is cached', async () => {
  host.kvs.seed('crm:client-id', 'c', { secret: true });
  host.kvs.seed('crm:client-secret', 's', { secret: true });
  host.kvs.seed('settings:v1', { configured: true, allowedGroups: [] });
  const before = crm.counts.issued;
  for (let i = 0; i < 3; i++)
    expect((await asAgent('entities/search', { type: 'company' })).ok).toBe(true);
  expect(crm.counts.issued - before).toBe(1);
  expect(host.kvs.secretKeys()).toEqual(
    expect.arrayContaining([TOKEN_KEY, 'crm:credentials-version']),
  );
});
