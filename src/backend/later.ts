// Reads started early, beside others, and awaited later: the way every service saves a round.

/**
 * For a promise started early and awaited later: a rejection meanwhile is not reported as
 * unhandled; the caller still sees it when it awaits.
 */
export function handledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}
