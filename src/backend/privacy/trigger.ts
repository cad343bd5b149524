// The scheduled trigger (manifest.yml `atlas-crm-personal-data`, daily): reports the account ids
// the app stores to Atlassian's personal data reporting API and erases closed accounts. A cycle
// starts every 7 days; the daily runs between finish one that a run's time limit cut short.
import { getAppContext } from '@forge/api';
import { withDeadline } from '../deadline';
import { describeForLog } from '../redact';
import { describeOutcome, runPersonalDataReport } from './run';

/** A scheduled function's time limit unless manifest.yml sets `timeoutSeconds`. */
export const SCHEDULED_LIMIT_MS = 55_000;
/** The run's share of the time Forge gives it; the rest is for the last step and saving. */
const RUN_SHARE = 0.8;

/** What Forge expects a scheduled trigger to answer (anything else is logged as 424). */
export interface ScheduledAnswer {
  statusCode: number;
}

function budgetMs(): number {
  try {
    return Math.floor(getAppContext().invocationRemainingTimeInMillis() * RUN_SHARE);
  } catch {
    // Outside Forge's runtime (scripts): the default limit.
    return SCHEDULED_LIMIT_MS * RUN_SHARE;
  }
}

/** The handler named in manifest.yml (`index.personalDataReport`). It never throws. */
export async function personalDataReport(
  _request?: unknown,
  _context?: unknown,
): Promise<ScheduledAnswer> {
  try {
    const outcome = await withDeadline(() => runPersonalDataReport(), budgetMs());
    console.info(`[atlas-crm] personal data report: ${describeOutcome(outcome)}`);
  } catch (err) {
    console.warn(
      `[atlas-crm] personal data report stopped; the next run resumes it: ${describeForLog(err)}`,
    );
  }
  return { statusCode: 204 };
}
