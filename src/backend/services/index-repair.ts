// The panel's repair of a JQL index that differs from the record, and what it tells people when
// Jira refuses the write because the project's scheme withholds Edit Issues from the app's user.
import type { IssueCall } from '../context';
import {
  INDEX_REFUSAL_RECHECK_MS,
  forgetIndexRefusal,
  rememberIndexRefusal,
  type IndexRefusal,
} from '../storage/index-refusals';
import { writeLinkIndex } from '../storage/link-index';
import type { LinkRecord } from '../storage/link-record-format';

export function jqlOffMessage(projectKey: string): string {
  return (
    `JQL search for this issue's Atlas CRM records is off in ${projectKey}: the app may not edit issues there. ` +
    "A Jira admin can grant it; the connection test on the app's settings page says what."
  );
}

/** The project key from the context, else the issue key's prefix (an issue key names it). */
function projectKeyOf(call: IssueCall): string {
  return call.project?.key ?? call.issue.key.replace(/-\d+$/, '');
}

/**
 * Rewrites a stale index, unless Jira refused it in this project lately (the refusal read in the
 * call's KVS batch): then no request is sent. Answers the plain line when JQL search is off for
 * the issue, undefined when the index now holds the record or failed for another reason.
 */
/** False while a refusal of the project is fresh: no write is tried until it is rechecked. */
export function indexWriteDue(refusal: IndexRefusal | undefined, now = Date.now()): boolean {
  return !refusal || now - refusal.at >= INDEX_REFUSAL_RECHECK_MS;
}

export async function repairIndex(
  call: IssueCall,
  record: LinkRecord,
  refusal: IndexRefusal | undefined,
  now = Date.now(),
): Promise<string | undefined> {
  if (!indexWriteDue(refusal, now)) return jqlOffMessage(projectKeyOf(call));
  const outcome = await writeLinkIndex(call.issue.id, record);
  if (outcome === 'refused') {
    if (call.project) await rememberIndexRefusal(call.project, now);
    return jqlOffMessage(projectKeyOf(call));
  }
  if (outcome === 'written' && refusal) await forgetIndexRefusal(refusal.project.id);
  return undefined;
}
