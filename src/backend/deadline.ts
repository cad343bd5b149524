// One time budget per invocation. Forge ends a UI-invoked function at 25 s and the user then sees
// a platform error; answering a plain, retryable error before that needs every wait (requests,
// retries, deliveries) to know how much of the budget is left.
import { AsyncLocalStorage } from 'node:async_hooks';
import { AppFailure } from './errors';

/** Leaves about 5 s of Forge's 25 s for answering and for the platform's own overhead. */
export const INVOCATION_BUDGET_MS = 20_000;
/** Below this, starting another request or retry is pointless: it could not finish in time. */
export const MIN_USEFUL_MS = 250;
export const DEADLINE_RETRY_AFTER_MS = 10_000;

export const DEADLINE_MESSAGE =
  'Atlas CRM or Jira answered too slowly, so this was stopped before Jira would cut it off. Try again in a moment.';

const budget = new AsyncLocalStorage<{ endsAt: number }>();

/** Runs one invocation's work under a fresh budget. */
export function withDeadline<T>(
  work: () => Promise<T>,
  budgetMs = INVOCATION_BUDGET_MS,
): Promise<T> {
  return budget.run({ endsAt: Date.now() + budgetMs }, work);
}

/** This invocation's own object (undefined outside one): what per-invocation memos key on. */
export function invocationScope(): object | undefined {
  return budget.getStore();
}

/** Milliseconds left of this invocation's budget; Infinity outside an invocation (scripts, tests). */
export function remainingMs(): number {
  const current = budget.getStore();
  return current ? Math.max(0, current.endsAt - Date.now()) : Number.POSITIVE_INFINITY;
}

export function deadlineFailure(): AppFailure {
  return new AppFailure('CRM_UNAVAILABLE', DEADLINE_MESSAGE, {
    retryAfterMs: DEADLINE_RETRY_AFTER_MS,
  });
}

/** Throws the plain-words failure when too little time is left to start more work. */
export function requireTimeLeft(neededMs = MIN_USEFUL_MS): void {
  if (remainingMs() < neededMs) throw deadlineFailure();
}

/**
 * Starts `request` only with time left, and stops waiting for it when the budget runs out: Jira
 * calls have no timeout of their own, and a hung one would otherwise meet Forge's limit.
 */
export async function inTime<T>(request: () => Promise<T>): Promise<T> {
  const left = remainingMs();
  if (left === Number.POSITIVE_INFINITY) return request();
  requireTimeLeft();
  const pending = request();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const outOfTime = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(deadlineFailure()), left);
  });
  try {
    return await Promise.race([pending, outOfTime]);
  } finally {
    clearTimeout(timer);
    // Its late answer (or failure) is no longer anyone's concern.
    pending.catch(() => undefined);
  }
}
