// A promise's outcome as a value: reads started side by side are all waited for, and their
// failures handled in the order that matters, not in the order they happen to fail.

export type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

export function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}
