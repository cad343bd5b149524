// Small helpers over Jira REST through @forge/api: every call uses the `route` tag, as the user
// (asUser) or as the app (asApp), and non-2xx answers become JiraError (method, path, status only).
import type { APIResponse } from '@forge/api';
import { parseRetryAfter } from '../crm';
import { JiraError } from './errors';

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
