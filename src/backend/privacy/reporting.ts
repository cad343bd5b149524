// The report phase: every account listed in this cycle's scan, 90 per call, each once a cycle.
// "closed" moves the account to the closed list (erased by the pass that follows); "updated"
// refreshes it, which for an app that stores nothing but the id means one thing: the time its
// copy is current from (the next report's updatedAt) becomes now. Names and avatars are never
// stored; the UI asks Jira for them each time.
import { remainingMs } from '../deadline';
import {
  deleteAccounts,
  pageAccounts,
  writeAccounts,
  writeClosed,
  type AccountEntry,
  type ClosedEntry,
} from './inventory';
import { REPORT_BATCH_MAX, reportAccounts, type ReportAnswer } from './report';
import { STOP_BEFORE_MS, refusedCursor, type RunContext, type StepResult } from './run-context';

/** List pages read before reporting what they hold, at most. */
const PAGES_PER_STEP = 10;
/** A Retry-After up to this long is waited out within the run; longer ones end it. */
export const MAX_WAIT_IN_RUN_MS = 20_000;
/** Tries of one call per run; the second after this pause (or the Retry-After). */
const ATTEMPTS = 2;
const RETRY_PAUSE_MS = 2_000;

interface Due {
  id: string;
  entry: AccountEntry;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reports one batch, trying twice when the first answer allows; undefined ends the run. */
async function report(run: RunContext, batch: readonly Due[]): Promise<ReportAnswer | undefined> {
  const accounts = batch.map(({ id, entry }) => ({
    accountId: id,
    updatedAt: entry.refreshedAt ?? entry.since,
  }));
  for (let attempt = 1; ; attempt++) {
    const answer = await reportAccounts(accounts);
    if (answer.ok) return answer;
    const wait = answer.retryAfterMs ?? RETRY_PAUSE_MS;
    const again =
      attempt < ATTEMPTS && wait <= MAX_WAIT_IN_RUN_MS && remainingMs() - wait > STOP_BEFORE_MS;
    console.warn(
      `[atlas-crm] personal data: the report of ${accounts.length} accounts was refused (${answer.reason}); ${again ? 'tried again shortly' : 'the next run tries again'}`,
    );
    if (!again) {
      if (answer.retryAfterMs !== undefined) run.state.retryAt = run.now() + answer.retryAfterMs;
      return undefined;
    }
    await pause(wait);
  }
}

async function apply(run: RunContext, batch: readonly Due[], answer: ReportAnswer & { ok: true }) {
  const at = run.now();
  const { cycle } = run.state;
  const closed = new Map<string, ClosedEntry>();
  const reported = new Map<string, AccountEntry>();
  for (const { id, entry } of batch) {
    if (answer.closed.has(id)) closed.set(id, { closedIn: cycle });
    else
      reported.set(id, {
        ...entry,
        reported: cycle,
        ...(answer.updated.has(id) ? { refreshedAt: at } : {}),
      });
  }
  // The closed list first: a run ended in between reports the account again, never loses it.
  await writeClosed(closed);
  await deleteAccounts([...closed.keys()]);
  await writeAccounts(reported);
  for (const [id, entry] of closed) run.closed.set(id, entry);
  run.state.closedInCycle += closed.size;
  run.counts.reported += batch.length;
  run.counts.closed += closed.size;
  run.counts.updated += answer.updated.size;
}

export async function reportStep(run: RunContext): Promise<StepResult> {
  const { state } = run;
  if (state.retryAt !== undefined) {
    if (run.now() < state.retryAt) return 'stop';
    delete state.retryAt;
  }
  let cursor = state.reportCursor;
  const due: Due[] = [];
  const gone: string[] = [];
  for (let pages = 0; pages < PAGES_PER_STEP && due.length < REPORT_BATCH_MAX; pages++) {
    let page;
    try {
      page = await pageAccounts(cursor);
    } catch (err) {
      if (!cursor || !refusedCursor(err)) throw err;
      console.warn('[atlas-crm] personal data: the account list is read again from the start');
      delete state.reportCursor;
      return 'more';
    }
    for (const { id, entry } of page.entries) {
      // Not found by this cycle's scan: the app no longer stores it, so it is not reported.
      if (!entry || entry.seen !== state.cycle) gone.push(id);
      else if (entry.reported !== state.cycle) due.push({ id, entry });
    }
    cursor = page.next;
    if (!cursor) break;
  }
  for (let i = 0; i < due.length; i += REPORT_BATCH_MAX) {
    if (remainingMs() < STOP_BEFORE_MS) return 'stop';
    const batch = due.slice(i, i + REPORT_BATCH_MAX);
    const answer = await report(run, batch);
    if (!answer?.ok) return 'stop';
    await apply(run, batch, answer);
  }
  await deleteAccounts(gone);
  if (cursor) {
    state.reportCursor = cursor;
    return 'more';
  }
  delete state.reportCursor;
  state.pass = { source: 0 };
  state.phase = state.closedInCycle > 0 ? 'erase' : 'done';
  return 'more';
}
