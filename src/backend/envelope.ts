// Every resolver runs inside `respond`: it never throws to the browser. Known errors become a
// contract error code with plain words; anything else becomes INTERNAL and is logged, redacted.
import {
  CrmAuthError,
  CrmBadResponseError,
  CrmConflictError,
  CrmDeadlineError,
  CrmError,
  CrmForbiddenError,
  CrmNetworkError,
  CrmNotConfiguredError,
  CrmNotFoundError,
  CrmRateLimitError,
  CrmServerError,
  CrmTokenRejectedError,
  CrmUnsupportedRecordError,
  CrmValidationError,
  FilterError,
} from '../crm';
import type { AppError, Result } from '../shared/contract';
import {
  AppFailure,
  CRM_RETRY_AFTER_MS,
  JIRA_RETRY_AFTER_MS,
  JiraError,
  MESSAGES,
  STORAGE_RETRY_AFTER_MS,
  TOKEN_RETRY_AFTER_MS,
  isStorageRateLimit,
  validationFailure,
} from './errors';
import { deadlineFailure } from './deadline';
import { describeForLog, redact, redactData } from './redact';

const MAX_FIELD_ERRORS = 50;
const MAX_TEXT = 300;

function clip(text: string): string {
  const clean = redact(text);
  if (clean.length <= MAX_TEXT) return clean;
  // Never between the two halves of an emoji: a lone half shows as a broken character.
  const cut = clean.slice(0, MAX_TEXT);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

function cleanFieldErrors(
  fieldErrors: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (!fieldErrors) return undefined;
  // fromEntries: a field id such as __proto__ stays a key instead of vanishing.
  return Object.fromEntries(
    Object.entries(fieldErrors)
      .slice(0, MAX_FIELD_ERRORS)
      .map(([id, msg]) => [clip(id), clip(msg)]),
  );
}

/** A failure that waiting fixes: logged (redacted) and answered with when to try again. */
function retryable(
  where: string,
  err: unknown,
  code: AppError['code'],
  message: string,
  retryAfterMs: number,
): AppError {
  console.warn(`[atlas-crm] ${where}: ${describeForLog(err)}`);
  return { code, message, retryAfterMs };
}

/** Maps any thrown value to the error the user sees. Pure apart from logging unknown errors. */
export function toAppError(err: unknown, where = 'resolver'): AppError {
  if (err instanceof AppFailure) {
    const fieldErrors = cleanFieldErrors(err.fieldErrors);
    return {
      code: err.code,
      message: clip(err.message),
      ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
      ...(fieldErrors ? { fieldErrors } : {}),
    };
  }
  // Found before any request: the input's problem, not Atlas CRM's answer.
  if (err instanceof FilterError)
    return toAppError(validationFailure(err.fieldErrors ?? {}), where);
  if (err instanceof CrmError) return crmError(err, where);
  if (err instanceof JiraError && err.status === 429)
    return retryable(
      where,
      err,
      'RATE_LIMITED',
      MESSAGES.jiraBusy,
      err.retryAfterMs ?? JIRA_RETRY_AFTER_MS,
    );
  if (isStorageRateLimit(err))
    return retryable(where, err, 'RATE_LIMITED', MESSAGES.storageBusy, STORAGE_RETRY_AFTER_MS);
  if (err instanceof JiraError) {
    console.error(`[atlas-crm] ${where}: ${describeForLog(err)}`);
    // Jira's own trouble (5xx, 429) passes: trying again is the fix.
    const transient = err.status >= 500 || err.status === 429;
    return {
      code: 'INTERNAL',
      message: MESSAGES.jiraUnavailable,
      ...(transient ? { retryAfterMs: JIRA_RETRY_AFTER_MS } : {}),
    };
  }
  console.error(`[atlas-crm] ${where} failed unexpectedly: ${describeForLog(err)}`);
  return { code: 'INTERNAL', message: MESSAGES.internal };
}

/** Only the admin page is shown what the token endpoint said; its keys share one prefix. */
function isAdminPage(where: string): boolean {
  return where.startsWith('admin/');
}

function crmError(err: CrmError, where: string): AppError {
  if (err instanceof CrmNotConfiguredError)
    return { code: 'NOT_CONFIGURED', message: MESSAGES.notConfigured };
  if (err instanceof CrmDeadlineError) {
    console.warn(`[atlas-crm] ${where}: ${describeForLog(err)}`);
    return toAppError(deadlineFailure(), where);
  }
  // A refused client id/secret already answers in fixed words (below); anything else the token
  // endpoint said is for the admin page, not for every user of the issue panel.
  if (err.fromTokenEndpoint && !(err instanceof CrmAuthError) && !isAdminPage(where))
    return retryable(
      `${where} (token request)`,
      err,
      'CRM_UNAVAILABLE',
      MESSAGES.tokenUnavailable,
      CRM_RETRY_AFTER_MS,
    );
  if (err instanceof CrmTokenRejectedError)
    return retryable(where, err, 'CRM_UNAVAILABLE', MESSAGES.crmUnavailable, TOKEN_RETRY_AFTER_MS);
  if (err instanceof CrmAuthError)
    return { code: 'NOT_CONFIGURED', message: MESSAGES.credentialsRejected };
  if (err instanceof CrmRateLimitError) {
    return { code: 'RATE_LIMITED', message: MESSAGES.rateLimited, retryAfterMs: err.retryAfterMs };
  }
  if (err instanceof CrmValidationError) {
    const fieldErrors = cleanFieldErrors(err.fieldErrors);
    return {
      code: 'VALIDATION',
      message: clip(`Atlas CRM did not accept this: ${err.message}`),
      ...(fieldErrors ? { fieldErrors } : {}),
    };
  }
  if (err instanceof CrmNotFoundError) return { code: 'NOT_FOUND', message: MESSAGES.notFound };
  if (err instanceof CrmUnsupportedRecordError)
    return { code: 'NOT_FOUND', message: MESSAGES.unsupportedRecord };
  if (err instanceof CrmForbiddenError)
    return { code: 'FORBIDDEN', message: MESSAGES.crmForbidden };
  if (err instanceof CrmConflictError) return { code: 'CONFLICT', message: MESSAGES.crmConflict };
  if (
    err instanceof CrmServerError ||
    err instanceof CrmNetworkError ||
    err instanceof CrmBadResponseError
  )
    return retryable(where, err, 'CRM_UNAVAILABLE', MESSAGES.crmUnavailable, CRM_RETRY_AFTER_MS);
  console.error(`[atlas-crm] ${where}: unexpected Atlas CRM answer: ${describeForLog(err)}`);
  return {
    code: 'CRM_UNAVAILABLE',
    message: MESSAGES.crmUnavailable,
    retryAfterMs: CRM_RETRY_AFTER_MS,
  };
}

export async function respond<T>(where: string, run: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, data: redactData(await run()) };
  } catch (err) {
    return { ok: false, error: toAppError(err, where) };
  }
}
