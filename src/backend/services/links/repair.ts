// The repair journal at work. Every link change writes an intent before it calls the CRM; the
// helpers here make the CRM follow the issue's link record (KVS) again and delete the intent once
// both sides agree. Intents that can not be settled now stay for the next holder of the issue's lock.
import { CrmNotFoundError, type CrmClient } from '../../../crm';
import { AppFailure } from '../../errors';
import { describeForLog } from '../../redact';
import { deleteIntent, listIntents, writeIntent, type Intent } from '../../storage/journal';
import { readLinkRecord, writeLinkRecordWithRetry } from '../../storage/link-record';
import type { LinkRecord } from '../../storage/link-record-format';
import { withIssueLockIfFree, type IssueLock } from '../../storage/lock';
import { LINK_MESSAGES, hasLink } from './links-data';

/** Told to the panel when a change could not be stored: Jira's trouble is usually brief. */
export const UNSAVED_RETRY_AFTER_MS = 5_000;

/** Writes the intent to the journal before the CRM call it announces. */
export async function journalIntent(
  issueId: string,
  entityId: string,
  op: Intent['op'],
): Promise<Intent> {
  const intent: Intent = { issueId, entityId, op, at: Date.now() };
  await writeIntent(intent);
  return intent;
}

/** linkIssues / unlinkIssues where a deleted entity (404) counts as done. */
export async function setCrmIssueLink(
  crm: CrmClient,
  op: Intent['op'],
  entityId: string,
  issueId: string,
): Promise<void> {
  try {
    if (op === 'link') await crm.linkIssues(entityId, [issueId]);
    else await crm.unlinkIssues(entityId, [issueId]);
  } catch (err) {
    if (err instanceof CrmNotFoundError) return;
    throw err;
  }
}

export async function forgetIntent(issueId: string, entityId: string): Promise<void> {
  try {
    await deleteIntent(issueId, entityId);
  } catch (err) {
    // Left behind, it is replayed later: replaying a settled intent is harmless.
    console.warn(`[atlas-crm] deleting a repair intent failed: ${describeForLog(err)}`);
  }
}

/**
 * Best effort: links or unlinks in the CRM as the record says, then deletes the intent.
 * False if the CRM call failed (the intent stays for later).
 */
export async function alignCrmWithRecord(
  crm: CrmClient,
  intent: Intent,
  recordHasLink: boolean,
): Promise<boolean> {
  try {
    await setCrmIssueLink(crm, recordHasLink ? 'link' : 'unlink', intent.entityId, intent.issueId);
    await forgetIntent(intent.issueId, intent.entityId);
    return true;
  } catch (err) {
    console.warn(
      `[atlas-crm] repairing the CRM link of issue ${intent.issueId} failed, kept for later: ${describeForLog(err)}`,
    );
    return false;
  }
}

type AfterFailedWrite =
  { applied: true; record: LinkRecord } | { applied: false; recordKnown: boolean };

/**
 * After every attempt to write the record failed: a failed write may still have been applied, so
 * read what is stored before undoing anything in the CRM. If even that read fails, the intent
 * stays in the journal and the next holder of the lock settles it against a fresh read.
 */
async function reconcileAfterFailedWrite(
  crm: CrmClient,
  intent: Intent,
): Promise<AfterFailedWrite> {
  let record: LinkRecord;
  try {
    record = await readLinkRecord(intent.issueId);
  } catch (err) {
    console.warn(
      `[atlas-crm] record of issue ${intent.issueId} unreadable after a failed write, kept for later: ${describeForLog(err)}`,
    );
    return { applied: false, recordKnown: false };
  }
  const recordHasLink = hasLink(record, intent.entityId);
  if (recordHasLink === (intent.op === 'link')) {
    await forgetIntent(intent.issueId, intent.entityId);
    return { applied: true, record };
  }
  await alignCrmWithRecord(crm, intent, recordHasLink);
  return { applied: false, recordKnown: true };
}

/**
 * The last step of a journaled change, its CRM side done: stores `next` and drops the intent.
 * Resolves to the record now stored; throws `notSavedMessage` when the change was not stored.
 */
export async function storeRecordOrReconcile(
  crm: CrmClient,
  lock: IssueLock,
  intent: Intent,
  next: LinkRecord,
  notSavedMessage: string,
): Promise<LinkRecord> {
  if (await writeLinkRecordWithRetry(lock, next)) {
    await forgetIntent(intent.issueId, intent.entityId);
    return next;
  }
  const after = await reconcileAfterFailedWrite(crm, intent);
  if (after.applied) return after.record;
  const message = after.recordKnown ? notSavedMessage : LINK_MESSAGES.unconfirmed;
  throw new AppFailure('INTERNAL', message, { retryAfterMs: UNSAVED_RETRY_AFTER_MS });
}

/** Must run while holding the issue's lock. Failures stay in the journal for next time. */
export async function replayIntents(
  crm: CrmClient,
  issueId: string,
  record: LinkRecord,
  pending?: Intent[],
): Promise<number> {
  const intents = pending ?? (await listIntents(issueId));
  let settled = 0;
  for (const intent of intents) {
    if (await alignCrmWithRecord(crm, intent, hasLink(record, intent.entityId))) settled++;
  }
  return settled;
}

/** Panel open: replays pending intents if there are any and the lock is free right now. */
export async function repairIfNeeded(crm: () => CrmClient, issueId: string): Promise<void> {
  const pending = await listIntents(issueId);
  if (pending.length === 0) return;
  await withIssueLockIfFree(issueId, async () => {
    const record = await readLinkRecord(issueId);
    await replayIntents(crm(), issueId, record);
  });
}
