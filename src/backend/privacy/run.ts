// One run of the personal data report: picks up the cycle where the last run left it and works
// through it page by page until it is done or the run's budget runs low, saving where it stands.
import { remainingMs } from '../deadline';
import { describeForLog } from '../redact';
import { readClosed } from './inventory';
import { passStep } from './pass';
import { reportStep } from './reporting';
import { STOP_BEFORE_MS, newRun, type RunCounts } from './run-context';
import { currentCycle, readState, writeState, type Phase } from './state';

/** Where the cycle stands is saved at least this often, so an ended run loses little. */
const SAVE_EVERY_MS = 5_000;

export interface RunOutcome {
  cycle: number;
  phase: Phase;
  counts?: RunCounts;
  /** Why the run ended early, if it did. */
  stoppedBy?: string;
}

export function describeOutcome(outcome: RunOutcome): string {
  const { cycle, phase, counts, stoppedBy } = outcome;
  const done = counts
    ? `; listed ${counts.listed}, reported ${counts.reported} (${counts.closed} closed, ${counts.updated} updated), erased from ${counts.erased} values (${counts.eraseFailures} failed)`
    : '';
  const where = phase === 'done' ? 'done' : `at the ${phase} phase, resumed next run`;
  return `cycle ${cycle} ${where}${done}${stoppedBy ? `; stopped: ${stoppedBy}` : ''}`;
}

export async function runPersonalDataReport(now: () => number = Date.now): Promise<RunOutcome> {
  const stored = await readState();
  const state = currentCycle(stored, now());
  if (state.phase === 'done' && stored === state) return { cycle: state.cycle, phase: 'done' };
  const run = newRun(state, await readClosed(), now);
  let saved = now();
  let stoppedBy: string | undefined;
  try {
    while (state.phase !== 'done') {
      if (remainingMs() < STOP_BEFORE_MS) {
        stoppedBy = 'the time limit';
        break;
      }
      const step = state.phase === 'report' ? await reportStep(run) : await passStep(run);
      if (step === 'stop') {
        stoppedBy = state.retryAt ? 'the report API asked to wait' : 'the time limit or a refusal';
        break;
      }
      if (now() - saved > SAVE_EVERY_MS) {
        await writeState(state);
        saved = now();
      }
    }
  } catch (err) {
    stoppedBy = describeForLog(err);
  }
  await writeState(state);
  return {
    cycle: state.cycle,
    phase: state.phase,
    counts: run.counts,
    ...(stoppedBy ? { stoppedBy } : {}),
  };
}
