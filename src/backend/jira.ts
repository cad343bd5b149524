// Small helpers over Jira REST through @forge/api: every call uses the `route` tag, as the user
// (asUser) or as the app (asApp), is sent through sendJira (the budget, one retry after a short
// 429), and non-2xx answers become JiraError (method, path, status only).
import type { APIResponse } from '@forge/api';
import { parseRetryAfter } from '../crm';
import { inTime, remainingMs } from './deadline';
import { JiraError } from './errors';

/** The longest Retry-After waited out: someone is usually waiting for the answer. */
export const JIRA_RETRY_WAIT_MAX_MS = 3_000;
/** What must be left of the budget after the wait, for the request sent again and the answer. */
export const JIRA_RETRY_MARGIN_MS = 2_000;
/** Past Retry-After: Jira refuses (and starts the period over for) a request sent before it ends. */
const RETRY_SLACK_MS = 100;

/** How long a 429 asks to wait, when it says (Jira may leave Retry-After out). */
function retryAfterMs(res: APIResponse): number | undefined {
  const header = res.headers.get('Retry-After');
  return header === null || header.trim() === '' ? undefined : parseRetryAfter(header);
}

/**
 * The one way to send a Jira request: `send` is `asUser()` or `asApp()` `.requestJira(route...)`.
 * Within the invocation's budget; a 429 whose Retry-After is short and fits the budget with a
 * margin is waited out and sent once more. Any other 429 goes back to the caller (RATE_LIMITED
 * with Jira's Retry-After).
 */
export async function sendJira(send: () => Promise<APIResponse>): Promise<APIResponse> {
  const first = await inTime(send);
  if (first.status !== 429) return first;
  const waitMs = retryAfterMs(first);
  if (
    waitMs === undefined ||
    waitMs > JIRA_RETRY_WAIT_MAX_MS ||
    remainingMs() - waitMs - RETRY_SLACK_MS < JIRA_RETRY_MARGIN_MS
  )
    return first;
  await first.text().catch(() => '');
  await new Promise((resolve) => setTimeout(resolve, waitMs + RETRY_SLACK_MS));
  return inTime(send);
}

/** The JiraError for a non-2xx answer (its body drained, never logged: it may echo user data). */
export async function jiraFailure(res: APIResponse, what: string): Promise<JiraError> {
  await res.text().catch(() => '');
  const retryAfterMs =
    res.status === 429 ? parseRetryAfter(res.headers.get('Retry-After')) : undefined;
  return new JiraError(`Jira answered ${res.status} to ${what}`, res.status, retryAfterMs);
}

export async function jiraJson<T>(res: APIResponse, what: string): Promise<T> {
  if (!res.ok) throw await jiraFailure(res, what);
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new JiraError(`Jira sent an answer that is not JSON to ${what}`, res.status);
  }
}
