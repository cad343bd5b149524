// A page of a record's comment log as the caller may see it. The log is kept per record and shown
// wherever the record is opened, so a comment's text and issue key go only to people who may browse
// the issue it was written on; the others are counted, nothing more.
import type { RecordComment, RecordComments } from '../../shared/contract';
import { browsableIssues } from '../browsable-issues';
import { shown, type StoredCommentPage } from '../storage/comments';

/**
 * One Jira request as the caller for the page's other issues; none when every comment is on the
 * current issue, whose Browse the gate already checked.
 */
export async function visiblePage(
  page: StoredCommentPage,
  currentIssueId: string,
): Promise<RecordComments> {
  const others = page.items.map((c) => c.issueId).filter((id) => id !== currentIssueId);
  const browsable = others.length > 0 ? await browsableIssues(others) : new Set<string>();
  const items: RecordComment[] = [];
  let hidden = 0;
  for (const comment of page.items) {
    if (comment.issueId === currentIssueId || browsable.has(comment.issueId))
      items.push(shown(comment));
    else hidden += 1;
  }
  return {
    items,
    ...(page.olderCursor !== undefined ? { olderCursor: page.olderCursor } : {}),
    olderDropped: page.olderDropped,
    ...(hidden > 0 ? { hidden } : {}),
  };
}
