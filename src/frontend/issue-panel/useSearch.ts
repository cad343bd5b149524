// Search state, kept in the App so it survives opening an entity and coming back.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  AppError,
  EntitySummary,
  EntityType,
  SearchPayload,
  TemplatesInfo,
} from '../../shared/contract';
import { LIMITS } from '../../shared/contract';
import { call } from '../shared/api';
import type { FilterDraft } from './Filters';
import { toFilterInputs } from './Filters';
import { useDebounced } from '../shared/useDebounced';

export const SEARCH_DEBOUNCE_MS = 350;
export const PAGE_SIZE = 10;

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
  loadMore: () => void;
  retry: () => void;
}

export function useSearch(templates: TemplatesInfo | undefined): SearchState {
  const [type, setTypeState] = useState<EntityType>('company');
  const [text, setText] = useState('');
  const [filters, setFilters] = useState<FilterDraft[]>([]);
  const [items, setItems] = useState<EntitySummary[]>([]);
  const [total, setTotal] = useState(0);
  const [nextCursor, setNextCursor] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<AppError>();
  const [searched, setSearched] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const requestId = useRef(0);

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

  useEffect(() => {
    const id = ++requestId.current;
    if (!payload) {
      setItems([]);
      setTotal(0);
      setNextCursor(undefined);
      setError(undefined);
      setSearched(false);
      setLoading(false);
      return;
    }
    setLoading(true);
    setError(undefined);
    void call('entities/search', payload).then((result) => {
      if (id !== requestId.current) return; // a newer search superseded this one
      setLoading(false);
      setSearched(true);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      setItems(result.data.items);
      setTotal(result.data.total);
      setNextCursor(result.data.nextCursor);
    });
  }, [payload, attempt]);

  const loadMore = useCallback(() => {
    if (!payload || !nextCursor) return;
    const id = requestId.current;
    setLoadingMore(true);
    setError(undefined);
    void call('entities/search', { ...payload, cursor: nextCursor }).then((result) => {
      if (id !== requestId.current) return;
      setLoadingMore(false);
      if (!result.ok) {
        setError(result.error);
        return;
      }
      // The CRM pages by offset: skip anything a concurrent create shifted into this page twice.
      setItems((prev) => {
        const seen = new Set(prev.map((i) => i.id));
        return [...prev, ...result.data.items.filter((i) => !seen.has(i.id))];
      });
      setTotal(result.data.total);
      setNextCursor(result.data.nextCursor);
    });
  }, [payload, nextCursor]);

  const setType = useCallback((next: EntityType) => {
    setTypeState(next);
    setFilters([]); // filters name fields of the previous type's template
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

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
  else if (!payload && !loading && !pending) idleReason = 'Type a name or add a filter to search.';

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
    loadingMore,
    error,
    searched,
    loadMore,
    retry,
  };
}
