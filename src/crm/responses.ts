// Response shape checks of the Atlas CRM client: minimal, so a changed service fails loudly here,
// not later in the app. Also the request-side check of Jira issue ids.
import { isRecord } from '../shared/guards';
import { CrmBadResponseError, CrmValidationError } from './errors';
import type { Comment, Entity, EntityLink, Page, Template } from './types';

export function badResponse(what: string): CrmBadResponseError {
  return new CrmBadResponseError(`Atlas CRM sent an unexpected answer: ${what}`);
}

export function asEntity(body: unknown, where = 'entity'): Entity {
  if (!isRecord(body)) throw badResponse(`${where} is not an object`);
  if (typeof body.id !== 'string' || body.id === '') throw badResponse(`${where} has no id`);
  if (typeof body.type !== 'string') throw badResponse(`${where} has no type`);
  if (body.fields !== undefined && body.fields !== null && !isRecord(body.fields))
    throw badResponse(`${where} fields is not an object`);
  const links = isRecord(body._links) ? body._links : {};
  const entity: Entity = { ...(body as unknown as Entity), _links: links as Entity['_links'] };
  if (body.fields === null) delete entity.fields;
  return entity;
}

export function asEntityLink(body: unknown, where = 'link'): EntityLink {
  if (!isRecord(body)) throw badResponse(`${where} is not an object`);
  const roles = body.roles ?? [];
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string'))
    throw badResponse(`${where} roles is not a list of text`);
  return {
    ...(body as unknown as EntityLink),
    roles: roles as string[],
    entity: asEntity(body.entity, `${where} entity`),
    _links: isRecord(body._links) ? (body._links as EntityLink['_links']) : {},
  };
}

export function asPage<T>(body: unknown, item: (x: unknown, where: string) => T): Page<T> {
  if (!isRecord(body)) throw badResponse('page is not an object');
  if (!Array.isArray(body.items)) throw badResponse('page has no items list');
  const items = body.items.map((x, i) => item(x, `item ${i}`));
  if (body.total !== undefined && typeof body.total !== 'number')
    throw badResponse('page total is not a number');
  const links = isRecord(body._links) ? (body._links as Page<T>['_links']) : {};
  if (links.next !== undefined && (!isRecord(links.next) || typeof links.next.href !== 'string')) {
    throw badResponse('page next link has no href');
  }
  return {
    items,
    total: typeof body.total === 'number' ? body.total : items.length,
    _links: links,
  };
}

export function asTemplate(body: unknown): Template {
  if (!isRecord(body) || !Array.isArray(body.sections))
    throw badResponse('template has no sections');
  return {
    sections: body.sections.map((section, sectionIndex) => {
      if (!isRecord(section) || !Array.isArray(section.fields))
        throw badResponse(`template section ${sectionIndex} has no fields`);
      return {
        name: typeof section.name === 'string' ? section.name : '',
        fields: section.fields.map((field, fieldIndex) => {
          if (!isRecord(field) || typeof field.id !== 'string' || typeof field.type !== 'string') {
            throw badResponse(`template field ${sectionIndex}.${fieldIndex} has no id or type`);
          }
          return {
            ...(field as unknown as Template['sections'][number]['fields'][number]),
            label: typeof field.label === 'string' ? field.label : field.id,
            required: field.required === true,
          };
        }),
      };
    }),
  };
}

export function asIssueIds(body: unknown): string[] {
  const ids = isRecord(body) ? body['issue-ids'] : undefined;
  if (!Array.isArray(ids)) throw badResponse('issue-ids is not a list');
  return ids.map((id) => {
    if (typeof id === 'string') return id;
    if (typeof id === 'number') return String(id);
    throw badResponse('issue-ids holds a non-text id');
  });
}

export function asComment(body: unknown): Comment {
  if (!isRecord(body) || typeof body.id !== 'string') throw badResponse('comment has no id');
  return {
    id: body.id,
    comment: typeof body.comment === 'string' ? body.comment : '',
    'account-id': typeof body['account-id'] === 'string' ? body['account-id'] : '',
  };
}

/** Jira issue keys (ABC-123) are a classic mix-up with ids: the API wants numeric ids. */
export function checkIssueIds(issueIds: string[]): void {
  const badIds = issueIds.filter(
    (id) => typeof id !== 'string' || id.trim() === '' || /^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(id),
  );
  if (badIds.length > 0) {
    throw new CrmValidationError(
      `Expected Jira issue ids, not keys or blanks: ${badIds.join(', ')}`,
      { status: undefined },
    );
  }
}
