// The link record the services act on: the app's own, in KVS. Two things bridge it to the issue
// property, which users can rewrite:
// - migration: an issue linked by an earlier version has only the property. Its entity ids are
//   candidates, nothing more: each counts only if Atlas CRM confirms it is linked to this issue,
//   and its name and key fields come from Atlas CRM too. Then the record is written and the
//   property rewritten as the index.
// - the index: a property that is not exactly the record's index (rewritten by someone, or a
//   write that failed) is rewritten from the record.
import { CrmNotFoundError, mapSettled, type CrmClient, type Entity } from '../../../crm';
import type { LinkedEntity } from '../../../shared/contract';
import { requireTimeLeft } from '../../deadline';
import { AppFailure } from '../../errors';
import { describeForLog } from '../../redact';
import {
  readLinkRecord,
  readRecordIfAny,
  writeLinkIndex,
  writeLinkRecordWithRetry,
  type RecordSnapshot,
} from '../../storage/link-record';
import {
  compactSummary,
  fitsForAdd,
  indexMatches,
  propertyEntityIds,
  type LinkRecord,
} from '../../storage/link-record-format';
import { withIssueLock, withIssueLockIfFree, type IssueLock } from '../../storage/lock';
import { toSummary } from '../summaries';
import { loadTemplates } from '../templates';
import { LINK_MESSAGES } from './links-data';

/** Entities checked with Atlas CRM at the same time during a migration. */
const MIGRATION_CONCURRENCY = 4;
/**
 * Unlinking an issue id Jira never gives out (ids start at 10000) changes nothing, and Atlas CRM
 * answers with the issue ids the entity is linked to: the one way its API tells them.
 */
export const PROBE_ISSUE_ID = '0';

/** The entity, if Atlas CRM says it exists and is linked to the issue; undefined otherwise. */
async function confirmedEntity(
  crm: CrmClient,
  entityId: string,
  issueId: string,
): Promise<Entity | undefined> {
  try {
    const [issueIds, entity] = await Promise.all([
      crm.unlinkIssues(entityId, [PROBE_ISSUE_ID]),
      crm.getEntity(entityId),
    ]);
    // Only the entity asked about counts, never another one an answer names.
    return issueIds.includes(issueId) && entity.id === entityId ? entity : undefined;
  } catch (err) {
    if (err instanceof CrmNotFoundError) return undefined;
    throw err;
  }
}

/** Under the lock: the record rebuilt from what Atlas CRM confirms of the property's ids. */
async function migrateLocked(
  lock: IssueLock,
  property: unknown,
  getCrm: () => CrmClient,
): Promise<LinkRecord> {
  const issueId = lock.issueId;
  const again = await readRecordIfAny(issueId);
  if (again) return again;
  const ids = propertyEntityIds(property);
  const links: LinkedEntity[] = [];
  if (ids.length > 0) {
    requireTimeLeft();
    const crm = getCrm();
    const [templates, checks] = await Promise.all([
      loadTemplates(getCrm),
      mapSettled(ids, MIGRATION_CONCURRENCY, (id) => confirmedEntity(crm, id, issueId)),
    ]);
    const now = new Date().toISOString();
    for (const check of checks) {
      if (check.status === 'rejected') {
        console.warn(
          `[atlas-crm] links of issue ${issueId} not migrated yet: ${describeForLog(check.reason)}`,
        );
        throw new AppFailure('CRM_UNAVAILABLE', LINK_MESSAGES.notConfirmed, {
          retryAfterMs: 5_000,
        });
      }
      const entity = check.value;
      if (entity === undefined || links.some((link) => link.id === entity.id)) continue;
      // Who linked it and when are not taken from the property: nobody vouches for them.
      const linked: LinkedEntity = {
        ...compactSummary(toSummary(entity, templates[entity.type])),
        linkedBy: '',
        linkedAt: now,
        refreshedAt: now,
        status: 'ok',
      };
      if (!fitsForAdd({ links: [...links, linked] })) break;
      links.push(linked);
    }
  }
  const record: LinkRecord = { links };
  if (!(await writeLinkRecordWithRetry(lock, record)))
    throw new AppFailure('INTERNAL', LINK_MESSAGES.unconfirmed, { retryAfterMs: 5_000 });
  console.info(
    `[atlas-crm] links of issue ${issueId} migrated: ${links.length} of ${ids.length} confirmed by Atlas CRM`,
  );
  return record;
}

/**
 * The issue's record. Without one, an issue property (old format, or written by anyone) is
 * migrated: under the lock, confirmed link by link with Atlas CRM.
 */
export async function recordOf(
  issueId: string,
  snapshot: RecordSnapshot,
  getCrm: () => CrmClient,
): Promise<LinkRecord> {
  if (snapshot.record) return snapshot.record;
  if (snapshot.property === undefined) return { links: [] };
  return withIssueLock(issueId, (lock) => migrateLocked(lock, snapshot.property, getCrm));
}

/** Under the lock (the caller holds it): as recordOf, re-reading the record first. */
export async function recordOfLocked(
  lock: IssueLock,
  snapshot: RecordSnapshot,
  getCrm: () => CrmClient,
): Promise<LinkRecord> {
  const current = await readRecordIfAny(lock.issueId);
  if (current) return current;
  if (snapshot.property === undefined) return { links: [] };
  return migrateLocked(lock, snapshot.property, getCrm);
}

/**
 * Best effort, when the property is not the record's index: rewrites it from the record as read
 * under the lock (skipped if the lock is busy: its holder writes the index anyway).
 */
export async function syncIndex(issueId: string, snapshot: RecordSnapshot): Promise<void> {
  if (!snapshot.record || indexMatches(snapshot.property, snapshot.record)) return;
  try {
    await withIssueLockIfFree(issueId, async (lock) => {
      const current = await readLinkRecord(issueId);
      await lock.confirm();
      await writeLinkIndex(issueId, current);
    });
  } catch (err) {
    console.warn(
      `[atlas-crm] the JQL index of issue ${issueId} could not be rewritten: ${describeForLog(err)}`,
    );
  }
}
