// Keeping the summaries stored in an issue's link record current with the CRM.
import {
  CrmBadResponseError,
  CrmNotFoundError,
  mapSettled,
  type CrmClient,
  type Entity,
} from '../../../crm';
import type { EntitySummary, LinkedEntity, LinksData } from '../../../shared/contract';
import type { IssueCall } from '../../context';
import { describeForLog } from '../../redact';
import {
  readLinkRecord,
  readRecordSnapshot,
  writeLinkRecordWithRetry,
  type RecordSnapshot,
} from '../../storage/link-record';
import { compactSummary, fitsAtAll, type LinkRecord } from '../../storage/link-record-format';
import { withIssueLock } from '../../storage/lock';
import type { Templates } from '../../storage/template-cache';
import { toSummary } from '../summaries';
import { loadTemplates } from '../templates';
import { hasLink, linksData } from './links-data';
import { recordOf } from './record';
import { replayIntents } from './repair';

/** Entities re-read from the CRM at the same time by a refresh. */
export const REFRESH_CONCURRENCY = 4;
/** A summary update is a side effect of an edit: it waits less for the lock than a user action. */
const SUMMARY_UPDATE_LOCK_WAIT_MS = 3_000;

/** What re-reading one linked entity found. */
type RefreshOutcome =
  { kind: 'ok'; summary: EntitySummary } | { kind: 'deleted' } | { kind: 'failed'; error: unknown };

function outcomeOf(
  link: LinkedEntity,
  read: PromiseSettledResult<Entity>,
  templates: Templates,
): RefreshOutcome {
  if (read.status === 'fulfilled') {
    const entity = read.value;
    // An answer about another entity says nothing about this one: the stored summary stays.
    if (entity.id !== link.id)
      return { kind: 'failed', error: new CrmBadResponseError('answer about another entity') };
    return { kind: 'ok', summary: compactSummary(toSummary(entity, templates[entity.type])) };
  }
  if (read.reason instanceof CrmNotFoundError) return { kind: 'deleted' };
  return { kind: 'failed', error: read.reason };
}

/** The link with a new summary (compacted: no app URL is ever stored). */
function withFreshSummary(
  link: LinkedEntity,
  summary: EntitySummary,
  refreshedAt: string,
): LinkedEntity {
  // Id and type stay the link's own: only what the record shows of it changes.
  return {
    ...link,
    ...compactSummary(summary),
    id: link.id,
    type: link.type,
    status: 'ok',
    refreshedAt,
  };
}

/**
 * Re-reads every linked entity from the CRM (REFRESH_CONCURRENCY at a time) and stores the new
 * summaries in one write. An entity the CRM no longer has is kept and marked deleted. `snapshot`
 * is what was read beside the permission check; under the lock the record is read again.
 */
export async function refreshLinks(
  call: IssueCall,
  getCrm: () => CrmClient,
  snapshot?: Promise<RecordSnapshot>,
): Promise<LinksData> {
  const issueId = call.issue.id;
  const before = await recordOf(issueId, await (snapshot ?? readRecordSnapshot(issueId)), getCrm);
  if (before.links.length === 0) return linksData(before);
  const crm = getCrm();
  const templates = await loadTemplates(getCrm);
  const reads = await mapSettled(before.links, REFRESH_CONCURRENCY, (link) =>
    crm.getEntity(link.id),
  );
  const outcomes = new Map<string, RefreshOutcome>();
  before.links.forEach((link, index) => {
    const read = reads[index];
    if (read) outcomes.set(link.id, outcomeOf(link, read, templates));
  });
  const failures = [...outcomes.values()].filter(
    (outcome): outcome is Extract<RefreshOutcome, { kind: 'failed' }> => outcome.kind === 'failed',
  );
  if (failures.length === outcomes.size && failures[0]) throw failures[0].error;

  return withIssueLock(issueId, async (lock) => {
    const current = await readLinkRecord(issueId);
    await replayIntents(crm, issueId, current);
    const now = new Date().toISOString();
    // Deleted marks first (they never grow the record), then each new summary while it fits:
    // one that would overflow the 32 KB property keeps its old summary and old refresh time.
    const marked = current.links.map((link): LinkedEntity =>
      outcomes.get(link.id)?.kind === 'deleted'
        ? { ...link, status: 'deleted', refreshedAt: now }
        : link,
    );
    let next: LinkRecord = { refreshedAt: now, links: marked };
    marked.forEach((link, index) => {
      const outcome = outcomes.get(link.id);
      if (outcome?.kind !== 'ok') return;
      const links = [...next.links];
      links[index] = withFreshSummary(link, outcome.summary, now);
      const candidate = { ...next, links };
      if (fitsAtAll(candidate)) next = candidate;
    });
    if (!(await writeLinkRecordWithRetry(lock, next))) {
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
    // Read without the lock first: most edited entities are not linked to this issue.
    const recordBeforeLock = await readLinkRecord(issueId);
    if (!hasLink(recordBeforeLock, entity.id)) return;
    const templates = await loadTemplates(getCrm);
    const summary = compactSummary(toSummary(entity, templates[entity.type]));
    await withIssueLock(
      issueId,
      async (lock) => {
        const current = await readLinkRecord(issueId);
        const now = new Date().toISOString();
        const next: LinkRecord = {
          ...current,
          links: current.links.map((link) =>
            link.id === entity.id ? withFreshSummary(link, summary, now) : link,
          ),
        };
        if (fitsAtAll(next)) await writeLinkRecordWithRetry(lock, next);
      },
      { maxWaitMs: SUMMARY_UPDATE_LOCK_WAIT_MS },
    );
  } catch (err) {
    console.warn(
      `[atlas-crm] updating the stored summary of a linked entity failed: ${describeForLog(err)}`,
    );
  }
}
