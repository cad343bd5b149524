// Keeping the summaries stored in an issue's link record current with the CRM.
import {
  CrmBadResponseError,
  CrmNotFoundError,
  mapSettled,
  type CrmClient,
  type Entity,
  type EntityLink,
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
import { companyOf, knownCompanyNames, readCompanyLinks, type CompanyRead } from './company';
import { hasLink, linksData } from './links-data';
import { recordOf } from './record';
import { replayIntents } from './repair';

/** Entities re-read from the CRM at the same time by a refresh. */
export const REFRESH_CONCURRENCY = 4;
/** A summary update is a side effect of an edit: it waits less for the lock than a user action. */
const SUMMARY_UPDATE_LOCK_WAIT_MS = 3_000;

/** What re-reading one linked entity found. */
type RefreshOutcome =
  | { kind: 'ok'; summary: EntitySummary; company: CompanyRead }
  | { kind: 'deleted' }
  | { kind: 'failed'; error: unknown };

/** One linked entity as Atlas CRM has it, and a contact's company links read beside it. */
type EntityRead = { entity: Entity; companyLinks?: EntityLink[] | undefined };

async function readLinked(crm: CrmClient, link: LinkedEntity): Promise<EntityRead> {
  if (link.type !== 'contact') return { entity: await crm.getEntity(link.id) };
  const [entity, companyLinks] = await Promise.all([
    crm.getEntity(link.id),
    readCompanyLinks(crm, link.id),
  ]);
  return { entity, companyLinks };
}

function outcomeOf(
  link: LinkedEntity,
  read: PromiseSettledResult<EntityRead>,
  templates: Templates,
  known: ReadonlyMap<string, string>,
): RefreshOutcome {
  if (read.status === 'fulfilled') {
    const { entity, companyLinks } = read.value;
    // An answer about another entity says nothing about this one: the stored summary stays.
    if (entity.id !== link.id)
      return { kind: 'failed', error: new CrmBadResponseError('answer about another entity') };
    return {
      kind: 'ok',
      summary: compactSummary(toSummary(entity, templates[entity.type])),
      company: link.type === 'contact' ? companyOf(companyLinks, templates, known) : null,
    };
  }
  if (read.reason instanceof CrmNotFoundError) return { kind: 'deleted' };
  return { kind: 'failed', error: read.reason };
}

/**
 * The link with a new summary (compacted: no app URL is ever stored). A company not read
 * (`undefined`) stays as stored; `null` means the contact is at no company any more.
 */
function withFreshSummary(
  link: LinkedEntity,
  summary: EntitySummary,
  refreshedAt: string,
  company: CompanyRead = undefined,
): LinkedEntity {
  const { company: stored, ...rest } = link;
  const kept = company === undefined ? stored : (company ?? undefined);
  // Id and type stay the link's own: only what the record shows of it changes.
  return {
    ...rest,
    ...compactSummary(summary),
    ...(kept !== undefined ? { company: kept } : {}),
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
    readLinked(crm, link),
  );
  const outcomes = new Map<string, RefreshOutcome>();
  const known = knownCompanyNames(before.links);
  // Companies first: a contact's company listed without its fields is named as just re-read.
  const companiesFirst = before.links
    .map((link, index) => ({ link, read: reads[index] }))
    .sort((a, b) => Number(b.link.type === 'company') - Number(a.link.type === 'company'));
  for (const { link, read } of companiesFirst) {
    if (!read) continue;
    const outcome = outcomeOf(link, read, templates, known);
    outcomes.set(link.id, outcome);
    if (link.type === 'company' && outcome.kind === 'ok') known.set(link.id, outcome.summary.name);
  }
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
      links[index] = withFreshSummary(link, outcome.summary, now, outcome.company);
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
