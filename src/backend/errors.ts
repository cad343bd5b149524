// The backend's own failures: a code from the contract and words for the person who acted.
import type { ErrorCode } from '../shared/contract';

export class AppFailure extends Error {
  readonly code: ErrorCode;
  readonly retryAfterMs?: number;
  readonly fieldErrors?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { retryAfterMs?: number; fieldErrors?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'AppFailure';
    this.code = code;
    if (extra.retryAfterMs !== undefined) this.retryAfterMs = extra.retryAfterMs;
    if (extra.fieldErrors !== undefined) this.fieldErrors = extra.fieldErrors;
  }
}

/**
 * The one way problems found in a request (keyed by field id) become a VALIDATION failure.
 * `message` replaces the usual wording where plain words say more (a refused cursor or token).
 */
export function validationFailure(
  problems: Record<string, string>,
  message = describeProblems(problems),
): AppFailure {
  return new AppFailure('VALIDATION', message, { fieldErrors: problems });
}

function describeProblems(problems: Record<string, string>): string {
  const entries = Object.entries(problems);
  const [first] = entries;
  if (!first) return 'Check the input.';
  const [fieldId, problem] = first;
  // Template problems start with the field's label; payload problems need the field named.
  const phrase = /^\p{Lu}/u.test(problem) ? problem : `${fieldId} ${problem}`;
  const more = entries.length > 1 ? `, and ${entries.length - 1} more marked` : '';
  return `Check the input: ${phrase}${more}.`;
}

/** A Jira REST call that did not answer 2xx. The message holds method, path and status only. */
export class JiraError extends Error {
  readonly status: number;
  /** From Jira's Retry-After, when it answered 429. */
  readonly retryAfterMs?: number;

  constructor(message: string, status: number, retryAfterMs?: number) {
    super(message);
    this.name = 'JiraError';
    this.status = status;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Forge's storage answers 429 (`RATE_LIMIT_EXCEEDED`) past the installation's quota; @forge/kvs
 * throws it as an error with `code` and `responseDetails.status`.
 */
export function isStorageRateLimit(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; responseDetails?: { status?: unknown } };
  return (
    e.responseDetails?.status === 429 ||
    e.code === 'RATE_LIMIT_EXCEEDED' ||
    e.code === 'TOO_MANY_REQUESTS'
  );
}

export const MESSAGES = {
  notConfigured:
    'Atlas CRM is not set up yet. Ask a Jira admin to enter the Atlas CRM API credentials.',
  credentialsRejected:
    'Atlas CRM rejected the stored credentials. Ask a Jira admin to check the Atlas CRM API token in the app settings.',
  crmUnavailable: 'Atlas CRM is not responding right now. Try again in a minute.',
  tokenUnavailable:
    'Atlas CRM did not let this app sign in just now. Try again in a minute; if it keeps happening, ask a Jira admin to test the connection in the app settings.',
  unsupportedRecord:
    'This Atlas CRM record is of a kind this app cannot show. Only companies, contacts and sales can be opened or linked here.',
  rateLimited: 'Atlas CRM is receiving too many requests right now. Wait a moment and try again.',
  crmForbidden:
    'Atlas CRM refused this action for the configured API token. Ask a Jira admin to check it.',
  notFound: 'This Atlas CRM record no longer exists. It may have been deleted in Atlas CRM.',
  crmConflict: 'Atlas CRM reported a conflict with another change. Reload and try again.',
  internal:
    'Something went wrong in Atlas CRM for Jira. Try again; if it keeps happening, tell your Jira admin.',
  linksBusy: 'Someone else is changing the links of this issue right now. Try again.',
  jiraUnavailable: 'Jira did not answer as expected. Try again in a moment.',
  jiraBusy: 'Jira is receiving too many requests from this app right now. Try again in a moment.',
  storageBusy:
    "Jira's storage for this app is receiving too many requests right now, so nothing was changed. Try again in a moment.",
} as const;

export const CRM_RETRY_AFTER_MS = 60_000;
/** Jira answered 5xx / 429: a short wait usually fixes it. */
export const JIRA_RETRY_AFTER_MS = 5_000;
/** Forge sends no Retry-After with a storage 429: a few seconds usually suffice. */
export const STORAGE_RETRY_AFTER_MS = 3_000;
/** A new access token was refused right away: the next try takes another one. */
export const TOKEN_RETRY_AFTER_MS = 2_000;
