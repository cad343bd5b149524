// The personal data report when Atlassian's API does not answer 200 or 204: a short Retry-After
// is waited out within the run, a long one ends the run and no call is made before it has passed,
// and a failing call ends the run without erasing anything; the next run finishes the cycle and
// no account is reported twice in one cycle. Cycles are a week apart, so the clock is moved.
import { DEMO_USERS } from '../../sandbox/forge-host';
import { FORMER_USER } from '../../src/shared/privacy';
import { entityIds, startHarness, type Harness } from '../integration/harness';

jest.setTimeout(120_000);

const TRIGGER = 'atlas-crm-personal-data';
const DAY_MS = 24 * 60 * 60 * 1000;
const AGENT = DEMO_USERS.agent.accountId;
const ADMIN = DEMO_USERS.admin.accountId;

let h: Harness;
let now = Date.now();

/** Only Date is faked: every timer and the simulator's sockets keep real time. */
function setClock(at: number): void {
  now = at;
  jest.setSystemTime(at);
}

function state(): { phase?: string; cycle?: number; retryAt?: number } {
  return (h.host.kvs.peek('privacy:state:v1') ?? {}) as ReturnType<typeof state>;
}

const statuses = () => h.host.privacy.calls().map((call) => call.status);

beforeAll(async () => {
  jest.useFakeTimers({
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
    now,
  });
  h = await startHarness();
  await h.configure();
  const [company, contact] = await entityIds(h, 'company', 2);
  await h.ok('links/add', { entityId: company as string }, { user: 'agent', issue: 'SUP-1' });
  await h.ok('links/add', { entityId: contact as string }, { user: 'admin', issue: 'SUP-2' });
});
afterAll(async () => {
  await h.close();
  jest.useRealTimers();
});

it('waits out a short Retry-After within the run and reports the same accounts again', async () => {
  h.host.privacy.failNext(429, 1, 1);
  const run = await h.host.runScheduledTrigger(TRIGGER);
  expect(run.outcome).toBe('ok');
  expect(state().phase).toBe('done');
  const [refused, answered] = h.host.privacy.calls();
  expect(refused?.status).toBe(429);
  expect(answered?.status).toBe(204);
  expect(answered?.accounts).toEqual(refused?.accounts);
});

it('ends the run on a failing call, erases nothing, and finishes in the next run', async () => {
  setClock(now + 8 * DAY_MS);
  h.host.privacy.reset();
  h.host.privacy.markClosed(AGENT);
  h.host.privacy.failNext(500, 2);
  const first = await h.host.runScheduledTrigger(TRIGGER);
  expect(first.outcome).toBe('ok');
  expect(statuses()).toEqual([500, 500]);
  expect(state()).toMatchObject({ phase: 'report', cycle: 2 });
  expect(JSON.stringify(h.host.kvs.peekEntity('issue-links', '10001'))).toContain(AGENT);

  const second = await h.host.runScheduledTrigger(TRIGGER);
  expect(second.outcome).toBe('ok');
  expect(statuses()).toEqual([500, 500, 200]);
  expect(state().phase).toBe('done');
  const record = JSON.stringify(h.host.kvs.peekEntity('issue-links', '10001'));
  expect(record).not.toContain(AGENT);
  expect(record).toContain(FORMER_USER);
  expect(h.host.privacy.earlyReports()).toEqual([]);
});

it('makes no call before a long Retry-After has passed, then reports each account once', async () => {
  setClock(now + 8 * DAY_MS);
  h.host.privacy.reset();
  h.host.privacy.failNext(429, 1, 3600);
  await h.host.runScheduledTrigger(TRIGGER);
  expect(statuses()).toEqual([429]);
  expect(state()).toMatchObject({ phase: 'report', retryAt: now + 3_600_000 });

  await h.host.runScheduledTrigger(TRIGGER);
  expect(statuses()).toEqual([429]);

  setClock(now + 3_601_000);
  await h.host.runScheduledTrigger(TRIGGER);
  expect(statuses()).toEqual([429, 204]);
  expect(state().phase).toBe('done');
  // The closed account was erased last cycle: only the admin is stored, and reported.
  expect(h.host.privacy.calls()[1]?.accounts.map((account) => account.accountId)).toEqual([ADMIN]);
  expect(h.host.privacy.earlyReports()).toEqual([]);
});

it('refreshes an updated account: the next report names the time of that refresh', async () => {
  setClock(now + 8 * DAY_MS);
  h.host.privacy.reset();
  h.host.privacy.markUpdated(ADMIN, now - 1000);
  await h.host.runScheduledTrigger(TRIGGER);
  expect(statuses()).toEqual([200]);
  const refreshedAt = now;

  setClock(now + 8 * DAY_MS);
  await h.host.runScheduledTrigger(TRIGGER);
  // Nothing to refresh any more: the app's copy (the id alone) is current as of the refresh.
  expect(statuses()).toEqual([200, 204]);
  expect(h.host.privacy.calls()[1]?.accounts).toEqual([
    { accountId: ADMIN, updatedAt: new Date(refreshedAt).toISOString() },
  ]);
});
