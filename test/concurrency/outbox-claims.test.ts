// The link record's outbox under races and crashes. Two people change the same record on the same
// issue at once: Atlas CRM must hear the changes in the order the record took them. A writer that
// died while delivering leaves its claim: the next writer leaves the entity alone until the claim
// expires, then delivers it.
import { CLAIM_MS } from '../../src/backend/services/links';
import { encodeRecord } from '../../src/backend/storage/link-record-format';
import { ISSUES, entityIds, startHarness, type Harness } from '../integration/harness';
import { addAgents, crmIds, invokeOn, pendingOf, recordIds, refreshLater } from '../faults/world';

jest.setTimeout(60_000);

type ForgeFetch = (
  descriptor: { type: string },
  path: string,
  init?: RequestInit,
) => Promise<Response>;
type WithForgeFetch = typeof globalThis & { __forge_fetch__?: ForgeFetch };

let h: Harness;
let agents: string[];
const g = globalThis as WithForgeFetch;

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  agents = addAgents(h, 2);
});
afterAll(async () => h.close());

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

it('a link and an unlink of one record at once reach Atlas CRM in the order the record took them', async () => {
  const sup6 = { id: ISSUES['SUP-6'], key: 'SUP-6' };
  const [record] = await entityIds(h, 'company', 1);
  const [a, b] = agents as [string, string];
  const inner = g.__forge_fetch__ as ForgeFetch;
  const firstWrite = deferred();
  const unlinked = deferred();
  let writes = 0;
  // The first writer's record write lands, but its answer comes only after the second writer is
  // done: Atlas CRM then gets the first writer's link after everything the second one did.
  g.__forge_fetch__ = async (descriptor, path, init) => {
    if (descriptor.type !== 'kvs' || path !== '/api/v1/transaction' || ++writes !== 1)
      return inner(descriptor, path, init);
    const answer = await inner(descriptor, path, init);
    firstWrite.resolve();
    await unlinked.promise;
    return answer;
  };
  try {
    const linking = invokeOn(h, 'links/add', { entityId: record }, sup6, a);
    await firstWrite.promise;
    const unlink = await invokeOn(h, 'links/remove', { entityId: record }, sup6, b);
    expect(unlink.ok).toBe(true);
    // The unlink is in the record; its delivery is left to the writer holding the record.
    expect(recordIds(h, sup6.id)).toEqual([]);
    unlinked.resolve();
    expect((await linking).ok).toBe(true);
  } finally {
    g.__forge_fetch__ = inner;
  }
  expect(recordIds(h, sup6.id)).toEqual([]);
  expect(crmIds(h, sup6.id)).toEqual([]);
  expect(pendingOf(h, sup6.id)).toEqual([]);
});

it('a claim left by a writer that died is delivered by the next writer once it expired', async () => {
  const sup5 = { id: ISSUES['SUP-5'], key: 'SUP-5' };
  const [orphan, other] = await entityIds(h, 'contact', 2);
  const now = new Date().toISOString();
  // In the record, not yet in Atlas CRM: the writer died between its two writes.
  h.host.kvs.seedEntity('issue-links', sup5.id, {
    rev: 1,
    writer: 'crashed-invocation',
    record: encodeRecord({
      links: [
        {
          id: orphan as string,
          type: 'contact',
          name: 'Orphan',
          keyFields: {},
          linkedBy: agents[0] as string,
          linkedAt: now,
          refreshedAt: now,
          status: 'ok',
        },
      ],
    }),
    outbox: [{ i: orphan, r: 1, b: 'crashed-invocation', t: Date.now() }],
  });
  expect(crmIds(h, sup5.id)).toEqual([]);

  // Within CLAIM_MS, another writer leaves the claimed entity alone.
  const added = await invokeOn(h, 'links/add', { entityId: other }, sup5, agents[1] as string);
  expect(added.ok).toBe(true);
  expect(crmIds(h, sup5.id)).toEqual([other]);
  expect(pendingOf(h, sup5.id)).toEqual([orphan]);

  // Later than CLAIM_MS (60 s), the next writer delivers it.
  expect(CLAIM_MS).toBe(60_000);
  await refreshLater(h, [sup5], agents[1] as string);
  expect(crmIds(h, sup5.id)).toEqual([orphan, other].sort());
  expect(pendingOf(h, sup5.id)).toEqual([]);
});
