// Transport of the Atlas CRM client: one round trip with a timeout and a body cap, GET retries
// with backoff, and error mapping. Knows nothing about endpoints.

import { BodyTooLargeError, readCapped, type ResponseBody } from './body';
import {
  CrmBadResponseError,
  CrmDeadlineError,
  CrmError,
  CrmNetworkError,
  errorForStatus,
  parseRetryAfter,
} from './errors';

export interface FetchLikeResponse {
  status: number;
  headers: { get(name: string): string | null };
  /** When present the body is read from here, counting bytes against the cap as they arrive. */
  body?: ResponseBody | null;
  text(): Promise<string>;
}

export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal },
) => Promise<FetchLikeResponse>;

export type RequestStatus = number | 'network-error';

export interface RequestInfo {
  method: string;
  path: string;
  status: RequestStatus;
  durationMs: number;
}

export interface TransportConfig {
  fetch: FetchLike;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  maxResponseBytes: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  /** Time left for the whole call; every timeout, backoff and wait stays inside it. */
  remainingMs?: () => number;
  onRequest?: (info: RequestInfo) => void;
}

export interface RawRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawResponse {
  status: number;
  headers: { get(name: string): string | null };
  text: string;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
/** An attempt with less time than this left is not started: it could not finish. */
export const MIN_ATTEMPT_MS = 500;

export function timeLeft(cfg: Pick<TransportConfig, 'remainingMs'>): number {
  return cfg.remainingMs?.() ?? Number.POSITIVE_INFINITY;
}

/** Throws CrmDeadlineError unless `neededMs` (plus one useful attempt) still fit in the budget. */
export function requireTime(cfg: Pick<TransportConfig, 'remainingMs'>, neededMs = 0): void {
  if (timeLeft(cfg) < neededMs + MIN_ATTEMPT_MS) throw new CrmDeadlineError();
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Only the path goes into messages and metrics: query strings may carry customer data. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

/** One round trip. Throws CrmNetworkError on transport failure or timeout. */
export async function sendOnce(cfg: TransportConfig, req: RawRequest): Promise<RawResponse> {
  const path = pathOf(req.url);
  requireTime(cfg);
  const left = timeLeft(cfg);
  // Cut short by the budget, the timeout means "out of time", not "the CRM is slow".
  const byDeadline = left < cfg.timeoutMs;
  const timeoutMs = byDeadline ? left : cfg.timeoutMs;
  const timeoutError = () =>
    byDeadline
      ? new CrmDeadlineError(`Atlas CRM did not answer in the time left (${req.method} ${path})`)
      : new CrmNetworkError(
          `Atlas CRM did not answer within ${timeoutMs} ms (${req.method} ${path})`,
          { timedOut: true },
        );
  const started = cfg.now();
  const controller = new AbortController();
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Rejects when the timer fires, so a fetch or body read that ignores the signal still ends.
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      reject(timeoutError());
    }, timeoutMs);
  });
  timeout.catch(() => undefined);
  const report = (status: RequestStatus) =>
    cfg.onRequest?.({ method: req.method, path, status, durationMs: cfg.now() - started });

  try {
    const res = await Promise.race([
      cfg.fetch(req.url, {
        method: req.method,
        headers: req.headers,
        ...(req.body !== undefined ? { body: req.body } : {}),
        signal: controller.signal,
      }),
      timeout,
    ]);
    const tooLarge = () => {
      // Drops the connection: the rest of the body is never read.
      controller.abort();
      report(res.status);
      return new CrmBadResponseError(`Atlas CRM answer too large (${req.method} ${path})`, {
        status: res.status,
      });
    };
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > cfg.maxResponseBytes) throw tooLarge();
    let text: string;
    try {
      text = await Promise.race([
        res.body ? readCapped(res.body, cfg.maxResponseBytes) : res.text(),
        timeout,
      ]);
    } catch (err) {
      throw err instanceof BodyTooLargeError ? tooLarge() : err;
    }
    report(res.status);
    // Without a stream the length is checked after the fact (UTF-16 units, close enough).
    if (text.length > cfg.maxResponseBytes) {
      throw new CrmBadResponseError(`Atlas CRM answer too large (${req.method} ${path})`, {
        status: res.status,
      });
    }
    return { status: res.status, headers: res.headers, text };
  } catch (err) {
    if (err instanceof CrmError) {
      if (err instanceof CrmNetworkError) report('network-error');
      throw err;
    }
    report('network-error');
    if (timedOut) throw timeoutError();
    // The cause is kept for debugging; its message is not copied (it may echo the URL or headers).
    throw new CrmNetworkError(`Could not reach Atlas CRM (${req.method} ${path})`, { cause: err });
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Sends, retrying (when `retry`) on 429, 5xx and network errors. Returns the last response
 * whatever its status; the caller maps it. A Retry-After longer than maxRetryDelayMs is not
 * slept on: the 429 is returned so the caller can surface CrmRateLimitError.
 */
export async function sendWithRetry(
  cfg: TransportConfig,
  req: RawRequest,
  retry: boolean,
): Promise<RawResponse> {
  const attempts = retry ? Math.max(0, cfg.maxRetries) + 1 : 1;
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= attempts - 1;
    let res: RawResponse;
    try {
      res = await sendOnce(cfg, req);
    } catch (err) {
      // Oversized bodies are not transient; only transport failures are retried.
      if (last || !(err instanceof CrmNetworkError) || err instanceof CrmDeadlineError) throw err;
      const wait = backoff(cfg, attempt);
      // No time for the pause and another attempt: say so now.
      requireTime(cfg, wait);
      await cfg.sleep(wait);
      continue;
    }
    if (last || !isRetryableStatus(res.status)) return res;
    const wait =
      res.status === 429
        ? parseRetryAfter(res.headers.get('retry-after'), cfg.now())
        : backoff(cfg, attempt);
    // A pause that is too long, or would leave no time to try again: the caller maps this answer.
    if (wait > cfg.maxRetryDelayMs || timeLeft(cfg) < wait + MIN_ATTEMPT_MS) return res;
    await cfg.sleep(wait);
  }
}

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoff(
  cfg: Pick<TransportConfig, 'retryBaseDelayMs' | 'maxRetryDelayMs' | 'random'>,
  attempt: number,
): number {
  const exp = Math.min(cfg.maxRetryDelayMs, cfg.retryBaseDelayMs * 2 ** attempt);
  return Math.round(exp / 2 + (exp / 2) * cfg.random());
}

/** Parses a 2xx body; an HTML page or cut-off JSON becomes CrmBadResponseError. */
export function parseJsonBody(res: RawResponse, method: string, path: string): unknown {
  if (res.text.trim() === '') {
    throw new CrmBadResponseError(`Atlas CRM sent an empty answer (${method} ${path})`, {
      status: res.status,
    });
  }
  try {
    return JSON.parse(res.text) as unknown;
  } catch {
    throw new CrmBadResponseError(
      `Atlas CRM sent an answer that is not valid JSON (${method} ${path})`,
      { status: res.status },
    );
  }
}

/** Error bodies are parsed leniently: a non-JSON error page just loses its message. */
export function parseErrorBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function errorFromResponse(
  res: RawResponse,
  method: string,
  path: string,
  now: number,
): CrmError {
  return errorForStatus(res.status, parseErrorBody(res.text), {
    method,
    path,
    retryAfter: res.headers.get('retry-after'),
    now,
  });
}

export function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}
