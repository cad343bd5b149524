// Linking CRM entities to the current issue. The CRM side (`issue-ids` of the entity) and the
// issue's link record change together under the issue's lock; a repair journal of intents makes
// any half-done change converge to what the record says.
import { CrmNotFoundError, type CrmClient, type Entity, type Template } from '../../crm';
import type { EntitySummary, LinkedEntity, LinksData } from '../../shared/contract';
import type { IssueCall } from '../context';
import { AppFailure } from '../errors';
import { describeForLog } from '../redact';
import { deleteIntent, listIntents, writeIntent, type Intent } from '../storage/journal';
import {
  currentRecord,
  readLinkRecord,
  readRecordSnapshot,
  writeLinkRecordWithRetry,
  type RecordSnapshot,
} from '../storage/link-record';
import {
  compactSummary,
  fitsAtAll,
  fitsForAdd,
  limitReachedMessage,
  linkCapacity,
  type LinkRecord,
} from '../storage/link-record-format';
import { withIssueLock, withIssueLockIfFree } from '../storage/lock';
import { mapSettled } from './concurrency';
import { toSummary } from './summaries';
import { loadTemplates } from './templates';

export const REFRESH_CONCURRENCY = 4;

export const LINK_MESSAGES = {
  addNotSaved:
    'Jira could not save the link on this issue, so nothing was linked. Try again in a moment.',
  removeNotSaved:
    'Jira could not save the change on this issue, so the link was kept. Try again in a moment.',
  unconfirmed:
    'Jira did not confirm the change on this issue. Refresh the Atlas CRM panel in a moment to see whether it was saved.',
} as const;

export function linksData(record: LinkRecord): LinksData {
  return {
    links: record.links,
    linkCapacity: linkCapacity(record),
    ...(record.refreshedAt !== undefined ? { refreshedAt: record.refreshedAt } : {}),
  };
}

function nowIso(): string {
  return new Date().toISOString();
}

/** linkIssues / unlinkIssues where a deleted entity (404) counts as done. */
async function crmLink(
  crm: CrmClient,
  op: 'link' | 'unlink',
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

async function forgetIntent(issueId: string, entityId: string): Promise<void> {
  try {
    await deleteIntent(issueId, entityId);
  } catch (err) {
    // Left behind, it is replayed later: replaying a settled intent is harmless.
    console.warn(`[atlas-crm] deleting a repair intent failed: ${describeForLog(err)}`);
  }
}

/** Best effort: make the CRM agree with the record again; on success the intent is deleted. */
async function settle(crm: CrmClient, intent: Intent, recordHasIt: boolean): Promise<boolean> {
  try {
    await crmLink(crm, recordHasIt ? 'link' : 'unlink', intent.entityId, intent.issueId);
    await forgetIntent(intent.issueId, intent.entityId);
    return true;
  } catch (err) {
    console.warn(
      `[atlas-crm] repairing the CRM link of issue ${intent.issueId} failed, kept for later: ${describeForLog(err)}`,
    );
    return false;
  }
}

/**
 * After every attempt to write the record failed: a failed PUT may still have been applied, so
 * read what Jira holds before undoing anything in the CRM. If even that read fails, the intent
 * stays in the journal and the next holder of the lock settles it against a fresh read.
 */
async function settleAfterFailedWrite(
  crm: CrmClient,
  intent: Intent,
): Promise<{ applied: true; record: LinkRecord } | { applied: false; known: boolean }> {
  let record: LinkRecord;
  try {
    record = await readLinkRecord(intent.issueId);
  } catch (err) {
    console.warn(
      `[atlas-crm] record of issue ${intent.issueId} unreadable after a failed write, kept for later: ${describeForLog(err)}`,
    );
    return { applied: false, known: false };
  }
  const hasIt = record.links.some((l) => l.id === intent.entityId);
  if (hasIt === (intent.op === 'link')) {
    await forgetIntent(intent.issueId, intent.entityId);
    return { applied: true, record };
  }
  await settle(crm, intent, hasIt);
  return { applied: false, known: true };
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
    if (
      await settle(
        crm,
        intent,
        record.links.some((l) => l.id === intent.entityId),
      )
    )
      settled++;
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

async function summaryOf(getCrm: () => CrmClient, entity: Entity): Promise<EntitySummary> {
  let template: Template | undefined;
  try {
    template = (await loadTemplates(getCrm))[entity.type];
  } catch (err) {
    console.warn(
      `[atlas-crm] templates unavailable, summary uses defaults: ${describeForLog(err)}`,
    );
  }
  return toSummary(entity, template);
}

export async function addLink(
  call: IssueCall,
  entityId: string,
  getCrm: () => CrmClient,
): Promise<LinksData> {
  return withIssueLock(call.issue.id, () =>
    linkLocked(call, getCrm, entityId, (crm) => crm.getEntity(entityId)),
  );
}

/**
 * Creates an entity and links it, the creation running beside the record read under the lock.
 * `onCreated` learns of the entity as soon as it exists, so a failed link can still report it.
 */
export async function createAndLink(
  call: IssueCall,
  create: (crm: CrmClient) => Promise<Entity>,
  getCrm: () => CrmClient,
  onCreated: (entity: Entity) => void,
): Promise<LinksData> {
  return withIssueLock(call.issue.id, () =>
    linkLocked(call, getCrm, undefined, async (crm) => {
      const entity = await create(crm);
      onCreated(entity);
      return entity;
    }),
  );
}

/** Must run under the issue's lock. The entity and the record are read side by side. */
async function linkLocked(
  call: IssueCall,
  getCrm: () => CrmClient,
  knownId: string | undefined,
  fetchEntity: (crm: CrmClient) => Promise<Entity>,
): Promise<LinksData> {
  const issueId = call.issue.id;
  const crm = getCrm();
  const [entityRead, recordRead] = await Promise.allSettled([
    fetchEntity(crm),
    readLinkRecord(issueId),
  ]);
  if (recordRead.status === 'rejected') throw recordRead.reason;
  const record = recordRead.value;
  await replayIntents(crm, issueId, record);

  if (knownId !== undefined && record.links.some((l) => l.id === knownId)) {
    // Linking twice is harmless; still make sure the CRM side holds it.
    const intent: Intent = { issueId, entityId: knownId, op: 'link', at: Date.now() };
    await writeIntent(intent);
    await settle(crm, intent, true);
    return linksData(record);
  }
  if (entityRead.status === 'rejected') throw entityRead.reason;
  const entity = entityRead.value;
  const entityId = entity.id;

  const summary = compactSummary(await summaryOf(getCrm, entity));
  const at = nowIso();
  const linked: LinkedEntity = {
    ...summary,
    linkedBy: call.accountId,
    linkedAt: at,
    refreshedAt: at,
    status: 'ok',
  };
  const next: LinkRecord = { ...record, links: [...record.links, linked] };
  if (!fitsForAdd(next))
    throw new AppFailure('LIMIT_REACHED', limitReachedMessage(record.links.length));

  const intent: Intent = { issueId, entityId, op: 'link', at: Date.now() };
  await writeIntent(intent);
  try {
    await crm.linkIssues(entityId, [issueId]);
  } catch (err) {
    // The CRM may or may not have applied it: undo so both sides say "not linked".
    await settle(crm, intent, false);
    throw err;
  }
  if (!(await writeLinkRecordWithRetry(issueId, next))) {
    const after = await settleAfterFailedWrite(crm, intent);
    if (after.applied) return linksData(after.record);
    const message = after.known ? LINK_MESSAGES.addNotSaved : LINK_MESSAGES.unconfirmed;
    throw new AppFailure('INTERNAL', message, { retryAfterMs: 5000 });
  }
  await forgetIntent(issueId, entityId);
  return linksData(next);
}

export async function removeLink(
  call: IssueCall,
  entityId: string,
  getCrm: () => CrmClient,
): Promise<LinksData> {
  const issueId = call.issue.id;
  return withIssueLock(issueId, async () => {
    const crm = getCrm();
    // Listed before our own intent exists: replaying it beside our unlink would undo the unlink.
    const others = (await listIntents(issueId)).filter((i) => i.entityId !== entityId);
    const intent: Intent = { issueId, entityId, op: 'unlink', at: Date.now() };
    await writeIntent(intent);
    // Unlinking in the CRM does not depend on the record: both side by side. Whatever happens,
    // the intent makes the CRM follow the record in the end.
    const [recordRead, unlinked] = await Promise.allSettled([
      readLinkRecord(issueId),
      crmLink(crm, 'unlink', entityId, issueId),
    ]);
    if (recordRead.status === 'rejected') throw recordRead.reason;
    const record = recordRead.value;
    const recordHasIt = record.links.some((l) => l.id === entityId);
    await replayIntents(crm, issueId, record, others);
    if (unlinked.status === 'rejected') {
      await settle(crm, intent, recordHasIt);
      throw unlinked.reason;
    }
    if (!recordHasIt) {
      await forgetIntent(issueId, entityId);
      return linksData(record);
    }
    const next: LinkRecord = { ...record, links: record.links.filter((l) => l.id !== entityId) };
    if (!(await writeLinkRecordWithRetry(issueId, next))) {
      const after = await settleAfterFailedWrite(crm, intent);
      if (after.applied) return linksData(after.record);
      const message = after.known ? LINK_MESSAGES.removeNotSaved : LINK_MESSAGES.unconfirmed;
      throw new AppFailure('INTERNAL', message, { retryAfterMs: 5000 });
    }
    await forgetIntent(issueId, entityId);
    return linksData(next);
  });
}

type Fresh =
  { kind: 'ok'; summary: EntitySummary } | { kind: 'deleted' } | { kind: 'failed'; error: unknown };

/**
 * Re-reads every linked entity from the CRM (4 at a time) and stores the new summaries in one
 * write. An entity the CRM no longer has is kept and marked deleted. `snapshot` is the record as
 * read beside the permission check; under the lock it is read again only if it changed since.
 */
export async function refreshLinks(
  call: IssueCall,
  getCrm: () => CrmClient,
  snapshot?: Promise<RecordSnapshot>,
): Promise<LinksData> {
  const issueId = call.issue.id;
  const read = await (snapshot ?? readRecordSnapshot(issueId));
  const before = read.record;
  if (before.links.length === 0) return linksData(before);
  const crm = getCrm();
  const templates = await loadTemplates(getCrm);
  const settled = await mapSettled(before.links, REFRESH_CONCURRENCY, (l) => crm.getEntity(l.id));
  const fresh = new Map<string, Fresh>();
  before.links.forEach((link, i) => {
    const r = settled[i];
    if (!r) return;
    if (r.status === 'fulfilled')
      fresh.set(link.id, {
        kind: 'ok',
        summary: compactSummary(toSummary(r.value, templates[r.value.type])),
      });
    else if (r.reason instanceof CrmNotFoundError) fresh.set(link.id, { kind: 'deleted' });
    else fresh.set(link.id, { kind: 'failed', error: r.reason });
  });
  const failures = [...fresh.values()].filter(
    (f): f is Extract<Fresh, { kind: 'failed' }> => f.kind === 'failed',
  );
  if (failures.length === fresh.size && failures[0]) throw failures[0].error;

  return withIssueLock(issueId, async () => {
    const current = await currentRecord(issueId, read);
    await replayIntents(crm, issueId, current);
    const at = nowIso();
    // Deleted marks first (they never grow the record), then each new summary while it fits:
    // one that would overflow the 32 KB property keeps its old summary and old refresh time.
    let next: LinkRecord = {
      refreshedAt: at,
      links: current.links.map((link): LinkedEntity => {
        const f = fresh.get(link.id);
        return f?.kind === 'deleted' ? { ...link, status: 'deleted', refreshedAt: at } : link;
      }),
    };
    next.links.forEach((link, i) => {
      const f = fresh.get(link.id);
      if (f?.kind !== 'ok') return;
      const { appUrl: _old, ...rest } = link;
      void _old;
      const links = [...next.links];
      links[i] = { ...rest, ...f.summary, type: link.type, status: 'ok', refreshedAt: at };
      const candidate = { ...next, links };
      if (fitsAtAll(candidate)) next = candidate;
    });
    if (!(await writeLinkRecordWithRetry(issueId, next))) {
      console.warn(
        `[atlas-crm] refreshed links of issue ${issueId} could not be stored; showing them anyway`,
      );
    }
    return linksData(next);
  });
}

/** After an update: keep a linked entity's stored summary current (best effort). */
export async function updateLinkedSummary(
  issueId: string,
  entity: Entity,
  getCrm: () => CrmClient,
): Promise<void> {
  try {
    const peek = await readLinkRecord(issueId);
    if (!peek.links.some((l) => l.id === entity.id)) return;
    const templates = await loadTemplates(getCrm);
    const summary = compactSummary(toSummary(entity, templates[entity.type]));
    await withIssueLock(
      issueId,
      async () => {
        const current = await readLinkRecord(issueId);
        const at = nowIso();
        const next: LinkRecord = {
          ...current,
          links: current.links.map((l) => {
            if (l.id !== entity.id) return l;
            const { appUrl: _old, ...rest } = l;
            void _old;
            return { ...rest, ...summary, type: l.type, status: 'ok', refreshedAt: at };
          }),
        };
        if (fitsAtAll(next)) await writeLinkRecordWithRetry(issueId, next);
      },
      { maxWaitMs: 3000 },
    );
  } catch (err) {
    console.warn(
      `[atlas-crm] updating the stored summary of a linked entity failed: ${describeForLog(err)}`,
    );
  }
}
