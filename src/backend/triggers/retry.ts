// When the issue-created trigger asks Forge to deliver its event again: returning an
// InvocationError of @forge/events, the documented way (events-reference/product_events, "Retry
// Atlassian app events"; at most 4 retries, retryAfter at most 900 s). The app asks at most
// MAX_RETRIES times, each wait longer than the one before, and only for a failure that passes.
import { InvocationError, InvocationErrorCode } from '@forge/events';
import { isRecord } from '../../shared/guards';
import type { Passing } from '../transient';

export const MAX_RETRIES = 3;
/** Seconds before the 1st, 2nd and 3rd retry: Atlas CRM gets longer to come back each time. */
export const RETRY_AFTER_S = [10, 30, 90] as const;
/** Forge lowers a longer retryAfter to this. */
const FORGE_MAX_RETRY_AFTER_S = 900;

/** How many times this event was delivered again already (0 the first time). */
export function retryCountOf(event: unknown): number {
  const context = isRecord(event) && isRecord(event.retryContext) ? event.retryContext : undefined;
  const count = context?.retryCount;
  return typeof count === 'number' && Number.isSafeInteger(count) && count > 0 ? count : 0;
}

/** The redelivery to ask for after this failure, or undefined when the retries are used up. */
export function retryAfter(passing: Passing, retryCount: number): InvocationError | undefined {
  const planned = RETRY_AFTER_S[retryCount];
  if (retryCount >= MAX_RETRIES || planned === undefined) return undefined;
  const asked = passing.afterMs !== undefined ? Math.ceil(passing.afterMs / 1000) : 0;
  return new InvocationError({
    retryAfter: Math.min(FORGE_MAX_RETRY_AFTER_S, Math.max(planned, asked)),
    retryReason: passing.rateLimited
      ? InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED
      : InvocationErrorCode.FUNCTION_RETRY_REQUEST,
  });
}
