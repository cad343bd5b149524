// Data a component reads when it shows: one call per payload (or retry), late answers dropped.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, FunctionKey } from '../../shared/contract';
import { call, type ArgsOf, type DataOf } from './api';

export interface ResolverState<T> {
  /** The last answer; kept while a retry or a new payload is on its way, so lists do not blink. */
  data?: T;
  /** The current request's failure; cleared as soon as another request starts. */
  error?: AppError;
  loading: boolean;
  retry: () => void;
}

/** The resolver's payload, if it takes one; `null` means there is nothing to ask yet. */
export type RequestArgs<K extends FunctionKey> =
  ArgsOf<K> extends [] ? [] : [payload: ArgsOf<K>[0] | null];

interface Answer<T> {
  /** Which request this answers (attempt, key and payload). */
  request?: string;
  data?: T;
  error?: AppError;
}

const NO_ANSWER: Answer<never> = {};

export function useResolver<K extends FunctionKey>(
  key: K,
  ...args: RequestArgs<K>
): ResolverState<DataOf<K>> {
  const [attempt, setAttempt] = useState(0);
  const [answer, setAnswer] = useState<Answer<DataOf<K>>>(NO_ANSWER);
  const idle = (args as unknown[])[0] === null;
  // Payloads are compared by value, so callers need not memoise them.
  const request = idle ? undefined : JSON.stringify([attempt, key, args]);
  const latestArgs = useRef(args);
  latestArgs.current = args;

  useEffect(() => {
    if (request === undefined) {
      setAnswer(NO_ANSWER);
      return;
    }
    let live = true;
    void call(key, ...(latestArgs.current as ArgsOf<K>)).then((result) => {
      if (!live) return;
      setAnswer((previous) =>
        result.ok
          ? { request, data: result.data }
          : { request, data: previous.data, error: result.error },
      );
    });
    return () => {
      live = false;
    };
  }, [key, request]);

  const retry = useCallback(() => setAttempt((count) => count + 1), []);
  if (idle) return { loading: false, retry };
  const settled = answer.request === request;
  return {
    data: answer.data,
    error: settled ? answer.error : undefined,
    loading: !settled,
    retry,
  };
}
