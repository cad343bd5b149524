// Jira's error body shape and the answers several routes share.
import { DEMO_SITE } from '../demo';
import type { Reply } from '../http';

export function jiraError(status: number, ...errorMessages: string[]): Reply {
  return { status, body: { errorMessages, errors: {} } };
}

export const issueNotFound = (): Reply =>
  jiraError(404, 'Issue does not exist or you do not have permission to see it.');

export const notAuthenticated = (): Reply =>
  jiraError(401, 'You are not authenticated. Authentication required to perform this operation.');

/** Absolute URL of a REST path on the site, as Jira puts in `self` links. */
export function selfUrl(path: string): string {
  return `${DEMO_SITE.siteUrl}${path}`;
}
