// One entity in detail, creating and updating entities from their template.
import {
  CrmNotFoundError,
  allFields,
  validateFieldValues,
  type CrmClient,
  type Entity,
} from '../../crm';
import type {
  CreatePayload,
  CreateResult,
  DetailField,
  EntityDetails,
  EntitySummary,
  FieldValues,
  LinksData,
} from '../../shared/contract';
import type { IssueCall } from '../context';
import { AppFailure } from '../errors';
import { toAppError } from '../envelope';
import { readLinkRecord } from '../storage/link-record';
import { createAndLink, linksData, updateLinkedSummary } from './links';
import { toSummary } from './summaries';
import { loadTemplates } from './templates';

export const RELATED_PAGE_SIZE = 20;

export async function getEntityDetails(
  call: IssueCall,
  entityId: string,
  getCrm: () => CrmClient,
): Promise<EntityDetails> {
  const crm = getCrm();
  const [entity, templates, linksPage, record] = await Promise.all([
    crm.getEntity(entityId),
    loadTemplates(getCrm),
    crm.listLinks(entityId, { size: RELATED_PAGE_SIZE }).catch((err: unknown) => {
      if (err instanceof CrmNotFoundError) return undefined;
      throw err;
    }),
    readLinkRecord(call.issue.id),
  ]);
  const template = templates[entity.type];
  const sections = template.sections.map((s) => ({
    name: s.name,
    fields: s.fields.map((f): DetailField => {
      const field: DetailField = {
        id: f.id,
        label: f.label,
        type: f.type,
        value: entity.fields?.[f.id] ?? null,
      };
      if (typeof f.config?.currency === 'string') field.currency = f.config.currency;
      return field;
    }),
  }));
  const items = linksPage?.items ?? [];
  const withFields = await crm.withFields(items.map((l) => l.entity));
  const byId = new Map(withFields.map((e) => [e.id, e]));
  const related = items
    .filter((l) => byId.has(l.entity.id))
    .map((l) => {
      const e = byId.get(l.entity.id) as Entity;
      return { roles: l.roles, entity: toSummary(e, templates[e.type]) };
    });
  return {
    entity: toSummary(entity, template),
    sections,
    related,
    relatedTotal: linksPage?.total ?? 0,
    linkedToIssue: record.links.some((l) => l.id === entity.id),
  };
}

function checkFields(problems: Record<string, string>): void {
  const entries = Object.entries(problems);
  if (entries.length === 0) return;
  const [firstId, firstProblem] = entries[0] as [string, string];
  // Problems name the field by its label; only an unknown field has nothing but its id.
  const first = firstProblem === 'unknown field' ? `Unknown field ${firstId}` : firstProblem;
  throw new AppFailure(
    'VALIDATION',
    entries.length === 1 ? `${first}.` : `Check the ${entries.length} marked fields.`,
    {
      fieldErrors: problems,
    },
  );
}

export async function createEntity(
  call: IssueCall,
  input: CreatePayload,
  getCrm: () => CrmClient,
): Promise<CreateResult> {
  const templates = await loadTemplates(getCrm);
  const template = templates[input.type];
  // Only non-empty values are sent; empty optional fields are simply left out.
  const fields: FieldValues = {};
  for (const [id, v] of Object.entries(input.fields)) {
    if (
      v === null ||
      (typeof v === 'string' && v.trim() === '') ||
      (Array.isArray(v) && v.length === 0)
    ) {
      if (allFields(template).some((f) => f.id === id && f.required)) fields[id] = v;
      continue;
    }
    fields[id] = v;
  }
  checkFields(validateFieldValues(template, fields, { forCreate: true }));
  const withFields = (e: Entity): Entity => (e.fields ? e : { ...e, fields });
  if (!input.linkToIssue) {
    const [entity, links] = await Promise.all([
      getCrm().createEntity({ type: input.type, fields }),
      currentLinks(call.issue.id),
    ]);
    return {
      entity: toSummary(withFields(entity), template),
      linked: false,
      ...(links ? { links } : {}),
    };
  }
  let created: Entity | undefined;
  try {
    const links = await createAndLink(
      call,
      async (crm) => withFields(await crm.createEntity({ type: input.type, fields })),
      getCrm,
      (e) => {
        created = e;
      },
    );
    return { entity: toSummary(created as Entity, template), linked: true, links };
  } catch (err) {
    if (!created) throw err;
    // The entity exists; say so, and why it is not linked.
    const linkError = toAppError(err, 'entities/create link');
    const links = await currentLinks(call.issue.id);
    return {
      entity: toSummary(created, template),
      linked: false,
      ...(links ? { links } : {}),
      linkError,
    };
  }
}

/** The issue's links for the answer; undefined when Jira can't be read (the panel keeps its list). */
async function currentLinks(issueId: string): Promise<LinksData | undefined> {
  try {
    return linksData(await readLinkRecord(issueId));
  } catch {
    return undefined;
  }
}

export async function updateEntity(
  call: IssueCall,
  entityId: string,
  fields: FieldValues,
  getCrm: () => CrmClient,
): Promise<EntitySummary> {
  const crm = getCrm();
  const [templates, current] = await Promise.all([loadTemplates(getCrm), crm.getEntity(entityId)]);
  const template = templates[current.type];
  checkFields(validateFieldValues(template, fields, { forCreate: false }));
  const updated = await crm.updateEntity(entityId, fields);
  const merged: Entity = updated.fields
    ? updated
    : { ...updated, fields: { ...(current.fields ?? {}), ...fields } };
  await updateLinkedSummary(call.issue.id, merged, getCrm);
  return toSummary(merged, template);
}

export async function addComment(
  call: IssueCall,
  entityId: string,
  comment: string,
  getCrm: () => CrmClient,
): Promise<{ id: string }> {
  const created = await getCrm().createComment(entityId, { comment, accountId: call.accountId });
  return { id: created.id };
}
