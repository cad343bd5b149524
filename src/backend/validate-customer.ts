// Payload validation of the keys about the customer behind the ticket.
import type { LinkedIssuesPayload } from '../shared/contract';
import { asObject, failOn, INPUT_LIMITS, noProblems } from './payload-checks';

/** Jira's nextPageToken: opaque, but only ever URL-safe text. */
const PAGE_TOKEN = /^[A-Za-z0-9_=+/-]+$/;

export function validateLinkedIssues(
  payload: unknown,
  entityId: (value: unknown, problems: Record<string, string>) => string,
): LinkedIssuesPayload {
  const input = asObject(payload);
  const problems = noProblems();
  const id = entityId(input.entityId, problems);
  const { cursor } = input;
  if (cursor !== undefined) {
    if (typeof cursor !== 'string' || cursor === '' || cursor.length > INPUT_LIMITS.cursorMax)
      problems.cursor = 'must be a cursor from a previous page';
    else if (!PAGE_TOKEN.test(cursor)) problems.cursor = 'must be a cursor from a previous page';
  }
  failOn(problems);
  return typeof cursor === 'string' ? { entityId: id, cursor } : { entityId: id };
}
