// The Jira issues linked to a record, found with JQL over the indexed link property, as the user:
// Jira itself then leaves out every issue they may not browse. The property is only an index that
// anyone with Edit Issues can rewrite, so each issue found counts only when the app's own record
// for it names the record (storage/link-claims.ts).
import { asUser, route } from '@forge/api';
import type {
  IssueStatusCategory,
  LinkedIssue,
  LinkedIssuesPage,
  LinkedIssuesPayload,
} from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import { AppFailure, JIRA_RETRY_AFTER_MS, JiraError } from '../errors';
import { jiraJson, sendJira } from '../jira';
import { describeForLog } from '../redact';
import { isEntityId } from '../../shared/ids';
import { issuesLinkedTo } from '../storage/link-claims';
import type { LinkRecord } from '../storage/link-record-format';

/** At most ISSUES_PER_CHECK: a page's other issues are checked in one KVS batch. */
export const LINKED_ISSUES_PAGE_SIZE = 10;
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

export function jsonPost(body: unknown) {
  return {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  };
}

/** The issue the record is opened from, and its link record as the gate's batch read it. */
export interface CurrentIssue {
  id: string;
  record: Promise<LinkRecord>;
}

/**
 * One page: one Jira request (the cursor is Jira's own nextPageToken), then one KVS batch with the
 * records of the page's other issues. Jira's search index can lag behind a change by seconds;
 * `reconcileIssues` makes it answer for the current issue as it is now, so a record just linked
 * here lists this issue at once. The current issue is shown by its record (already read); when a
 * one-page list lacks it although the record names it (its property was rewritten), it is read
 * on its own.
 */
export async function linkedIssues(
  payload: LinkedIssuesPayload,
  current: CurrentIssue,
): Promise<LinkedIssuesPage> {
  const { entityId, cursor } = payload;
  const jql = linkedIssuesJql(entityId);
  const request = {
    jql,
    maxResults: LINKED_ISSUES_PAGE_SIZE,
    fields: FIELDS,
    reconcileIssues: [Number(current.id)],
    ...(cursor ? { nextPageToken: cursor } : {}),
  };
  const [body, record] = await Promise.all([
    sendJira(() => asUser().requestJira(route`/rest/api/3/search/jql`, jsonPost(request)))
      .then((res) => jiraJson<unknown>(res, 'POST search/jql'))
      .catch((err: unknown) => {
        throw searchFailure(err, cursor !== undefined);
      }),
    current.record,
  ]);
  const page = isRecord(body) ? body : {};
  const found = (Array.isArray(page.issues) ? (page.issues as unknown[]) : [])
    .map(toLinkedIssue)
    .filter((issue): issue is LinkedIssue => issue !== undefined);
  const here = record.links.some((link) => link.id === entityId);
  const others = found.filter((issue) => issue.id !== current.id).map((issue) => issue.id);
  const linked = await issuesLinkedTo(entityId, others);
  let items = found.filter((issue) => (issue.id === current.id ? here : linked.has(issue.id)));
  const token = page.nextPageToken;
  const more = page.isLast !== true && typeof token === 'string' && token !== '';
  // The whole list in one page without this issue: its property no longer names the record.
  if (!cursor && !more && here && !items.some((issue) => issue.id === current.id)) {
    const issue = await issueAsUser(current.id).catch((err: unknown) => {
      throw searchFailure(err, false);
    });
    if (issue) items = inUpdateOrder(items, issue);
  }
  return { items, ...(more ? { nextCursor: token } : {}), navigatorPath: navigatorPath(jql) };
}

/** The current issue as the user sees it: its key, summary, status and last update. */
async function issueAsUser(issueId: string): Promise<LinkedIssue | undefined> {
  const res = await sendJira(() =>
    asUser().requestJira(route`/rest/api/3/issue/${issueId}?fields=summary,status,updated`, {
      headers: { Accept: 'application/json' },
    }),
  );
  if (res.status === 404) {
    await res.text().catch(() => '');
    return undefined;
  }
  return toLinkedIssue(await jiraJson<unknown>(res, 'GET issue'));
}

/** Newest update first, as the search sorts: ISO instants in UTC compare as text. */
function inUpdateOrder(items: LinkedIssue[], issue: LinkedIssue): LinkedIssue[] {
  const at = items.findIndex((other) => other.updated < issue.updated);
  return at < 0 ? [...items, issue] : [...items.slice(0, at), issue, ...items.slice(at)];
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
