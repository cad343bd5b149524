// Search state, kept in the App so it survives opening an entity and coming back.
import { useCallback, useMemo, useRef, useState } from 'react';
import { allFields } from '../../crm/template';
import { valueFormatOf } from '../../crm/values';
import type {
  AppError,
  EntitySummary,
  EntityType,
  SearchPayload,
  SearchResult,
  TemplateInfo,
  TemplatesInfo,
} from '../../shared/contract';
import { LIMITS } from '../../shared/contract';
import { useAction } from '../shared/useAction';
import { useDebounced } from '../shared/useDebounced';
import { useResolver } from '../shared/useResolver';
import { toFilterInputs, type FilterDraft } from './Filters';

export const SEARCH_DEBOUNCE_MS = 350;
export const PAGE_SIZE = 10;

/**
 * What the search box can find a type by, in words: the backend reads the text's shape and asks
 * the field of that format (an email finds a company by its website's domain too).
 */
export function searchableBy(template: TemplateInfo | undefined): string[] {
  const formats = new Set(allFields(template ?? { sections: [] }).map((f) => valueFormatOf(f)));
  return [
    'name',
    ...(formats.has('email') || formats.has('url') ? ['email'] : []),
    ...(formats.has('phone') ? ['phone'] : []),
    ...(formats.has('url') ? ['website'] : []),
  ];
}

/** ["name", "email", "phone"] -> "name, email or phone". */
export function orList(words: string[]): string {
  return words.length <= 1
    ? (words[0] ?? '')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export interface SearchState {
  type: EntityType;
  setType: (type: EntityType) => void;
  text: string;
  setText: (text: string) => void;
  filters: FilterDraft[];
  setFilters: (filters: FilterDraft[]) => void;
  /** Why nothing was searched yet, in words for the person typing. */
  idleReason?: string;
  /** Typed or filtered, but the debounce has not sent it yet. */
  pending: boolean;
  items: EntitySummary[];
  total: number;
  nextCursor?: string;
  loading: boolean;
  loadingMore: boolean;
  error?: AppError;
  searched: boolean;
  /** How the shown results' text was read; absent while newer input is on its way. */
  matchedBy?: SearchResult['matchedBy'];
  /** Other fields the text was asked in at the same time ("emma.mei": name and email). */
  alsoMatchedBy?: SearchResult['alsoMatchedBy'];
  /** `total` is an estimate: several fields were asked, so it may count a record twice. */
  totalIsEstimate: boolean;
  loadMore: () => void;
  retry: () => void;
}

/** Pages after the first, fetched with Load more; they belong to one first page only. */
interface MorePages {
  after: SearchResult;
  items: EntitySummary[];
  total: number;
  nextCursor?: string;
  error?: AppError;
}

/** Items of `more` that the earlier pages do not already hold. */
function appendNew(earlier: EntitySummary[], more: EntitySummary[]): EntitySummary[] {
  const seen = new Set(earlier.map((item) => item.id));
  return [...earlier, ...more.filter((item) => !seen.has(item.id))];
}

export function useSearch(templates: TemplatesInfo | undefined): SearchState {
  const [type, setTypeState] = useState<EntityType>('company');
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<FilterDraft[]>([]);

  const debouncedText = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const template = templates?.[type];
  const filterInputs = useMemo(() => toFilterInputs(filters, template), [filters, template]);
  const filterKey = JSON.stringify(filterInputs);
  const debouncedFilterKey = useDebounced(filterKey, SEARCH_DEBOUNCE_MS);

  const textTooShort = debouncedText.length > 0 && debouncedText.length < LIMITS.searchTextMin;
  const payload = useMemo((): SearchPayload | undefined => {
    if (!templates || textTooShort) return undefined;
    const parsedFilters = JSON.parse(debouncedFilterKey) as SearchPayload['filters'];
    if (debouncedText.length === 0 && (parsedFilters?.length ?? 0) === 0) return undefined;
    return {
      type,
      ...(debouncedText ? { text: debouncedText.slice(0, LIMITS.searchTextMax) } : {}),
      ...(parsedFilters && parsedFilters.length > 0 ? { filters: parsedFilters } : {}),
      pageSize: PAGE_SIZE,
    };
  }, [templates, textTooShort, debouncedText, debouncedFilterKey, type]);

  const firstPage = useResolver('entities/search', payload ?? null);
  const moreAction = useAction('entities/search');
  const [more, setMore] = useState<MorePages>();
  const first = firstPage.data;
  const shownFirst = useRef(first);
  shownFirst.current = first;
  // A newer first page (another search, or a retry) drops the pages loaded after the old one.
  const morePages = more && more.after === first ? more : undefined;
  const items = useMemo(
    () => (first ? appendNew(first.items, morePages?.items ?? []) : []),
    [first, morePages],
  );
  const nextCursor = morePages ? morePages.nextCursor : first?.nextCursor;
  // A merged search's total is an estimate until every page is shown: then it is what is shown.
  const estimated = first?.totalIsEstimate === true;
  const answered = morePages?.total ?? first?.total ?? 0;
  const total = !estimated
    ? answered
    : nextCursor
      ? Math.max(answered, items.length)
      : items.length;

  const runMore = moreAction.run;
  const loadMore = useCallback(() => {
    if (!payload || !first || !nextCursor) return;
    void runMore({ ...payload, cursor: nextCursor }).then((result) => {
      if (shownFirst.current !== first) return; // a newer search superseded this one
      setMore((previous) => {
        const loaded: MorePages =
          previous?.after === first
            ? previous
            : { after: first, items: [], total: first.total, nextCursor: first.nextCursor };
        if (!result.ok) return { ...loaded, error: result.error };
        // The CRM pages by offset: appendNew skips anything a concurrent create shifted in twice.
        return {
          after: first,
          items: appendNew(loaded.items, result.data.items),
          total: result.data.total,
          nextCursor: result.data.nextCursor,
        };
      });
    });
  }, [payload, first, nextCursor, runMore]);

  const setType = useCallback((next: EntityType) => {
    setTypeState(next);
    setFilters([]); // filters name fields of the previous type's template
  }, []);

  const loading = firstPage.loading;
  // A Load more failure shows until the next Load more, or a retry of the whole search.
  const error = firstPage.error ?? (moreAction.busy ? undefined : morePages?.error);
  const searched = payload !== undefined && (first !== undefined || firstPage.error !== undefined);

  let idleReason: string | undefined;
  const typed = text.trim();
  const typedTooShort = typed.length > 0 && typed.length < LIMITS.searchTextMin;
  const pending =
    templates !== undefined &&
    !typedTooShort &&
    (typed !== debouncedText || filterKey !== debouncedFilterKey) &&
    (typed.length > 0 || filterInputs.length > 0);
  if (!templates) idleReason = 'Search is unavailable while Atlas CRM cannot be reached.';
  else if (typedTooShort)
    idleReason = `Type at least ${LIMITS.searchTextMin} characters to search.`;
  else if (!payload && !loading && !pending)
    idleReason = `Type a ${orList(searchableBy(template))}, or add a filter to search.`;
  const settled = !loading && !pending && first !== undefined && payload?.text !== undefined;

  return {
    type,
    setType,
    text,
    setText,
    filters,
    setFilters,
    idleReason,
    pending,
    items,
    total,
    nextCursor,
    loading,
    loadingMore: moreAction.busy,
    error,
    searched,
    ...(settled && first.matchedBy ? { matchedBy: first.matchedBy } : {}),
    ...(settled && first.alsoMatchedBy ? { alsoMatchedBy: first.alsoMatchedBy } : {}),
    totalIsEstimate: estimated && nextCursor !== undefined,
    loadMore,
    retry: firstPage.retry,
  };
}
