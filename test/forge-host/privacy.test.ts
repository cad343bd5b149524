// The personal data reporting API of the stand-in, reached as the app reaches it: @forge/api's
// `privacy.reportPersonalData` (POST /app/report-accounts through __forge_fetch__, as the app).
// It answers only the accounts needing action, refuses what Atlassian documents as invalid, and
// can be made to rate-limit or fail.
import { privacy } from '@forge/api';
import {
  DOCUMENTED_TEST_ACCOUNTS,
  InMemoryPrivacy,
  type ForgeHost,
} from '../../sandbox/forge-host';
import { personalDataScopeGranted } from '../../sandbox/forge-host/privacy';
import { hostWithCrm } from '../setup/crm-host';

const NO_CRM = 'http://127.0.0.1:9';
const A = '5b10a2844c20165700ede21a';
const B = '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077';
const REPORT = { type: 'fpp', provider: 'app', remote: 'stargate' };

let host: ForgeHost;
beforeEach(() => {
  host = hostWithCrm(NO_CRM);
  host.install();
});
afterEach(() => host.uninstall());

const report = (accounts: { accountId: string; updatedAt: string }[]) =>
  host.runAs('nobody', () => privacy.reportPersonalData(accounts));

/** A raw call, as a client other than @forge/api could make it. */
async function raw(body: unknown): Promise<Response> {
  return host.fetch(REPORT, '/app/report-accounts', {
    method: 'POST',
    body: JSON.stringify(body),
  });
}

const at = (ms: number) => new Date(ms).toISOString();

test('answers only the accounts that need action: closed always, updated after updatedAt', async () => {
  expect(await report([{ accountId: A, updatedAt: at(Date.now()) }])).toEqual([]);
  host.privacy.markUpdated(B, Date.now() - 1000);
  host.privacy.markClosed(A);
  expect(
    await report([
      { accountId: A, updatedAt: at(Date.now() + 60_000) },
      { accountId: B, updatedAt: at(Date.now() - 5000) },
    ]),
  ).toEqual([
    { accountId: A, status: 'closed' },
    { accountId: B, status: 'updated' },
  ]);
  // Updated before the app's copy: nothing to do.
  expect(await report([{ accountId: B, updatedAt: at(Date.now()) }])).toEqual([]);
  expect(host.privacy.calls().map((call) => call.status)).toEqual([204, 200, 204]);
});

test("answers the documentation's test accounts as documented", async () => {
  const now = at(Date.now());
  expect(
    await report([
      { accountId: DOCUMENTED_TEST_ACCOUNTS.active, updatedAt: now },
      { accountId: DOCUMENTED_TEST_ACCOUNTS.closed, updatedAt: now },
    ]),
  ).toEqual([{ accountId: DOCUMENTED_TEST_ACCOUNTS.closed, status: 'closed' }]);
});

test('refuses more than 90 accounts, an empty list, a malformed id or time (400)', async () => {
  const now = at(Date.now());
  const many = Array.from({ length: 91 }, (_, i) => ({ accountId: `id-${i}`, updatedAt: now }));
  expect((await raw({ accounts: many })).status).toBe(400);
  expect((await raw({ accounts: many.slice(0, 90) })).status).toBe(204);
  expect((await raw({ accounts: [] })).status).toBe(400);
  expect((await raw({ accounts: [{ accountId: 'a/b', updatedAt: now }] })).status).toBe(400);
  expect((await raw({ accounts: [{ accountId: 'x'.repeat(129), updatedAt: now }] })).status).toBe(
    400,
  );
  expect((await raw({ accounts: [{ accountId: A, updatedAt: 'yesterday' }] })).status).toBe(400);
  // @forge/api itself sends 90 at a time: 91 accounts are two calls.
  await report(many.map((account) => ({ ...account })));
  expect(
    host.privacy
      .calls()
      .slice(-2)
      .map((call) => call.accounts.length),
  ).toEqual([90, 1]);
});

test('refuses an app whose manifest lacks report:personal-data (403)', async () => {
  expect(personalDataScopeGranted(host.appDir)).toBe(true);
  host.uninstall();
  host = hostWithCrm(NO_CRM, { privacy: new InMemoryPrivacy({ scopeGranted: false }) });
  host.install();
  const refusal = await report([{ accountId: A, updatedAt: at(Date.now()) }]).catch(
    (err: unknown) => err,
  );
  expect(refusal).toMatchObject({ status: 403 });
});

test('rate-limits and fails on demand: @forge/api rejects with the Response, Retry-After kept', async () => {
  host.privacy.failNext(429, 1, 30);
  const limited = (await report([{ accountId: A, updatedAt: at(Date.now()) }]).catch(
    (err: unknown) => err,
  )) as Response;
  expect(limited.status).toBe(429);
  expect(limited.headers.get('retry-after')).toBe('30');
  host.privacy.failNext(500);
  await expect(report([{ accountId: A, updatedAt: at(Date.now()) }])).rejects.toMatchObject({
    status: 500,
  });
  expect(await report([{ accountId: B, updatedAt: at(Date.now()) }])).toEqual([]);
});

test('a configured rate answers 429 until the window has room', async () => {
  host.uninstall();
  host = hostWithCrm(NO_CRM, {
    privacy: new InMemoryPrivacy({ rateLimit: { calls: 2, perSeconds: 60 } }),
  });
  host.install();
  const now = at(Date.now());
  expect((await raw({ accounts: [{ accountId: A, updatedAt: now }] })).status).toBe(204);
  expect((await raw({ accounts: [{ accountId: B, updatedAt: now }] })).status).toBe(204);
  const third = await raw({ accounts: [{ accountId: 'c-1', updatedAt: now }] });
  expect(third.status).toBe(429);
  expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
});

test('records an account reported again within the cycle period', async () => {
  const now = at(Date.now());
  await report([{ accountId: A, updatedAt: now }]);
  await report([{ accountId: B, updatedAt: now }]);
  expect(host.privacy.earlyReports()).toEqual([]);
  await report([{ accountId: A, updatedAt: now }]);
  expect(host.privacy.earlyReports()).toEqual([A]);
});

test("is the app's alone: a user-scoped call to it is not emulated", async () => {
  await expect(
    host.fetch({ ...REPORT, provider: 'user' }, '/app/report-accounts', {
      method: 'POST',
      body: '{}',
    }),
  ).rejects.toThrow(/does not emulate/);
});
