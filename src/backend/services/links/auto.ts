// Automatic linking happens once per issue, and a person's choice wins over it. The record says
// in `autoLink` that it ran, written in the same conditional write as its links, so a redelivered
// event sees it and does nothing. A person's unlink settles it before it ran; a record dismissed
// on the issue is never linked by it, and one dismissed while it ran is unlinked again.
import type { CrmClient } from '../../../crm';
import type { LinkedEntity } from '../../../shared/contract';
import { passingFailure } from '../../transient';
import { readDismissed } from '../../storage/dismissed';
import type { StoredLinks } from '../../storage/link-store';
import type { AutoLinkOutcomeCode, LinkRecord } from '../../storage/link-record-format';
import { changeLinks, type Changed } from './change';

/**
 * `LINKED_BY_APP` is the `linkedBy` of links the app made by itself. Not an account id: no person
 * linked them, and a trigger runs for nobody.
 */
export const LINKED_BY_APP = 'app:atlas-crm';

/** The app's own deliveries keep what Atlas CRM refused for a passing reason, to deliver later. */
export const keepPassing = (error: unknown): boolean => passingFailure(error) !== undefined;

function settled(record: LinkRecord, outcome: AutoLinkOutcomeCode): LinkRecord {
  return { ...record, autoLink: { at: new Date().toISOString(), outcome } };
}

/**
 * The edit of automatic linking: nothing once it is settled, else `add` applied to what is not
 * dismissed, with the outcome, in one write. `ran` says whether the last application was its own.
 */
export function autoLinkEdit(
  entries: readonly LinkedEntity[],
  dismissed: ReadonlySet<string>,
  add: (record: LinkRecord, entries: readonly LinkedEntity[]) => LinkRecord,
): { edit: (record: LinkRecord) => LinkRecord; ran: () => boolean } {
  let ran = false;
  const chosen = entries.filter((entry) => !dismissed.has(entry.id));
  return {
    edit: (record) => {
      ran = record.autoLink === undefined;
      if (!ran) return record;
      return settled(add(record, chosen), chosen.length > 0 ? 'linked' : 'nothing');
    },
    ran: () => ran,
  };
}

/** Settles automatic linking with nothing linked (no match, or it gave up); false if it was already. */
export async function settleWithoutLinks(
  issueId: string,
  outcome: Exclude<AutoLinkOutcomeCode, 'linked'>,
  crm: () => CrmClient,
  read?: StoredLinks,
): Promise<boolean> {
  let ran = false;
  await changeLinks(
    issueId,
    (record) => {
      ran = record.autoLink === undefined;
      return ran ? settled(record, outcome) : record;
    },
    crm,
    { keep: keepPassing, ...(read ? { read } : {}) },
  );
  return ran;
}

/** A person's unlink before automatic linking ran settles it: it never links on this issue. */
export function unlinkedFirst(record: LinkRecord): LinkRecord {
  return record.autoLink ? record : settled(record, 'person-first');
}

/** The record without these ids where the app linked them. */
function withoutAppLinks(record: LinkRecord, ids: ReadonlySet<string>): LinkRecord {
  const links = record.links.filter(
    (link) => !(ids.has(link.id) && link.linkedBy === LINKED_BY_APP),
  );
  return links.length === record.links.length ? record : { ...record, links };
}

/** Unlinks what the app linked and a person dismissed meanwhile. */
export async function withdrawDismissed(
  issueId: string,
  ids: ReadonlySet<string>,
  crm: () => CrmClient,
): Promise<Changed | undefined> {
  if (ids.size === 0) return undefined;
  return changeLinks(issueId, (record) => withoutAppLinks(record, ids), crm, { keep: keepPassing });
}

/**
 * Automatic linking's side of a dismissal that raced it: the dismissals read again right after
 * its links were written. Read beside the delivery to Atlas CRM, so it adds no round.
 */
export function dismissalsAfterWrite(issueId: string): {
  afterWrite: () => void;
  read: () => Promise<Set<string>>;
} {
  let reading: Promise<Set<string>> | undefined;
  return {
    afterWrite: () => {
      reading = readDismissed(issueId);
      reading.catch(() => undefined);
    },
    read: () => reading ?? Promise.resolve(new Set<string>()),
  };
}

/**
 * The dismissal's side: written first, then the record read again unless automatic linking could
 * not link any more (settled before, or on for no project). The app's link of the record goes.
 */
export async function dismissalWins(
  issueId: string,
  entityId: string,
  read: StoredLinks,
  crm: () => CrmClient,
  autoLinkOn: boolean,
): Promise<void> {
  const ids = new Set([entityId]);
  const settledBefore = read.record.autoLink !== undefined || !autoLinkOn;
  if (settledBefore && withoutAppLinks(read.record, ids) === read.record) return;
  await withdrawDismissed(issueId, ids, crm);
}
