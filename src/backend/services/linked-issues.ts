// The Jira issues linked to a record, found with JQL over the indexed link property, as the user:
// Jira itself then leaves out every issue they may not browse. Also the count of a record's other
// open issues for the issue context.
import { asUser, route } from '@forge/api';
import type {
  IssueRef,
  IssueStatusCategory,
  LinkedEntity,
  LinkedIssue,
  LinkedIssuesPage,
  LinkedIssuesPayload,
  OtherOpenIssues,
} from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import { AppFailure, JIRA_RETRY_AFTER_MS, JiraError } from '../errors';
import { jiraJson, sendJira } from '../jira';
import { describeForLog } from '../redact';
import { isEntityId } from '../../shared/ids';

export const LINKED_ISSUES_PAGE_SIZE = 10;
/** Records counted for the issue context: its line stays short, and so does the fan-out. */
export const OTHER_ISSUES_MAX_RECORDS = 3;
const FIELDS = ['summary', 'status', 'updated'];
/** The payload rule for entity ids; ids are checked again here because they go into JQL. */
const CATEGORIES: readonly string[] = ['new', 'indeterminate', 'done'];

export const ISSUE_SEARCH_MESSAGES = {
  staleCursor:
    'Jira no longer has the next page of this list (it was open a long time). Load the list again.',
  refused:
    "Jira's search could not look up the issues linked to this record. It may not have indexed the app's links yet; try again later, or ask a Jira admin if it keeps happening.",
  forbidden:
    "Jira did not let you search its issues, so the issues linked to this record can't be listed.",
  unavailable:
    'Jira did not answer the search for issues linked to this record. Try again in a moment.',
} as const;

/** Every issue linked to the record, newest update first. */
export function linkedIssuesJql(entityId: string): string {
  return `crmEntityId = "${checkedId(entityId)}" ORDER BY updated DESC`;
}

/** The record's issues other than this one that are not done. */
export function otherOpenIssuesJql(entityId: string, issueKey: string): string {
  return (
    `crmEntityId = "${checkedId(entityId)}" AND issuekey != "${issueKey}" ` +
    'AND statusCategory != Done ORDER BY updated DESC'
  );
}

/** The same search in Jira's issue navigator, relative to the site. */
export function navigatorPath(jql: string): string {
  return `/issues/?jql=${encodeURIComponent(jql)}`;
}

function checkedId(entityId: string): string {
  if (!isEntityId(entityId)) throw new AppFailure('VALIDATION', 'This is not an Atlas CRM id.');
  return entityId;
}

function jsonPost(body: unknown) {
  return {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/**
 * One page, one Jira request: the cursor is Jira's own nextPageToken. Jira's search index can lag
 * behind a change by seconds; `reconcileIssues` makes it answer for the current issue as it is now,
 * so a record just linked here lists this issue at once.
 */
export async function linkedIssues(
  payload: LinkedIssuesPayload,
  currentIssueId: string,
): Promise<LinkedIssuesPage> {
  const jql = linkedIssuesJql(payload.entityId);
  const request = {
    jql,
    maxResults: LINKED_ISSUES_PAGE_SIZE,
    fields: FIELDS,
    reconcileIssues: [Number(currentIssueId)],
    ...(payload.cursor ? { nextPageToken: payload.cursor } : {}),
  };
  let body: unknown;
  try {
    const res = await sendJira(() =>
      asUser().requestJira(route`/rest/api/3/search/jql`, jsonPost(request)),
    );
    body = await jiraJson<unknown>(res, 'POST search/jql');
  } catch (err) {
    throw searchFailure(err, payload.cursor !== undefined);
  }
  const page = isRecord(body) ? body : {};
  const items = (Array.isArray(page.issues) ? (page.issues as unknown[]) : [])
    .map(toLinkedIssue)
    .filter((issue): issue is LinkedIssue => issue !== undefined);
  const token = page.nextPageToken;
  const more = page.isLast !== true && typeof token === 'string' && token !== '';
  return { items, ...(more ? { nextCursor: token } : {}), navigatorPath: navigatorPath(jql) };
}

/** Jira's refusal in plain words; anything that is not Jira's answer goes on as it is. */
function searchFailure(err: unknown, paged: boolean): unknown {
  if (!(err instanceof JiraError)) return err;
  console.warn(`[atlas-crm] linked issues: ${describeForLog(err)}`);
  if (err.status === 400 && paged)
    return new AppFailure('VALIDATION', ISSUE_SEARCH_MESSAGES.staleCursor);
  if (err.status === 400) return new AppFailure('INTERNAL', ISSUE_SEARCH_MESSAGES.refused);
  if (err.status === 401 || err.status === 403)
    return new AppFailure('FORBIDDEN', ISSUE_SEARCH_MESSAGES.forbidden);
  // A 429 sendJira did not wait out: Jira's own Retry-After says when to try again.
  return new AppFailure(
    err.status === 429 ? 'RATE_LIMITED' : 'INTERNAL',
    ISSUE_SEARCH_MESSAGES.unavailable,
    { retryAfterMs: (err.status === 429 ? err.retryAfterMs : undefined) ?? JIRA_RETRY_AFTER_MS },
  );
}

function toLinkedIssue(item: unknown): LinkedIssue | undefined {
  if (!isRecord(item) || typeof item.id !== 'string' || typeof item.key !== 'string')
    return undefined;
  const fields = isRecord(item.fields) ? item.fields : {};
  const status = isRecord(fields.status) ? fields.status : {};
  const category = isRecord(status.statusCategory) ? status.statusCategory.key : undefined;
  return {
    id: item.id,
    key: item.key,
    summary: typeof fields.summary === 'string' ? fields.summary : '',
    status: typeof status.name === 'string' ? status.name : '',
    ...(typeof category === 'string' && CATEGORIES.includes(category)
      ? { statusCategory: category as IssueStatusCategory }
      : {}),
    updated: isoInstant(fields.updated),
  };
}

/** Jira writes "2025-03-01T09:00:00.000+0000"; the contract's ISO 8601 is the UTC form. */
function isoInstant(value: unknown): string {
  if (typeof value !== 'string') return '';
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** The records whose other issues are counted: the companies, or without any the contacts. */
function countedRecords(links: readonly LinkedEntity[]): LinkedEntity[] {
  const live = links.filter((link) => link.status !== 'deleted' && isEntityId(link.id));
  const companies = live.filter((link) => link.type === 'company');
  const chosen = companies.length > 0 ? companies : live.filter((link) => link.type === 'contact');
  return chosen.slice(0, OTHER_ISSUES_MAX_RECORDS);
}

async function countOther(entity: LinkedEntity, issue: IssueRef): Promise<OtherOpenIssues> {
  const jql = otherOpenIssuesJql(entity.id, issue.key);
  const res = await sendJira(() =>
    asUser().requestJira(route`/rest/api/3/search/approximate-count`, jsonPost({ jql })),
  );
  const body = await jiraJson<unknown>(res, 'POST search/approximate-count');
  const count = isRecord(body) ? body.count : undefined;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 0)
    throw new JiraError(
      'Jira sent an unexpected answer to POST search/approximate-count',
      res.status,
    );
  return {
    entity: { id: entity.id, type: entity.type, name: entity.name },
    count,
    navigatorPath: navigatorPath(jql),
  };
}

/**
 * Other open issues of the issue's records, one count per record in parallel, as the user.
 * Never fails: a count Jira does not give is left out (and logged); undefined when none is left.
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
