// Small helpers over Jira REST through @forge/api: every call uses the `route` tag, as the user
// (asUser) or as the app (asApp), and non-2xx answers become JiraError (method, path, status only).
import type { APIResponse } from '@forge/api';
import { JiraError } from './errors';

export async function jiraJson<T>(res: APIResponse, what: string): Promise<T> {
  if (!res.ok) {
    // Drain the body; its text is not logged (it may echo user data).
    await res.text().catch(() => '');
    throw new JiraError(`Jira answered ${res.status} to ${what}`, res.status);
  }
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new JiraError(`Jira sent an answer that is not JSON to ${what}`, res.status);
  }
}
