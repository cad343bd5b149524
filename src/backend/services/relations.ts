// Relations between Atlas CRM records (the API's entity links), with their roles: relate, change
// roles, remove; and the relations asked for with a create. Answers the record's relations as
// Atlas CRM holds them afterwards, so the details view shows what was written.
import { CrmNotFoundError, type CrmClient } from '../../crm';
import type {
  CreatePayload,
  DataOf,
  RelateFailure,
  RelationPayload,
  RelationsData,
} from '../../shared/contract';
import type { IssueCall } from '../context';
import { toAppError } from '../envelope';
import { AppFailure } from '../errors';
import { isEntityId } from '../../shared/ids';
import type { StoredLinks } from '../storage/link-store';
import { createEntity, RELATED_PAGE_SIZE } from './entities';
import { toSummary } from './summaries';
import type { CrmAccess } from './crm';

export const RELATION_MESSAGES = {
  otherGone: 'The record you picked no longer exists in Atlas CRM. Search again and pick another.',
  notRelated:
    'These records are no longer related in Atlas CRM. Someone may have removed the relation.',
} as const;

/** The first page of the record's relations, with summaries (as the details view shows them). */
export async function readRelated(entityId: string, getCrm: CrmAccess): Promise<RelationsData> {
  const crm = getCrm();
  const [page, templates] = await Promise.all([
    crm.listLinks(entityId, { size: RELATED_PAGE_SIZE }),
    getCrm.templates(),
  ]);
  // Ids from Atlas CRM's answer pass the payload rule before they reach a CRM URL.
  const items = page.items.filter((link) => isEntityId(link.entity.id));
  const byId = new Map(
    (await crm.withFields(items.map((link) => link.entity))).map((e) => [e.id, e]),
  );
  const related = items.flatMap((link) => {
    const other = byId.get(link.entity.id);
    return other ? [{ roles: link.roles, entity: toSummary(other, templates[other.type]) }] : [];
  });
  return { related, relatedTotal: page.total };
}

/**
 * One change of a relation in Atlas CRM, then the record's relations as they are now. A 404 means
 * the other record or the relation is gone: said in `whenGone`, or done when there is nothing to say.
 */
async function changeRelation(
  entityId: string,
  getCrm: CrmAccess,
  change: (crm: CrmClient) => Promise<unknown>,
  whenGone?: string,
): Promise<RelationsData> {
  try {
    await change(getCrm());
  } catch (err) {
    if (!(err instanceof CrmNotFoundError)) throw err;
    if (whenGone) throw new AppFailure('NOT_FOUND', whenGone);
  }
  return readRelated(entityId, getCrm);
}

export async function addRelation(
  input: RelationPayload,
  getCrm: CrmAccess,
): Promise<RelationsData> {
  // The record linked to the issue must still exist: its own 404 keeps the usual message.
  await getCrm().getEntity(input.entityId);
  return changeRelation(
    input.entityId,
    getCrm,
    (crm) => crm.addLink(input.entityId, input.otherId, input.roles),
    RELATION_MESSAGES.otherGone,
  );
}

export function updateRelation(input: RelationPayload, getCrm: CrmAccess): Promise<RelationsData> {
  return changeRelation(
    input.entityId,
    getCrm,
    (crm) => crm.updateLinkRoles(input.entityId, input.otherId, input.roles),
    RELATION_MESSAGES.notRelated,
  );
}

/** Removing a relation that is already gone is done, not an error. */
export function removeRelation(
  input: { entityId: string; otherId: string },
  getCrm: CrmAccess,
): Promise<RelationsData> {
  return changeRelation(input.entityId, getCrm, (crm) =>
    crm.deleteLink(input.entityId, input.otherId),
  );
}

/**
 * Creates the record, then makes the relations asked for. The record exists once created: a
 * relation that fails is reported beside it in plain words, never as a failed create.
 */
export async function createAndRelate(
  call: IssueCall,
  input: CreatePayload,
  getCrm: CrmAccess,
  read: StoredLinks,
): Promise<DataOf<'entities/create'>> {
  const { relateTo, ...create } = input;
  const result = await createEntity(call, create, getCrm, read);
  // Nothing was created (possible duplicates are asked about first): nothing to relate yet.
  if (!relateTo || relateTo.length === 0 || !('entity' in result)) return result;
  const newId = result.entity.id;
  const failures: RelateFailure[] = [];
  // One after another: a few relations at most, and Atlas CRM's rate limit is shared.
  for (const { entityId, roles } of relateTo) {
    try {
      await getCrm().addLink(newId, entityId, roles);
    } catch (err) {
      const message =
        err instanceof CrmNotFoundError
          ? 'That record no longer exists in Atlas CRM.'
          : toAppError(err, 'entities/create relate').message;
      failures.push({ entityId, message });
    }
  }
  return failures.length > 0 ? { ...result, relateFailures: failures } : result;
}
