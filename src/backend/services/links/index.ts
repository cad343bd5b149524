// Linking CRM entities to the current issue. The CRM side (`issue-ids` of the entity) and the
// issue's link record (KVS, with the issue property as its JQL index) change together under the
// issue's lock; a repair journal of intents makes any half-done change converge to what the
// record says (links/repair.ts).
import type { CrmClient, Entity, EntityLink } from '../../../crm';
import type { EntitySummary, LinkedEntity, LinksData } from '../../../shared/contract';
import type { IssueCall } from '../../context';
import { AppFailure } from '../../errors';
import { describeForLog } from '../../redact';
import { listIntents } from '../../storage/journal';
import { readRecordSnapshot } from '../../storage/link-record';
import {
  compactSummary,
  fitsForAdd,
  isEntityId,
  limitReachedMessage,
  type LinkRecord,
} from '../../storage/link-record-format';
import { withIssueLock, type IssueLock } from '../../storage/lock';
import type { Templates } from '../../storage/template-cache';
import { companyOf, knownCompanyNames, readCompanyLinks, type CompanyRead } from './company';
import { LINK_MESSAGES, hasLink, linksData } from './links-data';
import {
  alignCrmWithRecord,
  forgetIntent,
  journalIntent,
  replayIntents,
  setCrmIssueLink,
  storeRecordOrReconcile,
} from './repair';
import { recordOfLocked } from './record';
import { toSummary } from '../summaries';
import { loadTemplates } from '../templates';

export { LINKED_BY_APP, linkAsApp, type AppLink } from './app-links';
export { LINK_MESSAGES, linksData } from './links-data';
export { REFRESH_CONCURRENCY, refreshLinks, updateLinkedSummary } from './refresh';
export { repairIfNeeded, replayIntents } from './repair';
export { recordOf, syncIndex } from './record';

/** The summary and, for a contact, its company (from its links, read beside the entity). */
async function summaryOf(
  getCrm: () => CrmClient,
  entity: Entity,
  companyLinks: EntityLink[] | undefined,
  record: LinkRecord,
): Promise<{ summary: EntitySummary; company: CompanyRead }> {
  let templates: Templates | undefined;
  try {
    templates = await loadTemplates(getCrm);
  } catch (err) {
    console.warn(
      `[atlas-crm] templates unavailable, summary uses defaults: ${describeForLog(err)}`,
    );
  }
  const company =
    entity.type === 'contact' && templates
      ? companyOf(companyLinks, templates, knownCompanyNames(record.links))
      : undefined;
  return { summary: toSummary(entity, templates?.[entity.type]), company };
}

export async function addLink(
  call: IssueCall,
  entityId: string,
  getCrm: () => CrmClient,
): Promise<LinksData> {
  return withIssueLock(call.issue.id, (lock) =>
    linkLocked(lock, call.accountId, getCrm, entityId, (crm) => crm.getEntity(entityId)),
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
  return withIssueLock(call.issue.id, (lock) =>
    linkLocked(lock, call.accountId, getCrm, undefined, async (crm) => {
      const entity = await create(crm);
      onCreated(entity);
      return entity;
    }),
  );
}

/** Must run under the issue's lock. The entity and the record are read side by side. */
async function linkLocked(
  lock: IssueLock,
  linkedBy: string,
  getCrm: () => CrmClient,
  knownId: string | undefined,
  fetchEntity: (crm: CrmClient) => Promise<Entity>,
): Promise<LinksData> {
  const issueId = lock.issueId;
  const crm = getCrm();
  // A contact's company comes from its links: asked beside the entity when its id is known (a
  // created entity has no links yet). Never fails; its answer is used only for a contact.
  const [entityRead, recordRead, companyLinks] = await Promise.allSettled([
    fetchEntity(crm),
    readRecordSnapshot(issueId),
    knownId !== undefined ? readCompanyLinks(crm, knownId) : Promise.resolve(undefined),
  ]);
  if (recordRead.status === 'rejected') throw recordRead.reason;
  const record = await recordOfLocked(lock, recordRead.value, getCrm);
  await replayIntents(crm, issueId, record);

  if (knownId !== undefined && hasLink(record, knownId)) {
    // Linking twice is harmless; still make sure the CRM side holds it.
    const intent = await journalIntent(issueId, knownId, 'link');
    await alignCrmWithRecord(crm, intent, true);
    return linksData(record);
  }
  if (entityRead.status === 'rejected') throw entityRead.reason;
  const entity = entityRead.value;
  // Atlas CRM's answer names the entity that gets linked and stored: it must be the one asked
  // for, under an id the record can hold (an odd id would make the record unreadable).
  if ((knownId !== undefined && entity.id !== knownId) || !isEntityId(entity.id))
    throw new AppFailure('CRM_UNAVAILABLE', LINK_MESSAGES.oddEntity);

  const { summary, company } = await summaryOf(
    getCrm,
    entity,
    companyLinks.status === 'fulfilled' ? companyLinks.value : undefined,
    record,
  );
  const now = new Date().toISOString();
  const linked: LinkedEntity = {
    ...compactSummary(summary),
    ...(company ? { company } : {}),
    linkedBy,
    linkedAt: now,
    refreshedAt: now,
    status: 'ok',
  };
  const next: LinkRecord = { ...record, links: [...record.links, linked] };
  if (!fitsForAdd(next))
    throw new AppFailure('LIMIT_REACHED', limitReachedMessage(record.links.length));

  const intent = await journalIntent(issueId, entity.id, 'link');
  try {
    await crm.linkIssues(entity.id, [issueId]);
  } catch (err) {
    // The CRM may or may not have applied it: undo so both sides say "not linked".
    await alignCrmWithRecord(crm, intent, false);
    throw err;
  }
  return linksData(
    await storeRecordOrReconcile(crm, lock, intent, next, LINK_MESSAGES.addNotSaved),
  );
}

export async function removeLink(
  call: IssueCall,
  entityId: string,
  getCrm: () => CrmClient,
): Promise<LinksData> {
  const issueId = call.issue.id;
  return withIssueLock(issueId, async (lock) => {
    const crm = getCrm();
    // Listed before our own intent exists: replaying it beside our unlink would undo the unlink.
    const others = (await listIntents(issueId)).filter((other) => other.entityId !== entityId);
    const intent = await journalIntent(issueId, entityId, 'unlink');
    // Unlinking in the CRM does not depend on the record: both side by side. Whatever happens,
    // the intent makes the CRM follow the record in the end.
    const [recordRead, unlinked] = await Promise.allSettled([
      readRecordSnapshot(issueId),
      setCrmIssueLink(crm, 'unlink', entityId, issueId),
    ]);
    if (recordRead.status === 'rejected') throw recordRead.reason;
    const record = await recordOfLocked(lock, recordRead.value, getCrm);
    const recordHasLink = hasLink(record, entityId);
    await replayIntents(crm, issueId, record, others);
    if (unlinked.status === 'rejected') {
      await alignCrmWithRecord(crm, intent, recordHasLink);
      throw unlinked.reason;
    }
    if (!recordHasLink) {
      await forgetIntent(issueId, entityId);
      return linksData(record);
    }
    const next: LinkRecord = {
      ...record,
      links: record.links.filter((link) => link.id !== entityId),
    };
    return linksData(
      await storeRecordOrReconcile(crm, lock, intent, next, LINK_MESSAGES.removeNotSaved),
    );
  });
}
