// Records suggested for the issue: asked for after the panel painted, in a call of their own, so
// the panel still opens from one resolver call. A dismissed suggestion goes at once.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Suggestion } from '../../shared/contract';
import { call } from '../shared/api';

export type SuggestionsLoad =
  | { status: 'off' }
  | { status: 'loading' }
  | { status: 'error'; error: AppError }
  | { status: 'ready'; items: Suggestion[]; notes: string[] };

export interface DismissFailure {
  suggestion: Suggestion;
  error: AppError;
}

export interface SuggestionsState {
  load: SuggestionsLoad;
  /** Asks again after a failure. */
  retry: () => void;
  /** Hides the suggestion at once; brings it back with `dismissFailure` if Jira refused. */
  dismiss: (suggestion: Suggestion) => Promise<void>;
  dismissFailure?: DismissFailure;
}

/**
 * `source` is the panel's opening answer: a new one (a reload) asks again. `enabled` is false when
 * the person may not search the CRM or Atlas CRM is not set up: then nothing is asked at all.
 */
export function useSuggestions(source: unknown, enabled: boolean): SuggestionsState {
  const [load, setLoad] = useState<SuggestionsLoad>({ status: 'off' });
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  const [dismissFailure, setDismissFailure] = useState<DismissFailure>();
  // Only the latest request may answer: a reload's list replaces an older one still on its way.
  const latest = useRef(0);

  const ask = useCallback(() => {
    const request = ++latest.current;
    setLoad({ status: 'loading' });
    void call('suggestions/list').then((result) => {
      if (request !== latest.current) return;
      setLoad(
        result.ok
          ? { status: 'ready', items: result.data.items, notes: result.data.notes }
          : { status: 'error', error: result.error },
      );
    });
  }, []);

  useEffect(() => {
    if (source && enabled) ask();
    else setLoad({ status: 'off' });
    return () => {
      latest.current += 1; // a newer opening answer, or unmounted: late answers are dropped
    };
  }, [source, enabled, ask]);

  const dismiss = useCallback(async (suggestion: Suggestion) => {
    const { id } = suggestion.entity;
    setDismissFailure(undefined);
    setDismissed((current) => new Set(current).add(id));
    const result = await call('suggestions/dismiss', { entityId: id });
    if (result.ok) return;
    setDismissed((current) => {
      const next = new Set(current);
      next.delete(id);
      return next;
    });
    setDismissFailure({ suggestion, error: result.error });
  }, []);

  const shown: SuggestionsLoad =
    load.status === 'ready'
      ? { ...load, items: load.items.filter((item) => !dismissed.has(item.entity.id)) }
      : load;
  return { load: shown, retry: ask, dismiss, dismissFailure };
}
