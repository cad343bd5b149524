// A call the person starts (save, link, post): busy while it runs, its error kept until the next run.
import { useCallback, useState } from 'react';
import type { AppError, FunctionKey, Result } from '../../shared/contract';
import { call, type ArgsOf, type DataOf } from './api';

export interface ActionState<K extends FunctionKey> {
  /** Never rejects: a failure is both the answer and `error`. */
  run: (...args: ArgsOf<K>) => Promise<Result<DataOf<K>>>;
  busy: boolean;
  error?: AppError;
  /** Forgets the last error, e.g. when the form shows a problem of its own instead. */
  reset: () => void;
}

export function useAction<K extends FunctionKey>(key: K): ActionState<K> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError>();

  const run = useCallback(
    async (...args: ArgsOf<K>) => {
      setBusy(true);
      setError(undefined);
      const result = await call(key, ...args);
      setBusy(false);
      if (!result.ok) setError(result.error);
      return result;
    },
    [key],
  );
  const reset = useCallback(() => setError(undefined), []);

  return { run, busy, error, reset };
}
