// Linking Atlas CRM records to an issue, by a person or by the app itself: each way builds the
// entry to store and hands an edit of the record to changeLinks, the one path every link change
// takes (links/change.ts).
import type { CrmClient, Entity } from '../../../crm';
import type { LinkedEntity, LinksData } from '../../../shared/contract';
import { isEntityId } from '../../../shared/ids';
import type { IssueCall } from '../../context';
import { AppFailure } from '../../errors';
import { describeForLog } from '../../redact';
import type { StoredLinks } from '../../storage/link-store';
import {
  compactAutoLinked,
  compactSummary,
  fitsForAdd,
  limitReachedMessage,
  type LinkRecord,
} from '../../storage/link-record-format';
import type { Templates } from '../../storage/template-cache';
import type { CrmAccess } from '../crm';
import { toSummary } from '../summaries';
import {
  LINKED_BY_APP,
  autoLinkEdit,
  dismissalsAfterWrite,
  keepPassing,
  unlinkedFirst,
  withdrawDismissed,
} from './auto';
import { changeLinks } from './change';
import { companyOf, knownCompanyNames, readCompanyLinks } from './company';
import { LINK_MESSAGES, hasLink, linksData } from './links-data';

export { LINKED_BY_APP, dismissalWins, settleWithoutLinks } from './auto';
export { changeLinks } from './change';
export { CLAIM_MS } from './outbox';
export { LINK_MESSAGES, linksData } from './links-data';
export { REFRESH_CONCURRENCY, refreshLinks, updateLinkedSummary } from './refresh';

/** A record the app links by itself, with why, and for a contact the company it is at. */
export interface AppLink {
  entity: Entity;
  reason: string;
  company?: string;
}

/** The record with these entries added (those it holds already are left as they are). */
function withLinks(record: LinkRecord, entries: readonly LinkedEntity[]): LinkRecord {
  const added = entries.filter((entry) => !hasLink(record, entry.id));
  if (added.length === 0) return record;
  const next = { ...record, links: [...record.links, ...added] };
  if (!fitsForAdd(next))
    throw new AppFailure('LIMIT_REACHED', limitReachedMessage(record.links.length));
  return next;
}

/** A person's unlink; before automatic linking ran, it also stops it for the issue. */
function withoutLink(record: LinkRecord, entityId: string): LinkRecord {
  return hasLink(record, entityId)
    ? unlinkedFirst({ ...record, links: record.links.filter((link) => link.id !== entityId) })
    : record;
}

/** Templates, or undefined when they can't be read: a summary then uses default fields. */
async function templatesOrDefaults(crm: CrmAccess): Promise<Templates | undefined> {
  try {
    return await crm.templates();
  } catch (err) {
    console.warn(
      `[atlas-crm] templates unavailable, summary uses defaults: ${describeForLog(err)}`,
    );
    return undefined;
  }
}

/** The stored entry of a record linked now; a contact's company comes from its own links. */
function newEntry(
  entity: Entity,
  templates: Templates | undefined,
  linkedBy: string,
  extra: { company?: string | undefined; reason?: string } = {},
): LinkedEntity {
  const now = new Date().toISOString();
  const autoLinked = compactAutoLinked(extra.reason);
  return {
    ...compactSummary(toSummary(entity, templates?.[entity.type])),
    ...(extra.company ? { company: extra.company } : {}),
    linkedBy,
    linkedAt: now,
    refreshedAt: now,
    status: 'ok',
    ...(autoLinked ? { autoLinked } : {}),
  };
}

/** Atlas CRM's answer names the entity that gets stored: it must be one the record can hold. */
function requireLinkable(entity: Entity, askedFor?: string): void {
  if ((askedFor !== undefined && entity.id !== askedFor) || !isEntityId(entity.id))
    throw new AppFailure('CRM_UNAVAILABLE', LINK_MESSAGES.oddEntity);
}

/** Links one entry; throws what Atlas CRM answered if it refused it (then nothing is linked). */
async function linkEntry(
  issueId: string,
  entry: LinkedEntity,
  crm: CrmAccess,
  read: StoredLinks,
): Promise<LinksData> {
  const changed = await changeLinks(issueId, (record) => withLinks(record, [entry]), crm, { read });
  if (changed.refused.has(entry.id)) throw changed.refused.get(entry.id);
  return linksData(changed.record);
}

export async function addLink(
  call: IssueCall,
  entityId: string,
  crm: CrmAccess,
  read: StoredLinks,
): Promise<LinksData> {
  // Linking twice changes nothing; a pending change goes through changeLinks to be delivered.
  if (hasLink(read.record, entityId) && read.outbox.length === 0) return linksData(read.record);
  const client = crm();
  // The company of a contact comes from its links, asked beside the entity (never fails).
  const [entity, companyLinks, templates] = await Promise.all([
    client.getEntity(entityId),
    readCompanyLinks(client, entityId),
    templatesOrDefaults(crm),
  ]);
  requireLinkable(entity, entityId);
  const company =
    entity.type === 'contact' && templates
      ? companyOf(companyLinks, templates, knownCompanyNames(read.record.links))
      : undefined;
  const entry = newEntry(entity, templates, call.accountId, { company: company ?? undefined });
  return linkEntry(call.issue.id, entry, crm, read);
}

export async function removeLink(
  call: IssueCall,
  entityId: string,
  crm: CrmAccess,
  read: StoredLinks,
): Promise<LinksData> {
  const changed = await changeLinks(call.issue.id, (record) => withoutLink(record, entityId), crm, {
    read,
  });
  if (changed.refused.has(entityId)) throw changed.refused.get(entityId);
  return linksData(changed.record);
}

/**
 * Creates an entity and links it. `onCreated` learns of the entity as soon as it exists, so a
 * failed link can still report it.
 */
export async function createAndLink(
  call: IssueCall,
  create: (crm: CrmClient) => Promise<Entity>,
  crm: CrmAccess,
  read: StoredLinks,
  onCreated: (entity: Entity) => void,
): Promise<LinksData> {
  const [entity, templates] = await Promise.all([create(crm()), templatesOrDefaults(crm)]);
  onCreated(entity);
  requireLinkable(entity);
  return linkEntry(call.issue.id, newEntry(entity, templates, call.accountId), crm, read);
}

/** What the app linked by itself, and the record afterwards. */
export interface AppLinked {
  /** False when automatic linking was settled before (a redelivery, or a person came first). */
  ran: boolean;
  linked: string[];
  /** Linked, but Atlas CRM not told yet (a passing failure): the outbox delivers them later. */
  undelivered: Map<string, unknown>;
  data: LinksData;
}

/**
 * Automatic linking of the issue-created trigger, once per issue: what the app chose, less what
 * was dismissed on the issue, in one change that also records that it ran (links/auto.ts).
 * Records the issue holds already change nothing. Throws what Atlas CRM answered when it
 * refused all for good.
 */
export async function linkAsApp(
  issueId: string,
  chosen: readonly AppLink[],
  crm: CrmAccess,
  read: StoredLinks,
  dismissed: ReadonlySet<string>,
): Promise<AppLinked> {
  const templates = await templatesOrDefaults(crm);
  const entries = chosen
    .filter((item) => isEntityId(item.entity.id))
    .map((item) =>
      newEntry(item.entity, templates, LINKED_BY_APP, {
        company: item.company,
        reason: item.reason,
      }),
    );
  const auto = autoLinkEdit(entries, dismissed, withLinks);
  const recheck = dismissalsAfterWrite(issueId);
  const changed = await changeLinks(issueId, auto.edit, crm, {
    read,
    keep: keepPassing,
    afterWrite: recheck.afterWrite,
  });
  const ids = entries.map((entry) => entry.id).filter((id) => !dismissed.has(id));
  let record = changed.record;
  if (auto.ran()) {
    // A dismissal that came while this ran wins: its record goes again.
    const now = await recheck.read();
    const withdrawn = await withdrawDismissed(
      issueId,
      new Set(ids.filter((id) => now.has(id))),
      crm,
    );
    if (withdrawn) record = withdrawn.record;
  }
  const linked = auto.ran()
    ? ids.filter((id) => hasLink(record, id) && !changed.refused.has(id))
    : [];
  const [firstRefusal] = changed.refused.values();
  if (linked.length === 0 && changed.refused.size > 0) throw firstRefusal;
  return { ran: auto.ran(), linked, undelivered: changed.kept, data: linksData(record) };
}
