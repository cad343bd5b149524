// Entity search: the search box's text asked in each field it may be in (search-plan), one list
// request per field side by side and merged (search-merge), structured filters checked against
// the template before any list call, sort by a template field, signed cursor paging.
import { filterParamName, findField, validateFilters, type FieldFilter } from '../../crm';
import type { SearchMatchedField, SearchPayload, SearchResult } from '../../shared/contract';
import { LIMITS } from '../../shared/contract';
import { AppFailure, validationFailure } from '../errors';
import { hasKnownSecret } from '../redact';
import { crmBaseUrl } from './crm';
import { decodeCursors, encodeCursors } from './cursor';
import { candidatesOf, pageTotal, type ListAsk } from './search-merge';
import { loadSearchLibraries, searchPlan, type FieldAsk } from './search-plan';
import { toSummary } from './summaries';
import type { CrmAccess } from './crm';

// The signed cursors' key, read beside the gate: it loads with this module (resolvers load it lazily).
export { loadCursorKey } from './cursor';

/**
 * The text's filters beside the person's own. A filter of theirs on the same field and operator
 * would be OR-ed with the text's (that is how Atlas CRM reads repeats), so then only the text's
 * first value is sent: the same as before the search box read shapes.
 */
function withTextFilters(ask: ListAsk, own: FieldFilter[]): FieldFilter[] {
  const [first] = ask?.filters ?? [];
  if (!ask || !first) return own;
  const ownKeys = new Set(own.map(filterParamName));
  return ownKeys.has(filterParamName(first)) ? [first, ...own] : [...ask.filters, ...own];
}

const matched = (ask: FieldAsk): SearchMatchedField => ({
  kind: ask.kind,
  fieldId: ask.fieldId,
  label: ask.label,
  value: ask.value,
});

/** The first ask names the search; the other fields asked beside it, each once. */
function matchedFields(
  asks: readonly FieldAsk[],
): Pick<SearchResult, 'matchedBy' | 'alsoMatchedBy'> {
  const [first] = asks;
  if (!first) return {};
  const also = asks.filter(
    (ask, i) =>
      ask.fieldId !== first.fieldId && asks.findIndex((a) => a.fieldId === ask.fieldId) === i,
  );
  return {
    matchedBy: matched(first),
    ...(also.length > 0 ? { alsoMatchedBy: also.map(matched) } : {}),
  };
}

export async function searchEntities(
  payload: SearchPayload,
  getCrm: CrmAccess,
): Promise<SearchResult> {
  const templates = await getCrm.templates();
  const template = templates[payload.type];
  const baseUrl = crmBaseUrl();
  const crm = getCrm();

  if (payload.text !== undefined) await loadSearchLibraries(payload.text);
  const plan =
    payload.text !== undefined ? searchPlan(payload.type, template, payload.text) : undefined;
  if (payload.text !== undefined && !plan)
    throw new AppFailure(
      'VALIDATION',
      `The ${payload.type} template has no name field to search in.`,
    );
  const asks: ListAsk[] = plan?.asks ?? [undefined];

  // Every list in one parallel round: the first pages, or the next page of each list with more.
  let pages;
  if (payload.cursor !== undefined) {
    const paths = decodeCursors(payload.cursor, baseUrl, payload.type, asks.length);
    pages = await Promise.all(
      paths.map((path) => (path === undefined ? undefined : crm.listEntitiesPage(path))),
    );
  } else {
    // Throws FilterError (-> VALIDATION with fieldErrors) before any request.
    const own = validateFilters(template, payload.filters ?? []);
    if (payload.sortBy !== undefined && !findField(template, payload.sortBy)) {
      throw validationFailure(
        { sortBy: `'${payload.sortBy}' is not a field of the ${payload.type} template` },
        'Sort by a field of this template.',
      );
    }
    pages = await Promise.all(
      asks.map((ask) =>
        crm.listEntities({
          type: payload.type,
          filters: withTextFilters(ask, own),
          ...(payload.sortBy !== undefined ? { sortBy: payload.sortBy } : {}),
          size: payload.pageSize ?? LIMITS.pageSizeDefault,
        }),
      ),
    );
  }
  const candidates = candidatesOf(asks, pages);
  // One parallel round of reads when lists carry no fields; the asks that compare need them too.
  const entities = (await crm.withFields(candidates.items)).filter(candidates.matches);
  const { total, estimate } = pageTotal(
    asks,
    pages,
    candidates.listed,
    entities.length,
    payload.cursor === undefined,
  );
  const nexts = pages.map((page) => page?._links.next?.href);
  // A cursor is the next links base64-encoded, where answer redaction can not see a secret: a
  // next link carrying one (a CRM echoing the token into it) is not handed out.
  const nextCursor = nexts.some((next) => next !== undefined && hasKnownSecret(next))
    ? undefined
    : encodeCursors(nexts, baseUrl);
  return {
    items: entities.map((entity) => toSummary(entity, templates[entity.type])),
    total,
    ...(estimate ? { totalIsEstimate: true as const } : {}),
    ...(nextCursor !== undefined ? { nextCursor } : {}),
    ...matchedFields(plan?.asks ?? []),
  };
}
