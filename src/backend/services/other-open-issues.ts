// The issue context's "N other open issues for …": per counted record, the open issues JQL finds
// over the link property as the user (so only issues they may browse), each counted only when the
// app's own record for it names the record. The property is an index anyone with Edit Issues can
// rewrite; the records decide. At most ISSUES_PER_CHECK issues are checked per record (one KVS
// batch); beyond that the count says it is a lower bound.
import { asUser, route } from '@forge/api';
import type { IssueRef, LinkedEntity, OtherOpenIssues } from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import { isEntityId } from '../../shared/ids';
import { JiraError } from '../errors';
import { jiraJson, sendJira } from '../jira';
import { describeForLog } from '../redact';
import { ISSUES_PER_CHECK, issuesLinkedTo } from '../storage/link-claims';
import { jsonPost, navigatorPath, otherOpenIssuesJql } from './linked-issues';

/** Records counted for the issue context: its line stays short, and so does the fan-out. */
export const OTHER_ISSUES_MAX_RECORDS = 3;
/** Issues checked against their records per counted record: one KVS batch. */
export const OTHER_ISSUES_CHECKED = ISSUES_PER_CHECK;

/** The records whose other issues are counted: the companies, or without any the contacts. */
function countedRecords(links: readonly LinkedEntity[]): LinkedEntity[] {
  const live = links.filter((link) => link.status !== 'deleted' && isEntityId(link.id));
  const companies = live.filter((link) => link.type === 'company');
  const chosen = companies.length > 0 ? companies : live.filter((link) => link.type === 'contact');
  return chosen.slice(0, OTHER_ISSUES_MAX_RECORDS);
}

/** One search as the user (ids only), then one KVS batch of the found issues' records. */
async function countOther(entity: LinkedEntity, issue: IssueRef): Promise<OtherOpenIssues> {
  const jql = otherOpenIssuesJql(entity.id, issue.key);
  const request = { jql, maxResults: OTHER_ISSUES_CHECKED, fields: ['id'] };
  const res = await sendJira(() =>
    asUser().requestJira(route`/rest/api/3/search/jql`, jsonPost(request)),
  );
  const body = await jiraJson<unknown>(res, 'POST search/jql');
  const issues = isRecord(body) && Array.isArray(body.issues) ? (body.issues as unknown[]) : null;
  if (!isRecord(body) || !issues)
    throw new JiraError('Jira sent an unexpected answer to POST search/jql', res.status);
  const ids = issues
    .map((found) => (isRecord(found) ? found.id : undefined))
    .filter((id): id is string => typeof id === 'string')
    .slice(0, OTHER_ISSUES_CHECKED);
  const linked = await issuesLinkedTo(entity.id, ids);
  // More found than checked: those beyond are not vouched for, so the count is a lower bound.
  const more = body.isLast !== true && typeof body.nextPageToken === 'string';
  return {
    entity: { id: entity.id, type: entity.type, name: entity.name },
    count: linked.size,
    ...(more ? { approximate: true as const } : {}),
    navigatorPath: navigatorPath(jql),
  };
}

/**
 * Other open issues of the issue's records, one count per record in parallel, as the user.
 * Never fails: a count Jira or storage does not give is left out (and logged); undefined when none
 * is left.
 */
export async function otherOpenIssues(
  issue: IssueRef,
  links: readonly LinkedEntity[],
): Promise<OtherOpenIssues[] | undefined> {
  const records = countedRecords(links);
  if (records.length === 0) return undefined;
  const settled = await Promise.allSettled(records.map((entity) => countOther(entity, issue)));
  const counted: OtherOpenIssues[] = [];
  for (const result of settled) {
    if (result.status === 'fulfilled') counted.push(result.value);
    else console.warn(`[atlas-crm] other open issues: ${describeForLog(result.reason)}`);
  }
  return counted.length > 0 ? counted : undefined;
}
