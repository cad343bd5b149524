// Forge product-event trigger (avi:jira:created:issue): links a new issue to its customer when
// the admin turned this on for the issue's project and the match is unambiguous.
import { isRecord } from '../../shared/guards';
import { idText } from '../context';
import { withDeadline } from '../deadline';
import { describeForLog } from '../redact';
import { autoLinkIssue, type NewIssue } from './auto-link';
import { projectIdOf } from './reporter';

/** The issue an `avi:jira:created:issue` event is about; undefined for anything else. */
export function newIssueOf(event: unknown): NewIssue | undefined {
  const issue = isRecord(event) && isRecord(event.issue) ? event.issue : undefined;
  const issueId = idText(issue?.id);
  if (issueId === undefined) return undefined;
  const projectId = projectIdOf(issue?.fields);
  return { id: issueId, ...(projectId !== undefined ? { projectId } : {}) };
}

/**
 * The handler named in manifest.yml (`index.autoLinkOnCreate`). It never throws: Forge would
 * deliver the event again, and a failure is not the issue creator's to see. What happened is
 * logged in plain words instead.
 */
export async function autoLinkOnCreate(event: unknown, _context?: unknown): Promise<void> {
  const issue = newIssueOf(event);
  if (!issue) {
    console.warn('[atlas-crm] automatic linking: the event names no issue; nothing linked');
    return;
  }
  try {
    // The same budget as a panel call: the work, and its log line, end well inside Forge's limit.
    const outcome = await withDeadline(() => autoLinkIssue(issue));
    const linked = outcome.linked.map((entity) => `${entity.type} ${entity.id}`).join(', ');
    console.info(
      `[atlas-crm] automatic linking of issue ${issue.id}: ${outcome.note}${linked ? ` (${linked})` : ''}`,
    );
  } catch (err) {
    console.warn(
      `[atlas-crm] automatic linking of issue ${issue.id} stopped, nothing more linked: ${describeForLog(err)}`,
    );
  }
}
