// One entity in detail, creating and updating entities from their template.
import { CrmNotFoundError, allFields, validateFieldValues, type Entity } from '../../crm';
import type {
  CommentAdded,
  CreatePayload,
  CreateResult,
  DetailField,
  DuplicatesFound,
  EntityDetails,
  FieldValues,
  UpdatePayload,
  UpdateResult,
  RecordComments,
} from '../../shared/contract';
import type { IssueCall } from '../context';
import { isEmptyValue } from '../../shared/guards';
import { validationFailure } from '../errors';
import { toAppError } from '../envelope';
import type { StoredLinks } from '../storage/link-store';
import type { LinkRecord } from '../storage/link-record-format';
import { isEntityId } from '../../shared/ids';
import { describeForLog } from '../redact';
import { decodePosition } from '../storage/comment-cursor';
import { pruneComments, readCommentPage, recordComment } from '../storage/comments';
import { moveLegacyComments } from '../storage/legacy-comments';
import { findConflict } from './conflicts';
import { findDuplicates } from './duplicates';
import { visiblePage } from './visible-comments';
import { createAndLink, linksData, updateLinkedSummary } from './links';
import { toSummary } from './summaries';
import { toTemplateInfo } from './templates';
import type { CrmAccess } from './crm';

export const RELATED_PAGE_SIZE = 20;

/** What the issue state says about the comment log: whether old comments may still need moving. */
export interface CommentLogState {
  legacyCommentsMoved: boolean;
}

/** `issueId`: the issue it is opened from, whose comments need no further check. */
export async function getEntityDetails(
  entityId: string,
  getCrm: CrmAccess,
  record: LinkRecord,
  log: CommentLogState,
  issueId: string,
): Promise<EntityDetails> {
  const crm = getCrm();
  const [entity, templates, linksPage, comments] = await Promise.all([
    crm.getEntity(entityId),
    getCrm.templates(),
    crm.listLinks(entityId, { size: RELATED_PAGE_SIZE }).catch((err: unknown) => {
      if (err instanceof CrmNotFoundError) return undefined;
      throw err;
    }),
    commentsOrNothing(entityId, log, issueId),
  ]);
  const template = templates[entity.type];
  const sections = template.sections.map((section) => ({
    name: section.name,
    fields: section.fields.map((templateField): DetailField => {
      const field: DetailField = {
        id: templateField.id,
        label: templateField.label,
        type: templateField.type,
        value: entity.fields?.[templateField.id] ?? null,
      };
      const currency = templateField.config?.currency;
      if (typeof currency === 'string') field.currency = currency;
      return field;
    }),
  }));
  // Ids from Atlas CRM's answer pass the payload rule before they reach a CRM URL.
  const items = (linksPage?.items ?? []).filter((link) => isEntityId(link.entity.id));
  const withFields = await crm.withFields(items.map((link) => link.entity));
  const byId = new Map(withFields.map((related) => [related.id, related]));
  const related = items.flatMap((link) => {
    const other = byId.get(link.entity.id);
    return other ? [{ roles: link.roles, entity: toSummary(other, templates[other.type]) }] : [];
  });
  return {
    entity: toSummary(entity, template),
    sections,
    related,
    relatedTotal: linksPage?.total ?? 0,
    linkedToIssue: record.links.some((link) => link.id === entity.id),
    template: toTemplateInfo(entity.type, template),
    ...(comments ? { comments } : {}),
  };
}

const BAD_COMMENT_CURSOR = 'These comments can not be continued. Open the record again.';

/**
 * Old comments first in the entity, then one page of the log (one KVS call once all are moved),
 * cut to what the caller may see (one Jira request when it holds other issues' comments).
 */
async function commentPage(
  entityId: string,
  log: CommentLogState,
  issueId: string,
  cursor?: string,
): Promise<RecordComments> {
  const position = cursor === undefined ? undefined : decodePosition(cursor);
  if (cursor !== undefined && !position)
    throw validationFailure({ cursor: 'is not a cursor this app gave out' }, BAD_COMMENT_CURSOR);
  if (!log.legacyCommentsMoved) await moveLegacyComments(entityId);
  return visiblePage(await readCommentPage(entityId, position), issueId);
}

/** The comments after the page `cursor` ends: "Show older comments". */
export function olderComments(
  entityId: string,
  cursor: string,
  log: CommentLogState,
  issueId: string,
): Promise<RecordComments> {
  return commentPage(entityId, log, issueId, cursor);
}

/** The record's comment log; undefined when it can't be read (the details still open). */
async function commentsOrNothing(
  entityId: string,
  log: CommentLogState,
  issueId: string,
): Promise<RecordComments | undefined> {
  try {
    return await commentPage(entityId, log, issueId);
  } catch (err) {
    console.warn(`[atlas-crm] reading the comment log failed: ${describeForLog(err)}`);
    return undefined;
  }
}

/** The template's verdict on the values, before anything is sent to the CRM. */
function assertNoFieldProblems(problems: Record<string, string>): void {
  if (Object.keys(problems).length > 0) throw validationFailure(problems);
}

export async function createEntity(
  call: IssueCall,
  input: CreatePayload,
  getCrm: CrmAccess,
  read: StoredLinks,
): Promise<CreateResult | DuplicatesFound> {
  const templates = await getCrm.templates();
  const template = templates[input.type];
  // Only non-empty values are sent; empty optional fields are simply left out.
  const fields: FieldValues = {};
  for (const [id, value] of Object.entries(input.fields)) {
    const required = allFields(template).some((field) => field.id === id && field.required);
    if (!isEmptyValue(value) || required) fields[id] = value;
  }
  assertNoFieldProblems(validateFieldValues(template, fields, { forCreate: true }));
  // Records like this one are shown first; "Create anyway" sends allowDuplicates.
  if (!input.allowDuplicates) {
    const duplicates = await findDuplicates(input.type, template, fields, getCrm());
    if (duplicates.length > 0) return { duplicates };
  }
  const withFields = (entity: Entity): Entity => (entity.fields ? entity : { ...entity, fields });
  if (!input.linkToIssue) {
    const entity = await getCrm().createEntity({ type: input.type, fields });
    return {
      entity: toSummary(withFields(entity), template),
      linked: false,
      links: linksData(read.record),
    };
  }
  let created: Entity | undefined;
  try {
    const links = await createAndLink(
      call,
      async (crm) => withFields(await crm.createEntity({ type: input.type, fields })),
      getCrm,
      read,
      (entity) => {
        created = entity;
      },
    );
    return { entity: toSummary(created as Entity, template), linked: true, links };
  } catch (err) {
    if (!created) throw err;
    // The entity exists; say so, and why it is not linked.
    const linkError = toAppError(err, 'entities/create link');
    return {
      entity: toSummary(created, template),
      linked: false,
      links: linksData(read.record),
      linkError,
    };
  }
}

/**
 * Writes only the given fields. With `expected`, the record just read is compared with what the
 * form showed first: a field changed in Atlas CRM meanwhile is answered, not overwritten.
 */
export async function updateEntity(
  call: IssueCall,
  input: UpdatePayload,
  getCrm: CrmAccess,
  read: StoredLinks,
): Promise<UpdateResult> {
  const { entityId, fields } = input;
  const crm = getCrm();
  const [templates, current] = await Promise.all([getCrm.templates(), crm.getEntity(entityId)]);
  const template = templates[current.type];
  assertNoFieldProblems(validateFieldValues(template, fields, { forCreate: false }));
  const conflict = findConflict(template, current, fields, input.expected);
  if (conflict) return { ...toSummary(current, template), conflict };
  const updated = await crm.updateEntity(entityId, fields);
  // The id is the one we asked about: an answer naming another entity must never overwrite that
  // entity's stored summary.
  const merged: Entity = updated.fields
    ? { ...updated, id: entityId }
    : { ...updated, id: entityId, fields: { ...(current.fields ?? {}), ...fields } };
  const record = await updateLinkedSummary(call.issue.id, merged, getCrm, read);
  return { ...toSummary(merged, template), links: linksData(record) };
}

export async function addComment(
  call: IssueCall,
  entityId: string,
  comment: string,
  getCrm: CrmAccess,
): Promise<CommentAdded> {
  const created = await getCrm().createComment(entityId, { comment, accountId: call.accountId });
  // Posted: from here on a failure must not read as "not posted" (a retry would post it twice).
  try {
    // Pruning beside the write: the newest comments are never what it deletes.
    const [logged] = await Promise.all([
      recordComment({
        id: created.id,
        entityId,
        accountId: call.accountId,
        issue: call.issue,
        text: comment,
      }),
      pruneComments(entityId).catch((err: unknown) => {
        console.warn(`[atlas-crm] pruning the comment log failed: ${describeForLog(err)}`);
      }),
    ]);
    return { id: created.id, comment: logged };
  } catch (err) {
    console.warn(`[atlas-crm] keeping a posted comment in the log failed: ${describeForLog(err)}`);
    return { id: created.id };
  }
}
