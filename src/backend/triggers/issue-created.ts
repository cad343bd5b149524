// Forge product-event trigger (avi:jira:created:issue): links a new issue to its customer when
// the admin turned this on for the issue's project and the match is unambiguous. Forge delivers
// the event at least once, so the work is idempotent (services/links/auto.ts).
import type { InvocationError } from '@forge/events';
import { isRecord } from '../../shared/guards';
import { idText } from '../context';
import { withDeadline } from '../deadline';
import { describeForLog } from '../redact';
import { lazyCrm } from '../services/crm';
import { settleWithoutLinks } from '../services/links';
import { readIssueState } from '../storage/issue-state';
import { passingFailure } from '../transient';
import { autoLinkIssue, type AutoLinkOutcome, type NewIssue } from './auto-link';
import { projectIdOf } from './reporter';
import { retryAfter, retryCountOf } from './retry';

/** The issue an `avi:jira:created:issue` event is about; undefined for anything else. */
export function newIssueOf(event: unknown): NewIssue | undefined {
  const issue = isRecord(event) && isRecord(event.issue) ? event.issue : undefined;
  const issueId = idText(issue?.id);
  if (issueId === undefined) return undefined;
  const projectId = projectIdOf(issue?.fields);
  return { id: issueId, ...(projectId !== undefined ? { projectId } : {}) };
}

/** Long enough for one conditional write after the invocation's own budget ran out. */
const GIVE_UP_BUDGET_MS = 4_000;

/** Best effort: a final failure settles automatic linking, so the panel stops looking for it. */
async function giveUp(issue: NewIssue): Promise<void> {
  try {
    const settled = await withDeadline(async () => {
      const state = await readIssueState(issue.id);
      const enabled = state.settings.autoLinkProjects.some((p) => p.id === issue.projectId);
      if (!enabled || state.links.record.autoLink) return false;
      const crm = lazyCrm({ templates: Promise.resolve(state.templates ?? null) });
      return settleWithoutLinks(issue.id, 'gave-up', crm, state.links);
    }, GIVE_UP_BUDGET_MS);
    if (settled) console.info(`[atlas-crm] automatic linking of issue ${issue.id} gave up`);
  } catch (err) {
    console.warn(
      `[atlas-crm] automatic linking of issue ${issue.id}: giving up not recorded: ${describeForLog(err)}`,
    );
  }
}

function logged(issue: NewIssue, outcome: AutoLinkOutcome): void {
  const linked = outcome.linked.map((entity) => `${entity.type} ${entity.id}`).join(', ');
  console.info(
    `[atlas-crm] automatic linking of issue ${issue.id}: ${outcome.note}${linked ? ` (${linked})` : ''}`,
  );
}

/**
 * The handler named in manifest.yml (`index.autoLinkOnCreate`). A failure that passes (Atlas CRM
 * unavailable or rate-limited, Jira or storage 429, the deadline) answers an InvocationError, so
 * Forge delivers the event again (retry.ts); a final outcome answers nothing. It never throws:
 * Forge would not deliver a thrown event again, and a failure is not the issue creator's to see.
 */
export async function autoLinkOnCreate(
  event: unknown,
  _context?: unknown,
): Promise<InvocationError | undefined> {
  const issue = newIssueOf(event);
  if (!issue) {
    console.warn('[atlas-crm] automatic linking: the event names no issue; nothing linked');
    return undefined;
  }
  const retryCount = retryCountOf(event);
  let failure: unknown;
  try {
    // The same budget as a panel call: the work, and its log line, end well inside Forge's limit.
    const outcome = await withDeadline(() => autoLinkIssue(issue));
    logged(issue, outcome);
    if (outcome.undelivered === undefined) return undefined;
    failure = outcome.undelivered;
  } catch (err) {
    failure = err;
  }
  const passing = passingFailure(failure);
  const retry = passing && retryAfter(passing, retryCount);
  if (retry) {
    console.warn(
      `[atlas-crm] automatic linking of issue ${issue.id} will be tried again in ${retry.retryOptions.retryAfter} s: ${describeForLog(failure)}`,
    );
    return retry;
  }
  console.warn(
    `[atlas-crm] automatic linking of issue ${issue.id} stopped, nothing more linked: ${describeForLog(failure)}`,
  );
  await giveUp(issue);
  return undefined;
}
