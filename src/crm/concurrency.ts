// Bounded concurrency over a list: at most `limit` calls in flight, results in input order.

/**
 * Like Promise.all over `items.map(fn)`, but with at most `limit` calls running. The first
 * rejection rejects the whole; the other workers still finish the items they go on to take.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** mapWithLimit that never rejects: each item's outcome, as Promise.allSettled reports it. */
export function mapSettled<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  return mapWithLimit(items, limit, async (item): Promise<PromiseSettledResult<R>> => {
    try {
      return { status: 'fulfilled', value: await fn(item) };
    } catch (reason) {
      return { status: 'rejected', reason };
    }
  });
}
