// Response shape checks of the Atlas CRM client: minimal, so a changed service fails loudly here,
// not later in the app. Also the request-side check of Jira issue ids.
import { isRecord } from '../shared/guards';
import { CrmBadResponseError, CrmValidationError } from './errors';
import type { Comment, Entity, EntityLink, Page, Template } from './types';

export function badResponse(what: string): CrmBadResponseError {
  return new CrmBadResponseError(`Atlas CRM sent an unexpected answer: ${what}`);
}

export function asEntity(v: unknown, where = 'entity'): Entity {
  if (!isRecord(v)) throw badResponse(`${where} is not an object`);
  if (typeof v.id !== 'string' || v.id === '') throw badResponse(`${where} has no id`);
  if (typeof v.type !== 'string') throw badResponse(`${where} has no type`);
  if (v.fields !== undefined && v.fields !== null && !isRecord(v.fields))
    throw badResponse(`${where} fields is not an object`);
  const links = isRecord(v._links) ? v._links : {};
  const entity: Entity = { ...(v as unknown as Entity), _links: links as Entity['_links'] };
  if (v.fields === null) delete entity.fields;
  return entity;
}

export function asEntityLink(v: unknown, where = 'link'): EntityLink {
  if (!isRecord(v)) throw badResponse(`${where} is not an object`);
  const roles = v.roles ?? [];
  if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string'))
    throw badResponse(`${where} roles is not a list of text`);
  return {
    ...(v as unknown as EntityLink),
    roles: roles as string[],
    entity: asEntity(v.entity, `${where} entity`),
    _links: isRecord(v._links) ? (v._links as EntityLink['_links']) : {},
  };
}

export function asPage<T>(v: unknown, item: (x: unknown, where: string) => T): Page<T> {
  if (!isRecord(v)) throw badResponse('page is not an object');
  if (!Array.isArray(v.items)) throw badResponse('page has no items list');
  const items = v.items.map((x, i) => item(x, `item ${i}`));
  if (v.total !== undefined && typeof v.total !== 'number')
    throw badResponse('page total is not a number');
  const links = isRecord(v._links) ? (v._links as Page<T>['_links']) : {};
  if (links.next !== undefined && (!isRecord(links.next) || typeof links.next.href !== 'string')) {
    throw badResponse('page next link has no href');
  }
  return { items, total: typeof v.total === 'number' ? v.total : items.length, _links: links };
}

export function asTemplate(v: unknown): Template {
  if (!isRecord(v) || !Array.isArray(v.sections)) throw badResponse('template has no sections');
  return {
    sections: v.sections.map((s, i) => {
      if (!isRecord(s) || !Array.isArray(s.fields))
        throw badResponse(`template section ${i} has no fields`);
      return {
        name: typeof s.name === 'string' ? s.name : '',
        fields: s.fields.map((f, j) => {
          if (!isRecord(f) || typeof f.id !== 'string' || typeof f.type !== 'string') {
            throw badResponse(`template field ${i}.${j} has no id or type`);
          }
          return {
            ...(f as unknown as Template['sections'][number]['fields'][number]),
            label: typeof f.label === 'string' ? f.label : f.id,
            required: f.required === true,
          };
        }),
      };
    }),
  };
}

export function asIssueIds(v: unknown): string[] {
  const ids = isRecord(v) ? v['issue-ids'] : undefined;
  if (!Array.isArray(ids)) throw badResponse('issue-ids is not a list');
  return ids.map((id) => {
    if (typeof id === 'string') return id;
    if (typeof id === 'number') return String(id);
    throw badResponse('issue-ids holds a non-text id');
  });
}

export function asComment(v: unknown): Comment {
  if (!isRecord(v) || typeof v.id !== 'string') throw badResponse('comment has no id');
  return {
    id: v.id,
    comment: typeof v.comment === 'string' ? v.comment : '',
    'account-id': typeof v['account-id'] === 'string' ? v['account-id'] : '',
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
