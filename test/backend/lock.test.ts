// The per-issue lock on the stand-in KVS, driven through the real @forge/kvs client: a lock left
// behind is never deleted by a contender, a holder that lost its lock writes nothing, and a wait
// never outlasts the invocation's time budget.
import { kvs } from '@forge/kvs';
import { ForgeHost } from '../../sandbox/forge-host';
import { withDeadline } from '../../src/backend/deadline';
import { AppFailure } from '../../src/backend/errors';
import { readRecordIfAny, writeLinkRecord } from '../../src/backend/storage/link-record';
import type { LinkRecord } from '../../src/backend/storage/link-record-format';
import { withIssueLock } from '../../src/backend/storage/lock';

const host = new ForgeHost();
beforeAll(() => host.install());
afterAll(() => host.uninstall());
beforeEach(() => host.kvs.clear());

const ISSUE = '10001';
const LOCK_KEY = `lock:issue:${ISSUE}`;

const record: LinkRecord = {
  links: [
    {
      id: 'c1',
      type: 'company',
      name: 'Northwind',
      keyFields: {},
      linkedBy: 'someone',
      linkedAt: new Date(0).toISOString(),
      refreshedAt: new Date(0).toISOString(),
      status: 'ok',
    },
  ],
};

async function conflictOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
    return undefined;
  } catch (err) {
    return err instanceof AppFailure ? err.code : String(err);
  }
}

it('never deletes a lock left behind, however stale it looks: only its TTL frees it', async () => {
  // A crashed holder's lock whose expiry is long past, still present (KVS may drop it late).
  await kvs.set(LOCK_KEY, { owner: 'crashed', expiresAt: Date.now() - 60_000 });
  let clock = Date.now();
  let ran = false;
  const code = await conflictOf(
    withIssueLock(
      ISSUE,
      async () => {
        ran = true;
      },
      {
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      },
    ),
  );
  expect(code).toBe('CONFLICT');
  expect(ran).toBe(false);
  expect(await kvs.get(LOCK_KEY)).toEqual({ owner: 'crashed', expiresAt: expect.any(Number) });
});

it('a holder whose lock is no longer its own writes nothing', async () => {
  const code = await conflictOf(
    withIssueLock(ISSUE, async (lock) => {
      // Another caller holds the key now (say, after this holder's TTL ran out).
      await kvs.set(LOCK_KEY, { owner: 'someone else', expiresAt: Date.now() + 30_000 });
      await writeLinkRecord(lock, record);
    }),
  );
  expect(code).toBe('CONFLICT');
  expect(await readRecordIfAny(ISSUE)).toBeUndefined();
  expect(host.jira.getProperty(ISSUE, 'atlas-crm-links')).toBeUndefined();
  // The other caller's lock is left as it is.
  expect(await kvs.get(LOCK_KEY)).toMatchObject({ owner: 'someone else' });
});

it('a holder that still owns its lock writes the record and its index', async () => {
  await withIssueLock(ISSUE, (lock) => writeLinkRecord(lock, record));
  expect(await readRecordIfAny(ISSUE)).toEqual(record);
  expect(host.jira.getProperty(ISSUE, 'atlas-crm-links')).toMatchObject({
    count: 1,
    entityIds: ['c1'],
  });
  expect(await kvs.get(LOCK_KEY)).toBeUndefined();
});

it('waits for a busy lock no longer than the invocation has time for', async () => {
  await kvs.set(
    LOCK_KEY,
    { owner: 'busy', expiresAt: Date.now() + 30_000 },
    {
      ttl: { value: 30, unit: 'SECONDS' },
    },
  );
  const started = Date.now();
  const code = await conflictOf(
    withDeadline(() => withIssueLock(ISSUE, async () => undefined, { maxWaitMs: 8_000 }), 5_500),
  );
  expect(code).toBe('CONFLICT');
  // 5.5 s of budget, of which the work under the lock keeps 4 s: about 1.5 s of waiting.
  expect(Date.now() - started).toBeLessThan(2_500);
});
