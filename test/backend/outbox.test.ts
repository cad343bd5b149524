// The link change's pure steps: what a writer stores with an edit (the record, its outbox and the
// writer's claims), and how the outbox settles after the deliveries to Atlas CRM.
import {
  CLAIM_MS,
  planChange,
  settleOutbox,
  type Delivery,
  type OwnChange,
} from '../../src/backend/services/links/outbox';
import type { LinkRecord } from '../../src/backend/storage/link-record-format';
import type { Pending, StoredLinks } from '../../src/backend/storage/link-store';
import type { LinkedEntity } from '../../src/shared/contract';

const NOW = 1_800_000_000_000;
const ME = 'writer-me';

function link(id: string): LinkedEntity {
  return {
    id,
    type: 'company',
    name: `Company ${id}`,
    keyFields: {},
    linkedBy: '557058:agent',
    linkedAt: new Date(0).toISOString(),
    refreshedAt: new Date(0).toISOString(),
    status: 'ok',
  };
}

function stored(ids: string[], outbox: Pending[] = [], rev = 4): StoredLinks {
  return { rev, record: { links: ids.map(link) }, outbox };
}

const add = (id: string) => (record: LinkRecord) => ({
  ...record,
  links: [...record.links, link(id)],
});
const remove = (id: string) => (record: LinkRecord) => ({
  ...record,
  links: record.links.filter((entry) => entry.id !== id),
});

describe('planChange', () => {
  it('puts a linked entity in the outbox at the new revision, claimed by the writer', () => {
    const plan = planChange(stored(['a']), add('b'), ME, NOW)!;
    expect(plan.record.links.map((entry) => entry.id)).toEqual(['a', 'b']);
    expect(plan.outbox).toEqual([{ id: 'b', rev: 5, claim: { by: ME, at: NOW } }]);
    expect(plan.own.get('b')).toEqual({ rev: 5, index: -1 });
  });

  it('remembers an unlinked entry and its place, to put it back if Atlas CRM refuses', () => {
    const plan = planChange(stored(['a', 'b', 'c']), remove('b'), ME, NOW)!;
    expect(plan.own.get('b')).toEqual({ rev: 5, index: 1, before: link('b') });
  });

  it('writes nothing when the edit changes nothing and nothing waits', () => {
    expect(planChange(stored(['a']), (record) => record, ME, NOW)).toBeUndefined();
  });

  it('claims what a crash left unclaimed, or claimed longer ago than CLAIM_MS', () => {
    const left: Pending[] = [
      { id: 'x', rev: 2 },
      { id: 'y', rev: 3, claim: { by: 'gone', at: NOW - CLAIM_MS - 1 } },
    ];
    const plan = planChange(stored([], left), (r) => r, ME, NOW)!;
    expect(plan.outbox).toEqual([
      { id: 'x', rev: 2, claim: { by: ME, at: NOW } },
      { id: 'y', rev: 3, claim: { by: ME, at: NOW } },
    ]);
    // Nothing of the record changed: no change of its own to undo.
    expect(plan.own.size).toBe(0);
  });

  it('leaves an entity a live writer holds to it, at the new revision so it delivers again', () => {
    const held: Pending[] = [{ id: 'b', rev: 3, claim: { by: 'other', at: NOW - 1_000 } }];
    const plan = planChange(stored(['b'], held), remove('b'), ME, NOW)!;
    expect(plan.outbox).toEqual([{ id: 'b', rev: 5, claim: { by: 'other', at: NOW - 1_000 } }]);
  });

  it('moves a record of an earlier version even when the edit changes nothing', () => {
    const legacy: StoredLinks = { ...stored(['a'], [], 0), legacy: true };
    expect(planChange(legacy, (r) => r, ME, NOW)).toBeDefined();
  });
});

describe('settleOutbox', () => {
  const own = (entries: [string, OwnChange][]) => new Map(entries);
  const done = (entries: [string, Delivery][]) => new Map(entries);

  it('drops what was delivered and keeps what others hold', () => {
    const current = stored(
      ['b'],
      [
        { id: 'b', rev: 5, claim: { by: ME, at: NOW } },
        { id: 'z', rev: 4, claim: { by: 'other', at: NOW } },
      ],
      5,
    );
    const settled = settleOutbox(
      current,
      done([['b', { rev: 5 }]]),
      own([]),
      new Set(),
      ME,
      true,
      NOW,
    );
    expect(settled.outbox).toEqual([{ id: 'z', rev: 4, claim: { by: 'other', at: NOW } }]);
    expect(settled.redeliver).toBe(false);
    expect(settled.record).toEqual(current.record);
  });

  it("undoes the writer's own link that Atlas CRM refused, and keeps the undo to deliver", () => {
    const refusal = new Error('Atlas CRM is down');
    const current = stored(['a', 'b'], [{ id: 'b', rev: 5, claim: { by: ME, at: NOW } }], 5);
    const settled = settleOutbox(
      current,
      done([['b', { rev: 5, error: refusal }]]),
      own([['b', { rev: 5, index: -1 }]]),
      new Set(),
      ME,
      true,
      NOW,
    );
    expect(settled.record.links.map((entry) => entry.id)).toEqual(['a']);
    expect(settled.undone).toEqual(new Map([['b', refusal]]));
    expect(settled.outbox).toEqual([{ id: 'b', rev: 6, claim: { by: ME, at: NOW } }]);
    expect(settled.redeliver).toBe(true);
  });

  it('puts back an unlinked entry in its place when Atlas CRM refused the unlink', () => {
    const current = stored(['a', 'c'], [{ id: 'b', rev: 5, claim: { by: ME, at: NOW } }], 5);
    const settled = settleOutbox(
      current,
      done([['b', { rev: 5, error: new Error('429') }]]),
      own([['b', { rev: 5, index: 1, before: link('b') }]]),
      new Set(),
      ME,
      true,
      NOW,
    );
    expect(settled.record.links.map((entry) => entry.id)).toEqual(['a', 'b', 'c']);
  });

  it('never undoes a change someone made to the entity after this writer', () => {
    // Another writer unlinked `b` (rev 6) while this writer's link of it (rev 5) failed.
    const current = stored(['a'], [{ id: 'b', rev: 6, claim: { by: ME, at: NOW } }], 6);
    const settled = settleOutbox(
      current,
      done([['b', { rev: 5, error: new Error('down') }]]),
      own([['b', { rev: 5, index: -1 }]]),
      new Set(),
      ME,
      true,
      NOW,
    );
    expect(settled.undone.size).toBe(0);
    expect(settled.record).toEqual(current.record);
    // Atlas CRM must hear the newer state: delivered again by this writer.
    expect(settled.outbox).toEqual([{ id: 'b', rev: 6, claim: { by: ME, at: NOW } }]);
    expect(settled.redeliver).toBe(true);
  });

  it('leaves a failed undo, or a failure on the last round, pending and unclaimed', () => {
    const current = stored(['a'], [{ id: 'b', rev: 6, claim: { by: ME, at: NOW } }], 6);
    const settled = settleOutbox(
      current,
      done([['b', { rev: 6, error: new Error('still down') }]]),
      own([['b', { rev: 6, index: -1 }]]),
      new Set(['b']),
      ME,
      false,
      NOW,
    );
    expect(settled.outbox).toEqual([{ id: 'b', rev: 6 }]);
    expect(settled.redeliver).toBe(false);
  });
});
