// Error classes of the Atlas CRM client: callers branch on the class, not on the HTTP status.
// Messages are built only from the API's error text and our own words, never from request
// headers, so a token or secret can not leak into logs or the UI.

import { isRecord } from '../shared/guards';
import type { ApiErrorBody } from './types';

export interface CrmErrorOptions {
  status?: number;
  cause?: unknown;
}

export class CrmError extends Error {
  readonly status?: number;
  /** Set on failures of the token endpoint: their text is for the admin page only. */
  fromTokenEndpoint = false;

  constructor(message: string, opts: CrmErrorOptions = {}) {
    super(redactSecrets(message), opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = new.target.name;
    if (opts.status !== undefined) this.status = opts.status;
  }
}

export class CrmValidationError extends CrmError {
  /** Per-field problems, when the API (or our own validation) names the fields. */
  readonly fieldErrors?: Record<string, string>;

  constructor(
    message: string,
    opts: CrmErrorOptions & { fieldErrors?: Record<string, string> } = {},
  ) {
    super(message, { status: 400, ...opts });
    if (opts.fieldErrors !== undefined) this.fieldErrors = opts.fieldErrors;
  }
}

/** A filter that can not be sent: unknown field, operator not allowed, malformed value. Raised
 * before any request, so it carries no HTTP status. */
export class FilterError extends CrmValidationError {
  constructor(message: string, opts: { fieldErrors?: Record<string, string> } = {}) {
    super(message, { ...opts, status: undefined });
  }
}

export class CrmAuthError extends CrmError {
  constructor(message: string, opts: CrmErrorOptions = {}) {
    super(message, { status: 401, ...opts });
  }
}

/**
 * A 401 again, right after a new token was taken: the credentials work (the token endpoint
 * answered), so this is the service's passing trouble (e.g. tokens revoked twice in a row).
 */
export class CrmTokenRejectedError extends CrmAuthError {}

export class CrmForbiddenError extends CrmError {
  constructor(message: string, opts: CrmErrorOptions = {}) {
    super(message, { status: 403, ...opts });
  }
}

export class CrmNotFoundError extends CrmError {
  constructor(message: string, opts: CrmErrorOptions = {}) {
    super(message, { status: 404, ...opts });
  }
}

export class CrmConflictError extends CrmError {
  constructor(message: string, opts: CrmErrorOptions = {}) {
    super(message, { status: 409, ...opts });
  }
}

export class CrmRateLimitError extends CrmError {
  readonly retryAfterMs: number;

  constructor(message: string, opts: CrmErrorOptions & { retryAfterMs?: number } = {}) {
    super(message, { status: 429, ...opts });
    this.retryAfterMs = opts.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
  }
}

export class CrmServerError extends CrmError {}

/** A 2xx answer we can not use: not JSON, cut off, wrong shape, too large. */
export class CrmBadResponseError extends CrmServerError {}

export class CrmNetworkError extends CrmError {
  readonly timedOut: boolean;

  constructor(message: string, opts: CrmErrorOptions & { timedOut?: boolean } = {}) {
    super(message, opts);
    this.timedOut = opts.timedOut ?? false;
  }
}

/**
 * The invocation's time budget ran out (or too little of it is left to start another attempt):
 * answering now in plain words beats being cut off by the platform.
 */
export class CrmDeadlineError extends CrmNetworkError {
  constructor(message = 'Atlas CRM did not answer within the time left for this call') {
    super(message, { timedOut: true });
  }
}

/** A record of a kind this app does not handle (an entity type outside company/contact/sale). */
export class CrmUnsupportedRecordError extends CrmBadResponseError {}

export class CrmNotConfiguredError extends CrmError {
  constructor(
    message = 'Atlas CRM is not configured: an admin must enter the API client id and secret',
  ) {
    super(message);
  }
}

export const DEFAULT_RETRY_AFTER_MS = 1000;

/** Retry-After is either delay-seconds or an HTTP date; anything else -> default. */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number {
  if (value === null || value === undefined || value.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const date = Date.parse(v);
  if (!Number.isNaN(date)) return Math.max(0, date - now);
  return DEFAULT_RETRY_AFTER_MS;
}

/** Bodies are shown to users: keep them short and strip anything that looks like a credential. */
const MAX_MESSAGE_LENGTH = 500;
const MAX_FIELD_ERRORS = 50;

export function redactSecrets(text: string): string {
  return text
    .replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{16,}/gi, '$1 [redacted]')
    .replace(
      /("?(?:access_token|client_secret|authorization)"?\s*[:=]\s*"?)[^"&\s,}]+/gi,
      '$1[redacted]',
    );
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH)}…` : text;
}

/**
 * Flattens the schema-validation form `{schema, errors: {fields: ...}}`. Its inner shape is not
 * documented, so accept a field map whose values are strings, arrays or nested objects.
 */
export function fieldErrorsFromBody(body: unknown): Record<string, string> | undefined {
  if (!isRecord(body) || !isRecord(body.errors)) return undefined;
  const fields = body.errors.fields;
  if (!isRecord(fields)) return undefined;
  // fromEntries keeps a field named __proto__ as data instead of dropping it.
  const out: Record<string, string> = Object.fromEntries(
    Object.entries(fields)
      .slice(0, MAX_FIELD_ERRORS)
      .map(([fieldId, problem]) => [fieldId, describeProblem(problem)]),
  );
  return Object.keys(out).length > 0 ? out : undefined;
}

/** How deep an error body is followed: a hostile or broken body must not overflow the stack. */
const MAX_PROBLEM_DEPTH = 4;
/** Items looked at per list or object level, so a huge body costs little. */
const MAX_PROBLEM_ITEMS = 20;

function describeProblem(problem: unknown, depth = 0): string {
  if (typeof problem === 'string') return truncate(problem);
  if (depth >= MAX_PROBLEM_DEPTH && (Array.isArray(problem) || isRecord(problem))) return 'invalid';
  if (Array.isArray(problem))
    return truncate(
      problem
        .slice(0, MAX_PROBLEM_ITEMS)
        .map((item) => describeProblem(item, depth + 1))
        .join('; '),
    );
  if (isRecord(problem)) {
    if (typeof problem.message === 'string') return truncate(problem.message);
    return truncate(
      Object.entries(problem)
        .slice(0, MAX_PROBLEM_ITEMS)
        .map(([k, v]) => `${k}: ${describeProblem(v, depth + 1)}`)
        .join('; '),
    );
  }
  return problem === null || problem === undefined ? 'invalid' : String(problem);
}

/** The human message of an error body: `message`, else the schema field errors, else a fallback. */
export function messageFromBody(body: unknown, fallback: string): string {
  if (isRecord(body)) {
    const b = body as ApiErrorBody & Record<string, unknown>;
    if (typeof b.message === 'string' && b.message.trim() !== '') return truncate(b.message);
    const fieldErrors = fieldErrorsFromBody(body);
    if (fieldErrors) {
      return truncate(
        `Invalid fields: ${Object.entries(fieldErrors)
          .map(([id, msg]) => `${id} (${msg})`)
          .join(', ')}`,
      );
    }
    if (isRecord(b.errors) && b.errors.fields !== undefined) {
      return truncate(`Invalid fields: ${describeProblem(b.errors.fields)}`);
    }
    if (typeof b.error === 'string') return truncate(b.error);
  }
  return fallback;
}

/** Maps an HTTP error status (and its parsed body, if JSON) to an error class. */
export function errorForStatus(
  status: number,
  body: unknown,
  context: { method: string; path: string; retryAfter?: string | null; now?: number },
): CrmError {
  const where = `${context.method} ${context.path}`;
  const msg = (fallback: string) => messageFromBody(body, fallback);
  switch (true) {
    case status === 400:
      return new CrmValidationError(msg(`Atlas CRM rejected the request (${where})`), {
        fieldErrors: fieldErrorsFromBody(body),
      });
    case status === 401:
      return new CrmAuthError(msg('Atlas CRM rejected the access token'));
    case status === 403:
      return new CrmForbiddenError(msg(`Atlas CRM denied access (${where})`));
    case status === 404:
      return new CrmNotFoundError(msg(`Not found in Atlas CRM (${where})`));
    case status === 409:
      return new CrmConflictError(msg(`Conflict in Atlas CRM (${where})`));
    case status === 429:
      return new CrmRateLimitError(msg('Atlas CRM rate limit reached; try again shortly'), {
        retryAfterMs: parseRetryAfter(context.retryAfter, context.now),
      });
    case status >= 500:
      return new CrmServerError(msg(`Atlas CRM server error ${status} (${where})`), { status });
    default:
      return new CrmError(msg(`Atlas CRM answered ${status} (${where})`), { status });
  }
}
