// What a link change writes, as pure functions of what was read (no I/O, unit tested directly):
// the edited record with its outbox and this writer's claims, and after the deliveries the
// settled outbox, with this writer's refused changes undone.
import type { LinkedEntity } from '../../../shared/contract';
import type { LinkRecord } from '../../storage/link-record-format';
import type { Pending, StoredLinks } from '../../storage/link-store';

/** Longer than any Forge invocation lives: a claim this old belongs to a writer that is gone. */
export const CLAIM_MS = 60_000;

/** An edit of the record: pure, applied again if another writer got there first. */
export type Edit = (record: LinkRecord) => LinkRecord;

/** What a writer changed itself: how to undo it while nobody else changed that entity since. */
export interface OwnChange {
  /** The revision of the change (of the undo, once undone). */
  rev: number;
  /** The entry before an unlink; none before a link. */
  before?: LinkedEntity;
  /** Where the entry stood, so an undone unlink puts it back in its place. */
  index: number;
}

/** Delivery of one entity: at which of its revisions, and Atlas CRM's refusal if any. */
export interface Delivery {
  rev: number;
  error?: unknown;
}

export interface Plan {
  record: LinkRecord;
  outbox: Pending[];
  /** Entities the edit linked or unlinked. */
  own: Map<string, OwnChange>;
}

export interface Settled {
  record: LinkRecord;
  outbox: Pending[];
  /** This writer's own changes Atlas CRM refused, undone in `record`. */
  undone: Map<string, unknown>;
  /** Some entity changed while this writer held it: to be delivered again. */
  redeliver: boolean;
}

function ids(record: LinkRecord): Set<string> {
  return new Set(record.links.map((link) => link.id));
}

/** Entities one record holds and the other does not. */
export function membershipChanges(before: LinkRecord, after: LinkRecord): string[] {
  const was = ids(before);
  const is = ids(after);
  return [...[...is].filter((id) => !was.has(id)), ...[...was].filter((id) => !is.has(id))];
}

export function claimable(entry: Pending, writer: string, now: number): boolean {
  return !entry.claim || entry.claim.by === writer || entry.claim.at < now - CLAIM_MS;
}

/**
 * The edit applied to what was read: each entity it linked or unlinked enters the outbox at the
 * new revision (keeping a live claim of another writer, who will deliver it again), and every
 * entry nobody live holds is claimed by this writer. Undefined when there is nothing to write.
 */
export function planChange(
  base: StoredLinks,
  edit: Edit,
  writer: string,
  now: number,
): Plan | undefined {
  const edited = edit(base.record);
  // Automatic linking is settled once per issue: no edit can take that back.
  const record =
    base.record.autoLink && !edited.autoLink
      ? { ...edited, autoLink: base.record.autoLink }
      : edited;
  const touched = membershipChanges(base.record, record);
  const rev = base.rev + 1;
  const outbox: Pending[] = base.outbox.map((entry) =>
    touched.includes(entry.id) ? { ...entry, rev } : entry,
  );
  for (const id of touched) if (!outbox.some((entry) => entry.id === id)) outbox.push({ id, rev });
  const claimed = outbox.map((entry) =>
    claimable(entry, writer, now) ? { ...entry, claim: { by: writer, at: now } } : entry,
  );
  const delivers = claimed.some((entry) => entry.claim?.by === writer);
  const unchanged = JSON.stringify(record) === JSON.stringify(base.record);
  if (unchanged && !delivers && !base.legacy) return undefined;
  const own = new Map<string, OwnChange>();
  for (const id of touched) {
    const index = base.record.links.findIndex((link) => link.id === id);
    const before = base.record.links[index];
    own.set(id, { rev, index, ...(before ? { before } : {}) });
  }
  return { record, outbox: claimed, own };
}

/**
 * The outbox after this writer's deliveries, against the record as stored now. Delivered entries
 * leave it. An entry that changed since it was delivered is kept (claimed again when `again`).
 * This writer's own change that Atlas CRM refused, untouched since, is undone in the record and
 * the undo kept to be delivered; any other refusal stays pending, unclaimed, for the next writer.
 */
export function settleOutbox(
  current: StoredLinks,
  delivered: ReadonlyMap<string, Delivery>,
  own: ReadonlyMap<string, OwnChange>,
  refused: ReadonlySet<string>,
  writer: string,
  again: boolean,
  now: number,
): Settled {
  let links = [...current.record.links];
  const outbox: Pending[] = [];
  const undone = new Map<string, unknown>();
  const rev = current.rev + 1;
  const keep = (id: string, at: number): void => {
    outbox.push(again ? { id, rev: at, claim: { by: writer, at: now } } : { id, rev: at });
  };
  for (const entry of current.outbox) {
    const result = delivered.get(entry.id);
    if (entry.claim?.by !== writer || !result) outbox.push(entry);
    else if (entry.rev !== result.rev) keep(entry.id, entry.rev);
    else if (result.error === undefined) continue;
    else {
      const change = own.get(entry.id);
      if (change && change.rev === entry.rev && !refused.has(entry.id)) {
        undone.set(entry.id, result.error);
        links = links.filter((link) => link.id !== entry.id);
        if (change.before) links.splice(Math.min(change.index, links.length), 0, change.before);
        keep(entry.id, rev);
      } else outbox.push({ id: entry.id, rev: entry.rev });
    }
  }
  const redeliver = again && outbox.some((entry) => entry.claim?.by === writer);
  return { record: { ...current.record, links }, outbox, undone, redeliver };
}
