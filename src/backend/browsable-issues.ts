// Which of several issues the caller may browse, in one request as the caller: Jira's bulk
// permission check (POST /rest/api/3/permissions/check) answers Browse Projects per issue, issue
// security levels included, and leaves out ids that name no issue (a deleted one reads as hidden).
import { asUser, route } from '@forge/api';
import { isRecord } from '../shared/guards';
import { jiraJson, sendJira } from './jira';

/** "A maximum of 1000 projects and 1000 issues can be checked." */
export const BROWSE_CHECK_MAX = 1000;

/** Jira's issue ids are numbers; only those that survive a JSON number are sent. */
const ISSUE_ID = /^[1-9]\d{0,14}$/;

export async function browsableIssues(issueIds: readonly string[]): Promise<Set<string>> {
  const ids = [...new Set(issueIds)].filter((id) => ISSUE_ID.test(id));
  if (ids.length === 0) return new Set();
  if (ids.length > BROWSE_CHECK_MAX)
    throw new Error(`Jira checks at most ${BROWSE_CHECK_MAX} issues at once`);
  const body = {
    projectPermissions: [{ permissions: ['BROWSE_PROJECTS'], issues: ids.map(Number) }],
  };
  const res = await sendJira(() =>
    asUser().requestJira(route`/rest/api/3/permissions/check`, {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    }),
  );
  const answer = await jiraJson<unknown>(res, 'POST permissions/check');
  const grants =
    isRecord(answer) && Array.isArray(answer.projectPermissions)
      ? (answer.projectPermissions as unknown[])
      : [];
  const granted = new Set<string>();
  for (const grant of grants) {
    // A permission held nowhere may be left out of the answer: absent means none.
    if (!isRecord(grant) || grant.permission !== 'BROWSE_PROJECTS') continue;
    const issues = Array.isArray(grant.issues) ? (grant.issues as unknown[]) : [];
    for (const id of issues) if (typeof id === 'number') granted.add(String(id));
  }
  // Only ids that were asked about: an answer can never widen what is shown.
  return new Set(ids.filter((id) => granted.has(id)));
}
