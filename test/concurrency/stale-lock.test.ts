// A crashed holder left the issue's lock behind, and KVS drops it late. Two people then link at
// the same moment: both links must end in the record and in the CRM, never one in the record and
// two in the CRM. KVS is steered into the interleaving where deleting a "stale" lock goes wrong:
// the first delete of the lock waits until a second read of it was sent (both contenders saw the
// stale lock), the second until someone holds the lock again (so it would delete that holder's).
import { ISSUES, entityIds, startHarness, type Harness } from '../integration/harness';
import { addAgents, crmIds, invokeOn, pendingIntentsOf, recordIds } from '../faults/world';

jest.setTimeout(60_000);

type ForgeFetch = (
  descriptor: { type: string },
  path: string,
  init?: RequestInit,
) => Promise<Response>;
type WithForgeFetch = typeof globalThis & { __forge_fetch__?: ForgeFetch };

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `ready` every 10 ms, for at most 3 s. */
async function until(ready: () => boolean): Promise<void> {
  for (let waited = 0; waited < 3_000 && !ready(); waited += 10) await pause(10);
}

let h: Harness;
let inner: ForgeFetch;
const SUP6 = { id: ISSUES['SUP-6'], key: 'SUP-6' };
const LOCK_KEY = `lock:issue:${SUP6.id}`;

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  const g = globalThis as WithForgeFetch;
  inner = g.__forge_fetch__ as ForgeFetch;
  let lockReads = 0;
  let lockDeletes = 0;
  const heldByNewOwner = () => {
    const reply = h.host.kvs.handle('/api/v1/get', { key: LOCK_KEY });
    const owner = (reply.body as { value?: { owner?: string } } | undefined)?.value?.owner;
    return reply.status === 200 && owner !== 'crashed-invocation';
  };
  g.__forge_fetch__ = async (descriptor, path, init) => {
    const key =
      descriptor.type === 'kvs' && typeof init?.body === 'string'
        ? (JSON.parse(init.body) as { key?: unknown }).key
        : undefined;
    if (key === LOCK_KEY && path === '/api/v1/get') lockReads += 1;
    if (key === LOCK_KEY && path === '/api/v1/delete') {
      lockDeletes += 1;
      const mine = lockDeletes;
      if (mine === 1) await until(() => lockReads >= 2);
      if (mine === 2) await until(heldByNewOwner);
    }
    return inner(descriptor, path, init);
  };
});

afterAll(async () => {
  (globalThis as WithForgeFetch).__forge_fetch__ = inner;
  await h.close();
});

it('two links racing past a stale lock both end in the record and the CRM', async () => {
  const [a, b] = addAgents(h, 2);
  const [first, second] = await entityIds(h, 'company', 2);
  // Expired by its own clock long ago, still present for 4 s more (late TTL deletion).
  h.host.kvs.handle('/api/v1/set', {
    key: LOCK_KEY,
    value: { owner: 'crashed-invocation', expiresAt: Date.now() - 60_000 },
    options: { ttl: { value: 4, unit: 'SECONDS' } },
  });
  const results = await Promise.all([
    invokeOn(h, 'links/add', { entityId: first }, SUP6, a!),
    invokeOn(h, 'links/add', { entityId: second }, SUP6, b!),
  ]);
  expect(results.map((r) => r.ok)).toEqual([true, true]);
  expect(recordIds(h, SUP6.id)).toEqual([first, second].sort());
  expect(crmIds(h, SUP6.id)).toEqual(recordIds(h, SUP6.id));
  expect(pendingIntentsOf(h, SUP6.id)).toEqual([]);
  const panel = await h.ok('panel/open', undefined, { user: a!, issue: 'SUP-6' });
  expect(panel.links.map((l) => l.id).sort()).toEqual([first, second].sort());
});
