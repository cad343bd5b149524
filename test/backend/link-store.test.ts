// The link record's storage through the real @forge/kvs client and the platform stand-in: one
// batch read, writes conditional on the revision read, a write that landed despite an error told
// apart from one that did not, and a record kept by an earlier version moved on the first write.
import { ForgeHost } from '../../sandbox/forge-host';
import { encodeRecord, type LinkRecord } from '../../src/backend/storage/link-record-format';
import { NOTHING_STORED, commitLinks, readLinks } from '../../src/backend/storage/link-store';
import type { LinkedEntity } from '../../src/shared/contract';

const host = new ForgeHost();
const ISSUE = '10042';

type ForgeFetch = (
  descriptor: { type: string },
  path: string,
  init?: RequestInit,
) => Promise<Response>;
const g = globalThis as typeof globalThis & { __forge_fetch__?: ForgeFetch };

beforeAll(() => host.install());
afterAll(() => host.uninstall());
beforeEach(() => {
  host.kvs.clear();
  host.kvs.resetCounts();
});

function record(...ids: string[]): LinkRecord {
  return {
    links: ids.map((id): LinkedEntity => ({
      id,
      type: 'contact',
      name: `Contact ${id}`,
      keyFields: {},
      linkedBy: '557058:agent',
      linkedAt: new Date(1_000).toISOString(),
      refreshedAt: new Date(1_000).toISOString(),
      status: 'ok',
    })),
  };
}

/** Makes the next link-record write fail; `landed` says whether it is applied first. */
function failNextWrite(landed: boolean): void {
  const inner = g.__forge_fetch__ as ForgeFetch;
  g.__forge_fetch__ = async (descriptor, path, init) => {
    if (path !== '/api/v1/transaction') return inner(descriptor, path, init);
    g.__forge_fetch__ = inner;
    if (landed) await inner(descriptor, path, init);
    return new Response(JSON.stringify({ code: 'INTERNAL_SERVER_ERROR', message: 'down' }), {
      status: 500,
    });
  };
}

it('reads an issue without a record as no links, in one KVS call', async () => {
  expect(await readLinks(ISSUE)).toEqual(NOTHING_STORED);
  expect(host.kvs.counts().byPath).toEqual({ '/api/v1/batch/get': 1 });
});

it('writes revision 1 only if none exists, then only on the revision read', async () => {
  const first = await commitLinks(ISSUE, NOTHING_STORED, { record: record('a'), outbox: [] }, 'w1');
  expect(first).toMatchObject({ ok: true, stored: { rev: 1 } });
  // A second writer that read "nothing" loses, and learns what is stored.
  const late = await commitLinks(ISSUE, NOTHING_STORED, { record: record('b'), outbox: [] }, 'w2');
  expect(late).toMatchObject({ ok: false, current: { rev: 1, writer: 'w1' } });
  const read = await readLinks(ISSUE);
  expect(read.record.links.map((link) => link.id)).toEqual(['a']);
  const next = await commitLinks(ISSUE, read, { record: record('a', 'b'), outbox: [] }, 'w2');
  expect(next).toMatchObject({ ok: true, stored: { rev: 2 } });
  expect(host.kvs.peekEntity('issue-links', ISSUE)).toMatchObject({ rev: 2, writer: 'w2' });
});

it('keeps the outbox with its claims in the same value', async () => {
  const outbox = [{ id: 'a', rev: 1, claim: { by: 'w1', at: 1_700_000_000_000 } }];
  await commitLinks(ISSUE, NOTHING_STORED, { record: record('a'), outbox }, 'w1');
  expect((await readLinks(ISSUE)).outbox).toEqual(outbox);
});

it('tells a write that landed despite an error from one that did not', async () => {
  failNextWrite(true);
  const landed = await commitLinks(
    ISSUE,
    NOTHING_STORED,
    { record: record('a'), outbox: [] },
    'w1',
  );
  expect(landed).toMatchObject({ ok: true, stored: { rev: 1 } });
  failNextWrite(false);
  const read = await readLinks(ISSUE);
  await expect(
    commitLinks(ISSUE, read, { record: record('a', 'b'), outbox: [] }, 'w2'),
  ).rejects.toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  expect((await readLinks(ISSUE)).rev).toBe(1);
});

it('reads a record an earlier version kept under its own key, and moves it on the first write', async () => {
  host.kvs.seed(`links:issue:${ISSUE}`, encodeRecord(record('old')));
  const read = await readLinks(ISSUE);
  expect(read).toMatchObject({ rev: 0, legacy: true });
  expect(read.record.links.map((link) => link.id)).toEqual(['old']);
  await commitLinks(ISSUE, read, { record: read.record, outbox: [] }, 'w1');
  expect(host.kvs.peek(`links:issue:${ISSUE}`)).toBeUndefined();
  expect((await readLinks(ISSUE)).record.links.map((link) => link.id)).toEqual(['old']);
});

it('refuses to read a record with an id the id rule refuses, rather than drop it silently', async () => {
  host.kvs.seedEntity('issue-links', ISSUE, {
    rev: 1,
    writer: 'w1',
    record: { v: 1, us: [], links: [{ i: '..', t: 'company', n: 'X', k: {}, b: 0, a: 0, r: 0 }] },
    outbox: [{ i: '..', r: 1 }],
  });
  await expect(readLinks(ISSUE)).rejects.toMatchObject({ code: 'INTERNAL' });
});

it('never hands out an outbox entry whose id the id rule refuses', async () => {
  host.kvs.seedEntity('issue-links', ISSUE, {
    rev: 1,
    writer: 'w1',
    record: encodeRecord(record('a')),
    outbox: [{ i: '..', r: 1 }, { i: 'a', r: 1 }, 'junk'],
  });
  expect((await readLinks(ISSUE)).outbox).toEqual([{ id: 'a', rev: 1 }]);
});
