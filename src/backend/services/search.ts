// Entity search: the search box's text on the field its shape names (email, website, phone or
// name; see search-text), structured filters checked against the template before any list call,
// sort by a template field, opaque cursor paging.
import { filterParamName, findField, validateFilters, type FieldFilter } from '../../crm';
import type { SearchPayload, SearchResult } from '../../shared/contract';
import { LIMITS } from '../../shared/contract';
import { AppFailure, validationFailure } from '../errors';
import { hasKnownSecret } from '../redact';
import { isEntityId } from '../../shared/ids';
import { crmBaseUrl } from './crm';
import { decodeCursor, encodeCursor } from './cursor';
import { toSummary } from './summaries';
import { textQuery, type TextQuery } from './search-text';
import type { CrmAccess } from './crm';

/**
 * The text's filters beside the person's own. A filter of theirs on the same field and operator
 * would be OR-ed with the text's (that is how Atlas CRM reads repeats), so then only the text as
 * typed is sent: the same as before the search box read shapes.
 */
function withTextFilters(query: TextQuery, own: FieldFilter[]): FieldFilter[] {
  const ownKeys = new Set(own.map(filterParamName));
  const [first] = query.filters;
  if (!first) return own;
  return ownKeys.has(filterParamName(first)) ? [first, ...own] : [...query.filters, ...own];
}

export async function searchEntities(
  payload: SearchPayload,
  getCrm: CrmAccess,
): Promise<SearchResult> {
  const templates = await getCrm.templates();
  const template = templates[payload.type];
  const baseUrl = crmBaseUrl();
  const crm = getCrm();

  const query =
    payload.text !== undefined ? textQuery(payload.type, template, payload.text) : undefined;
  if (payload.text !== undefined && !query)
    throw new AppFailure(
      'VALIDATION',
      `The ${payload.type} template has no name field to search in.`,
    );

  let page;
  if (payload.cursor !== undefined) {
    const pathAndQuery = decodeCursor(payload.cursor, baseUrl, payload.type);
    page = await crm.listEntitiesPage(pathAndQuery);
  } else {
    // Throws FilterError (-> VALIDATION with fieldErrors) before any request.
    const own = validateFilters(template, payload.filters ?? []);
    const filters = query ? withTextFilters(query, own) : own;
    if (payload.sortBy !== undefined && !findField(template, payload.sortBy)) {
      throw validationFailure(
        { sortBy: `'${payload.sortBy}' is not a field of the ${payload.type} template` },
        'Sort by a field of this template.',
      );
    }
    page = await crm.listEntities({
      type: payload.type,
      filters,
      ...(payload.sortBy !== undefined ? { sortBy: payload.sortBy } : {}),
      size: payload.pageSize ?? LIMITS.pageSizeDefault,
    });
  }
  // An id the app would refuse from the browser is not sent back to Atlas CRM either (`..`
  // would reach another endpoint with the admin token); such a record can not be opened anyway.
  const entities = await crm.withFields(page.items.filter((item) => isEntityId(item.id)));
  const next = page._links.next?.href;
  // A cursor is the next link base64-encoded, where answer redaction can not see a secret: a
  // next link carrying one (a CRM echoing the token into it) is not handed out.
  const nextCursor = next && !hasKnownSecret(next) ? encodeCursor(next, baseUrl) : undefined;
  return {
    items: entities.map((entity) => toSummary(entity, templates[entity.type])),
    total: page.total,
    ...(nextCursor !== undefined ? { nextCursor } : {}),
    ...(query ? { matchedBy: query.matchedBy } : {}),
  };
}
