// Response shape checks of the Atlas CRM client: minimal, so a changed service fails loudly here,
// not later in the app. Also the request-side check of Jira issue ids.
import { isRecord } from '../shared/guards';
import { CrmBadResponseError, CrmUnsupportedRecordError, CrmValidationError } from './errors';
import { ENTITY_TYPES } from './types';
import type {
  Comment,
  Entity,
  EntityLink,
  EntityType,
  FieldValue,
  FieldValues,
  Page,
  Template,
  TemplateField,
} from './types';

export function badResponse(what: string): CrmBadResponseError {
  return new CrmBadResponseError(`Atlas CRM sent an unexpected answer: ${what}`);
}

/** Entity types this client knows; anything else is refused here, before the app sees it. */
function isEntityType(type: unknown): type is EntityType {
  return typeof type === 'string' && (ENTITY_TYPES as readonly string[]).includes(type);
}

/**
 * One field value in the API's forms (text, number, list of labels, null). Anything else an odd
 * record holds (objects, booleans, nested lists) becomes text or is left out, so code that reads
 * values never meets a shape it does not expect.
 */
export function normaliseFieldValue(value: unknown): FieldValue | undefined {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    return value.flatMap((item: unknown) =>
      typeof item === 'string' ? [item] : typeof item === 'number' ? [String(item)] : [],
    );
  }
  return undefined;
}

function normaliseFields(fields: Record<string, unknown>): FieldValues {
  const entries = Object.entries(fields).flatMap(([id, raw]) => {
    const value = normaliseFieldValue(raw);
    return value === undefined ? [] : [[id, value] as const];
  });
  // fromEntries: a field id such as __proto__ stays plain data.
  return Object.fromEntries(entries);
}

export function asEntity(body: unknown, where = 'entity'): Entity {
  if (!isRecord(body)) throw badResponse(`${where} is not an object`);
  if (typeof body.id !== 'string' || body.id === '') throw badResponse(`${where} has no id`);
  if (typeof body.type !== 'string') throw badResponse(`${where} has no type`);
  if (!isEntityType(body.type)) {
    throw new CrmUnsupportedRecordError(
      `Atlas CRM sent a record of a kind this app does not handle (${body.type.slice(0, 40)})`,
    );
  }
  if (body.fields !== undefined && body.fields !== null && !isRecord(body.fields))
    throw badResponse(`${where} fields is not an object`);
  const links = isRecord(body._links) ? body._links : {};
  return {
    id: body.id,
    type: body.type,
    ...(isRecord(body.fields) ? { fields: normaliseFields(body.fields) } : {}),
    _links: {
      ...(isHref(links.self) ? { self: { href: links.self.href } } : {}),
      ...(isHref(links.app) ? { app: { href: links.app.href } } : {}),
    },
  };
}

function isHref(value: unknown): value is { href: string } {
  return isRecord(value) && typeof value.href === 'string';
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

/**
 * A list page. Items past `limit` are dropped unread (a server answering 2,000 items to a request
 * for 20 costs nothing more), and an item of odd shape is left out instead of failing the others.
 */
export function asPage<T>(
  body: unknown,
  item: (x: unknown, where: string) => T,
  limit = Number.POSITIVE_INFINITY,
): Page<T> {
  if (!isRecord(body)) throw badResponse('page is not an object');
  if (!Array.isArray(body.items)) throw badResponse('page has no items list');
  const raw = body.items.slice(0, limit);
  const items: T[] = [];
  let firstProblem: unknown;
  raw.forEach((x, i) => {
    try {
      items.push(item(x, `item ${i}`));
    } catch (err) {
      if (!(err instanceof CrmBadResponseError)) throw err;
      // A record of another kind is skipped quietly; a malformed one is remembered.
      if (!(err instanceof CrmUnsupportedRecordError)) firstProblem ??= err;
    }
  });
  // Every item malformed: the service changed, and saying so beats an empty list.
  if (items.length === 0 && firstProblem !== undefined) throw firstProblem;
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
          return asTemplateField(field as Record<string, unknown> & { id: string; type: string });
        }),
      };
    }),
  };
}

/** Known keys only, each in its documented shape; select options without a text label are left out. */
function asTemplateField(
  field: Record<string, unknown> & { id: string; type: string },
): TemplateField {
  const out: TemplateField = {
    id: field.id,
    label: typeof field.label === 'string' ? field.label : field.id,
    // Unknown types pass as text: filters and forms refuse them by type, the UI leaves them out.
    type: field.type as TemplateField['type'],
    required: field.required === true,
  };
  const defaultValue = normaliseFieldValue(field['default-value']);
  if (defaultValue !== undefined) out['default-value'] = defaultValue;
  if (isRecord(field.config)) {
    const config: NonNullable<TemplateField['config']> = {};
    if (typeof field.config.currency === 'string') config.currency = field.config.currency;
    if (Array.isArray(field.config.options)) {
      config.options = field.config.options.flatMap((option: unknown) =>
        isRecord(option) && typeof option.label === 'string' ? [{ label: option.label }] : [],
      );
    }
    out.config = config;
  }
  return out;
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
