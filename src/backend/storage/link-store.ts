// An issue's link record in the Custom Entity Store (entity `issue-links`, key: the issue id): the
// one truth about its links, holding in the same value the Atlas CRM changes still to be made for
// them (the outbox). Every write is conditional on the revision it read, so two writers never
// overwrite each other: the one that loses reads again. No lock, no second key.
import { Filter, FilterConditions, kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { isEntityId } from '../../shared/ids';
import { AppFailure } from '../errors';
import { readBatch, type BatchItem, type BatchValues } from './batch';
import { KEYS, LINKS_ENTITY } from './keys';
import {
  LinkRecordFormatError,
  decodeRecord,
  encodeRecord,
  type LinkRecord,
  type LinkRecordJson,
} from './link-record-format';

/** An entity whose Atlas CRM side must be made to match the record: linked iff the record holds it. */
export interface Pending {
  id: string;
  /** The revision that last changed whether the record holds it. */
  rev: number;
  /** The writer delivering it, and since when (epoch ms): others leave it alone meanwhile. */
  claim?: { by: string; at: number };
}

export interface StoredLinks {
  /** 0 before the first write. */
  rev: number;
  /** Who wrote this revision: tells a write that landed despite an error from one that did not. */
  writer?: string;
  record: LinkRecord;
  outbox: Pending[];
  /** Read from the key of versions before the entity: the first write moves it. */
  legacy?: true;
}

interface PendingJson {
  i: string;
  r: number;
  b?: string;
  t?: number;
}

interface LinksEntity {
  rev: number;
  writer: string;
  record: LinkRecordJson;
  outbox: PendingJson[];
}

const UNREADABLE_MESSAGE =
  'The Atlas CRM links stored for this issue could not be read, so nothing was changed. Ask a Jira admin to check the app.';

export const NOTHING_STORED: StoredLinks = { rev: 0, record: { links: [] }, outbox: [] };

/** The two places an issue's record may be, for a batch read. */
export function linkItems(issueId: string): BatchItem[] {
  return [{ key: issueId, entityName: LINKS_ENTITY }, { key: KEYS.legacyLinks(issueId) }];
}

function decodeOutbox(value: unknown): Pending[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: unknown): Pending[] => {
    if (!isRecord(raw) || !isEntityId(raw.i) || typeof raw.r !== 'number') return [];
    const claimed = typeof raw.b === 'string' && typeof raw.t === 'number';
    return [
      {
        id: raw.i,
        rev: raw.r,
        ...(claimed ? { claim: { by: raw.b as string, at: raw.t as number } } : {}),
      },
    ];
  });
}

function encodeOutbox(outbox: readonly Pending[]): PendingJson[] {
  return outbox.map((entry) => ({
    i: entry.id,
    r: entry.rev,
    ...(entry.claim ? { b: entry.claim.by, t: entry.claim.at } : {}),
  }));
}

function decodeOrRefuse(issueId: string, value: unknown): LinkRecord {
  try {
    return decodeRecord(value);
  } catch (err) {
    if (!(err instanceof LinkRecordFormatError)) throw err;
    console.error(`[atlas-crm] link record of issue ${issueId}: ${err.message}`);
    throw new AppFailure('INTERNAL', UNREADABLE_MESSAGE);
  }
}

/** The record as a batch found it: the entity, else an earlier version's key, else nothing. */
export function storedLinksOf(issueId: string, values: BatchValues): StoredLinks {
  const [entityItem, legacyItem] = linkItems(issueId) as [BatchItem, BatchItem];
  const entity = values.get(entityItem);
  if (isRecord(entity) && typeof entity.rev === 'number') {
    return {
      rev: entity.rev,
      ...(typeof entity.writer === 'string' ? { writer: entity.writer } : {}),
      record: decodeOrRefuse(issueId, entity.record),
      outbox: decodeOutbox(entity.outbox),
    };
  }
  const legacy = values.get(legacyItem);
  if (legacy === undefined) return NOTHING_STORED;
  return { rev: 0, record: decodeOrRefuse(issueId, legacy), outbox: [], legacy: true };
}

/** One KVS round. */
export async function readLinks(issueId: string): Promise<StoredLinks> {
  return storedLinksOf(issueId, await readBatch(linkItems(issueId)));
}

export type CommitResult = { ok: true; stored: StoredLinks } | { ok: false; current: StoredLinks };

/** A write answered with an error, and the read that would tell whether it landed failed too. */
export class UnconfirmedWrite extends Error {
  constructor(override readonly cause: unknown) {
    super('a link record write failed and could not be checked');
    this.name = 'UnconfirmedWrite';
  }
}

/**
 * Writes `next` as revision base.rev + 1 if the stored revision is still base.rev (one KVS
 * transaction). When someone else wrote first, answers what is stored now. A write that failed
 * otherwise is told apart by reading back: landed (it carries our writer id) or not (thrown).
 */
export async function commitLinks(
  issueId: string,
  base: StoredLinks,
  next: { record: LinkRecord; outbox: readonly Pending[] },
  writer: string,
): Promise<CommitResult> {
  const value: LinksEntity = {
    rev: base.rev + 1,
    writer,
    record: encodeRecord(next.record),
    outbox: encodeOutbox(next.outbox),
  };
  const unchanged =
    base.rev === 0
      ? new Filter<LinksEntity>().and('rev', FilterConditions.notExists())
      : new Filter<LinksEntity>().and('rev', FilterConditions.equalTo(base.rev));
  const write = kvs
    .transact()
    .set(issueId, value, { entityName: LINKS_ENTITY, conditions: unchanged });
  if (base.legacy) write.delete(KEYS.legacyLinks(issueId));
  const stored: StoredLinks = {
    rev: value.rev,
    writer,
    record: next.record,
    outbox: [...next.outbox],
  };
  try {
    await write.execute();
    return { ok: true, stored };
  } catch (err) {
    // Forge documents no code for a failed condition: what is stored now decides.
    const current = await readLinks(issueId).catch((readError: unknown) => {
      throw new UnconfirmedWrite(readError);
    });
    if (current.rev === value.rev && current.writer === writer) return { ok: true, stored };
    if (current.rev !== base.rev || current.legacy !== base.legacy) return { ok: false, current };
    throw err;
  }
}
