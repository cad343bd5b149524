// Records suggested for the issue: asked for after the panel painted, in a call of their own, so
// the panel still opens from one resolver call. A dismissed suggestion goes at once, with Undo.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, Suggestion, SuggestionsData } from '../../shared/contract';
import { call } from '../shared/api';

export type SuggestionsLoad =
  | { status: 'off' }
  | { status: 'loading' }
  | { status: 'error'; error: AppError }
  | { status: 'ready'; items: Suggestion[]; notes: string[]; dismissedEarlier: string[] };

/**
 * A dismissed suggestion keeps its place as a one-line message with Undo: `dismissing` until Jira
 * took the dismissal, `restoring` while an Undo is on its way.
 */
export type DismissStep = 'dismissing' | 'dismissed' | 'restoring';

export interface SuggestionFailure {
  action: 'dismiss' | 'restore';
  suggestion: Suggestion;
  error: AppError;
}

function ready(data: SuggestionsData): SuggestionsLoad {
  return {
    status: 'ready',
    items: data.items,
    notes: data.notes,
    dismissedEarlier: data.dismissed ?? [],
  };
}

export interface SuggestionsState {
  /** Dismissed suggestions stay in `items`, in their place; `dismissed` says which they are. */
  load: SuggestionsLoad;
  /** Asks again after a failure. */
  retry: () => void;
  dismissed: ReadonlyMap<string, DismissStep>;
  /** Dismisses at once; the card comes back with `failure` if Jira refused. */
  dismiss: (suggestion: Suggestion) => Promise<void>;
  /** Undo of a dismissal: the card comes back where it was. */
  restore: (suggestion: Suggestion) => Promise<void>;
  /** Brings back every record dismissed on the issue before this visit, then asks again. */
  restoreEarlier: () => Promise<void>;
  /** Set while restoreEarlier runs. */
  restoringEarlier: boolean;
  failure?: SuggestionFailure;
}

/**
 * `source` is the panel's opening answer: a new one (a reload) asks again. `enabled` is false when
 * the person may not search the CRM or Atlas CRM is not set up: then nothing is asked at all.
 */
export function useSuggestions(
  source: unknown,
  enabled: boolean,
  /** The records linked to the issue now: one that goes (an Unlink) may be suggested again. */
  linkedIds: ReadonlySet<string>,
): SuggestionsState {
  const [load, setLoad] = useState<SuggestionsLoad>({ status: 'off' });
  const [dismissed, setDismissed] = useState<ReadonlyMap<string, DismissStep>>(new Map());
  const [failure, setFailure] = useState<SuggestionFailure>();
  // Only the latest request may answer: a reload's list replaces an older one still on its way.
  const latest = useRef(0);

  const ask = useCallback(() => {
    const request = ++latest.current;
    setLoad({ status: 'loading' });
    void call('suggestions/list').then((result) => {
      if (request !== latest.current) return;
      setLoad(result.ok ? ready(result.data) : { status: 'error', error: result.error });
    });
  }, []);

  useEffect(() => {
    if (source && enabled) ask();
    else setLoad({ status: 'off' });
    return () => {
      latest.current += 1; // a newer opening answer, or unmounted: late answers are dropped
    };
  }, [source, enabled, ask]);

  // After an Unlink the record may be this customer again: asked once more, quietly (the
  // cards stay until the answer replaces them, so the section does not collapse meanwhile).
  const wasLinked = useRef(linkedIds);
  useEffect(() => {
    const removed = [...wasLinked.current].some((id) => !linkedIds.has(id));
    wasLinked.current = linkedIds;
    if (!removed || !source || !enabled) return;
    const request = ++latest.current;
    void call('suggestions/list').then((result) => {
      if (request === latest.current && result.ok) setLoad(ready(result.data));
    });
  }, [linkedIds, source, enabled]);

  const setStep = useCallback((id: string, step?: DismissStep) => {
    setDismissed((current) => {
      const next = new Map(current);
      if (step) next.set(id, step);
      else next.delete(id);
      return next;
    });
  }, []);
  // Each record's dismissal on its way, answering whether Jira took it: an Undo waits for it, so
  // the restore can never reach Jira before the dismissal it undoes.
  const dismissing = useRef(new Map<string, Promise<boolean>>());

  const dismiss = useCallback(
    async (suggestion: Suggestion) => {
      const { id } = suggestion.entity;
      setFailure(undefined);
      setStep(id, 'dismissing');
      const answered = call('suggestions/dismiss', { entityId: id }).then((result) => {
        if (result.ok)
          // An Undo pressed meanwhile is already on its way: it keeps saying so.
          setDismissed((current) =>
            current.get(id) === 'restoring' ? current : new Map(current).set(id, 'dismissed'),
          );
        else {
          setStep(id, undefined);
          setFailure({ action: 'dismiss', suggestion, error: result.error });
        }
        return result.ok;
      });
      dismissing.current.set(id, answered);
      await answered;
    },
    [setStep],
  );

  const restore = useCallback(
    async (suggestion: Suggestion) => {
      const { id } = suggestion.entity;
      setFailure(undefined);
      setStep(id, 'restoring');
      // Refused: the card is back already, with the reason.
      if (!(await (dismissing.current.get(id) ?? true))) return;
      const result = await call('suggestions/restore', { entityId: id });
      setStep(id, result.ok ? undefined : 'dismissed');
      if (!result.ok) setFailure({ action: 'restore', suggestion, error: result.error });
    },
    [setStep],
  );

  const [restoringEarlier, setRestoringEarlier] = useState(false);
  const restoreEarlier = useCallback(async () => {
    if (load.status !== 'ready') return;
    setRestoringEarlier(true);
    setFailure(undefined);
    await Promise.all(
      load.dismissedEarlier.map((entityId) => call('suggestions/restore', { entityId })),
    );
    setRestoringEarlier(false);
    ask();
  }, [load, ask]);

  // Until the effect has asked, the section already shows that it is looking: its first line is
  // there from the first paint on, so nothing under it moves when the question goes out.
  const shown: SuggestionsLoad =
    !enabled || !source ? { status: 'off' } : load.status === 'off' ? { status: 'loading' } : load;
  return {
    load: shown,
    retry: ask,
    dismissed,
    dismiss,
    restore,
    restoreEarlier,
    restoringEarlier,
    failure,
  };
}
