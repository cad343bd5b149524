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
import { AppFailure } from '../../errors';
import { describeForLog } from '../../redact';
import type { StoredLinks } from '../../storage/link-store';
import { compactSummary, fitsAtAll, type LinkRecord } from '../../storage/link-record-format';
import type { Templates } from '../../storage/template-cache';
import type { CrmAccess } from '../crm';
import { toSummary } from '../summaries';
import { changeLinks } from './change';
import { companyOf, knownCompanyNames, readCompanyLinks, type CompanyRead } from './company';
import { hasLink, linksData } from './links-data';

/** Entities re-read from the CRM at the same time by a refresh. */
export const REFRESH_CONCURRENCY = 4;

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

/** The record with what the reads found: deleted marks, then each new summary while it fits. */
function withOutcomes(
  current: LinkRecord,
  outcomes: ReadonlyMap<string, RefreshOutcome>,
  now: string,
): LinkRecord {
  // Deleted marks first (they never grow the record); a summary that would overflow the 32 KB
  // property keeps its old summary and old refresh time.
  const marked = current.links.map((link): LinkedEntity =>
    outcomes.get(link.id)?.kind === 'deleted'
      ? { ...link, status: 'deleted', refreshedAt: now }
      : link,
  );
  let next: LinkRecord = { ...current, refreshedAt: now, links: marked };
  marked.forEach((link, index) => {
    const outcome = outcomes.get(link.id);
    if (outcome?.kind !== 'ok') return;
    const links = [...next.links];
    links[index] = withFreshSummary(link, outcome.summary, now, outcome.company);
    const candidate = { ...next, links };
    if (fitsAtAll(candidate)) next = candidate;
  });
  return next;
}

/**
 * Re-reads every linked entity from the CRM (REFRESH_CONCURRENCY at a time) and stores the new
 * summaries in one change. An entity the CRM no longer has is kept and marked deleted.
 */
export async function refreshLinks(
  call: IssueCall,
  crm: CrmAccess,
  read: StoredLinks,
): Promise<LinksData> {
  const issueId = call.issue.id;
  const before = read.record;
  if (before.links.length === 0) {
    // Nothing to re-read; what earlier changes left in the outbox is still delivered.
    const changed = await changeLinks(issueId, (record) => record, crm, { read });
    return linksData(changed.record);
  }
  const client = crm();
  const [templates, reads] = await Promise.all([
    crm.templates(),
    mapSettled(before.links, REFRESH_CONCURRENCY, (link) => readLinked(client, link)),
  ]);
  const outcomes = new Map<string, RefreshOutcome>();
  const known = knownCompanyNames(before.links);
  // Companies first: a contact's company listed without its fields is named as just re-read.
  const companiesFirst = before.links
    .map((link, index) => ({ link, read: reads[index] }))
    .sort((a, b) => Number(b.link.type === 'company') - Number(a.link.type === 'company'));
  for (const { link, read: result } of companiesFirst) {
    if (!result) continue;
    const outcome = outcomeOf(link, result, templates, known);
    outcomes.set(link.id, outcome);
    if (link.type === 'company' && outcome.kind === 'ok') known.set(link.id, outcome.summary.name);
  }
  const failures = [...outcomes.values()].filter(
    (outcome): outcome is Extract<RefreshOutcome, { kind: 'failed' }> => outcome.kind === 'failed',
  );
  if (failures[0] && failures.length === outcomes.size) throw failures[0].error;
  const now = new Date().toISOString();
  try {
    // Also delivers what earlier changes left in the record's outbox.
    const changed = await changeLinks(
      issueId,
      (current) => withOutcomes(current, outcomes, now),
      crm,
      { read },
    );
    return linksData(changed.record);
  } catch (err) {
    if (!(err instanceof AppFailure) || err.code !== 'INTERNAL') throw err;
    console.warn(
      `[atlas-crm] refreshed links of issue ${issueId} could not be stored; showing them anyway`,
    );
    return linksData(withOutcomes(before, outcomes, now));
  }
}

/** After an edit in Atlas CRM: keeps a linked entity's stored summary current (best effort). */
export async function updateLinkedSummary(
  issueId: string,
  entity: Entity,
  crm: CrmAccess,
  read: StoredLinks,
): Promise<LinkRecord> {
  if (!hasLink(read.record, entity.id)) return read.record;
  try {
    const summary = compactSummary(toSummary(entity, (await crm.templates())[entity.type]));
    const now = new Date().toISOString();
    const changed = await changeLinks(
      issueId,
      (current) => ({
        ...current,
        links: current.links.map((link) =>
          link.id === entity.id ? withFreshSummary(link, summary, now) : link,
        ),
      }),
      crm,
      { read },
    );
    return changed.record;
  } catch (err) {
    console.warn(
      `[atlas-crm] updating the stored summary of a linked entity failed: ${describeForLog(err)}`,
    );
    return read.record;
  }
}
