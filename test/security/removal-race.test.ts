// Removing the credentials while a search reads them: the search may give the credentials a version
// (they look as if saved before versions existed) in the moment between the removal deleting the
// version and deleting the client id and secret. That version must not outlive the removal, or
// the token the search then stores would keep Atlas CRM working with no credentials stored.
import { ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { MESSAGES } from '../../src/backend/errors';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { invokeAs } from './invoke-as';
import { hostWithCrm } from '../setup/crm-host';

jest.setTimeout(60_000);

type ForgeFetch = (
  descriptor: { type: string },
  path: string,
  init?: RequestInit,
) => Promise<Response>;
type WithForgeFetch = typeof globalThis & { __forge_fetch__?: ForgeFetch };

const TOKEN = 'crm:access-token';
const VERSION = 'crm:credentials-version';
const SECRET = 'crm:client-secret';
const CLIENT_ID = 'crm:client-id';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(ready: () => boolean): Promise<void> {
  for (let waited = 0; waited < 3_000 && !ready(); waited += 10) await pause(10);
}

let crm: FakeCrm;
let host: ForgeHost;
let handler: ResolverHandler;
let inner: ForgeFetch;
const steps = { removing: false, removed: false, versionDeleted: false, reVersioned: false };
const rechecked = { done: false };

beforeAll(async () => {
  crm = await startFakeCrm(() => ({
    status: 200,
    body: { items: [], total: 0, _links: {} },
  }));
  host = hostWithCrm(crm.baseUrl);
  host.install();
  handler = ((await import('../../src/index')) as unknown as { handler: ResolverHandler }).handler;
  const g = globalThis as WithForgeFetch;
  inner = g.__forge_fetch__ as ForgeFetch;
  g.__forge_fetch__ = async (descriptor, path, init) => {
    const key =
      descriptor.type === 'kvs' && typeof init?.body === 'string'
        ? (JSON.parse(init.body) as { key?: unknown }).key
        : undefined;
    if (steps.removing && path === '/api/v1/secret/delete') {
      if (key === VERSION) steps.versionDeleted = true;
      // The removal's delete of the id and secret lands only after the search checked them.
      if (key === SECRET || key === CLIENT_ID) await until(() => rechecked.done);
    }
    if (steps.versionDeleted && path === '/api/v1/secret/set' && key === VERSION)
      steps.reVersioned = true;
    // The search stores its token only once the removal is over.
    if (steps.removing && path === '/api/v1/secret/set' && key === TOKEN)
      await until(() => steps.removed);
    const reply = await inner(descriptor, path, init);
    if (steps.reVersioned && path === '/api/v1/secret/get' && key === SECRET) rechecked.done = true;
    return reply;
  };
});
afterAll(async () => {
  (globalThis as WithForgeFetch).__forge_fetch__ = inner;
  host.uninstall();
  await crm.close();
});

const asAdmin = (key: string, payload?: unknown) => invokeAs(host, handler, 'admin', key, payload);
const asAgent = (key: string, payload?: unknown) => invokeAs(host, handler, 'agent', key, payload);

it('a search reading the credentials during their removal leaves no version and no token behind', async () => {
  expect(
    (await asAdmin('admin/credentials/save', { clientId: 'c', clientSecret: 'sec-ret' })).ok,
  ).toBe(true);
  // The token ran out: the next search reads the credentials to ask for a new one.
  host.kvs.handle('/api/v1/secret/delete', { key: TOKEN });

  steps.removing = true;
  const removal = asAdmin('admin/credentials/remove');
  await until(() => steps.versionDeleted);
  const search = asAgent('entities/search', { type: 'company' });
  expect((await removal).ok).toBe(true);
  steps.removed = true;
  await search;
  steps.removing = false;

  expect(host.kvs.secretKeys()).not.toContain(VERSION);
  expect(host.kvs.secretKeys()).not.toContain(TOKEN);
  const before = crm.requests.length;
  expect(await asAgent('entities/search', { type: 'company' })).toEqual({
    ok: false,
    error: { code: 'NOT_CONFIGURED', message: MESSAGES.notConfigured },
  });
  expect(crm.requests.length).toBe(before);
});
