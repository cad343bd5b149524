// Which issues the app's own link records tie to an Atlas CRM record. JQL finds issues by the issue
// property `atlas-crm-links`, which anyone with Edit Issues can rewrite through Jira's REST API;
// the record (custom entity `issue-links`, which no user can write) decides.
import { AppFailure } from '../errors';
import { readBatch, type BatchValues } from './batch';
import { linkItems, storedLinksOf } from './link-store';

/** An issue's record may be in two places (linkItems): 12 issues fill one batch of at most 25. */
export const ISSUES_PER_CHECK = 12;

/** Jira's issue ids, the record's key; anything else has no record. */
const ISSUE_ID = /^\d{1,18}$/;

/** One KVS batch: the issues among `issueIds` whose record links `entityId`. */
export async function issuesLinkedTo(
  entityId: string,
  issueIds: readonly string[],
): Promise<Set<string>> {
  const ids = [...new Set(issueIds)].filter((id) => ISSUE_ID.test(id));
  if (ids.length === 0) return new Set();
  if (ids.length > ISSUES_PER_CHECK)
    throw new Error(`at most ${ISSUES_PER_CHECK} issues are checked in one KVS batch`);
  const values = await readBatch(ids.flatMap(linkItems));
  return new Set(ids.filter((id) => names(entityId, id, values)));
}

function names(entityId: string, issueId: string, values: BatchValues): boolean {
  try {
    return storedLinksOf(issueId, values).record.links.some((link) => link.id === entityId);
  } catch (err) {
    // An unreadable record (logged where it is decoded) vouches for nothing.
    if (err instanceof AppFailure) return false;
    throw err;
  }
}
