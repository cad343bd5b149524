// Failures that pass by themselves, told apart from final ones: Atlas CRM unavailable or
// rate-limited, Jira or Forge storage answering 429 or 5xx, the invocation's deadline. Work that
// runs without a person (the issue-created trigger) tries these again later; others are final.
import {
  CrmAuthError,
  CrmError,
  CrmNetworkError,
  CrmRateLimitError,
  CrmServerError,
  CrmTokenRejectedError,
} from '../crm';
import { AppFailure, JiraError, STORAGE_RETRY_AFTER_MS, isStorageRateLimit } from './errors';

export interface Passing {
  /** Someone upstream said "too many requests": worth naming when asking for a retry. */
  rateLimited: boolean;
  /** The wait the answer asked for, if it named one. */
  afterMs?: number;
}

function crmPassing(err: CrmError): Passing | undefined {
  if (err instanceof CrmRateLimitError) return { rateLimited: true, afterMs: err.retryAfterMs };
  // A token refused again right after a new one passes; refused credentials do not.
  if (err instanceof CrmTokenRejectedError) return { rateLimited: false };
  if (err instanceof CrmAuthError) return undefined;
  if (err instanceof CrmServerError || err instanceof CrmNetworkError)
    return { rateLimited: false };
  return undefined;
}

function appPassing(err: AppFailure): Passing | undefined {
  const after = err.retryAfterMs !== undefined ? { afterMs: err.retryAfterMs } : {};
  if (err.code === 'RATE_LIMITED') return { rateLimited: true, ...after };
  // Atlas CRM unavailable (the deadline too), a lost race for the record, a write not confirmed.
  if (err.code === 'CRM_UNAVAILABLE' || err.code === 'CONFLICT')
    return { rateLimited: false, ...after };
  if (err.code === 'INTERNAL' && err.retryAfterMs !== undefined)
    return { rateLimited: false, ...after };
  return undefined;
}

/** How a failure passes, or undefined when trying again would change nothing. */
export function passingFailure(err: unknown): Passing | undefined {
  if (err instanceof AppFailure) return appPassing(err);
  if (err instanceof CrmError) return crmPassing(err);
  if (err instanceof JiraError) {
    if (err.status === 429)
      return { rateLimited: true, ...(err.retryAfterMs ? { afterMs: err.retryAfterMs } : {}) };
    return err.status >= 500 ? { rateLimited: false } : undefined;
  }
  if (isStorageRateLimit(err)) return { rateLimited: true, afterMs: STORAGE_RETRY_AFTER_MS };
  return undefined;
}
