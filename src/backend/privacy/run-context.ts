// What one run of the personal data report works with: the cycle state it advances, the closed
// accounts to erase, and the ids it already listed this cycle (to spare KVS reads).
import { describeForLog } from '../redact';
import { lazyCrm } from '../services/crm';
import type { ClosedEntry } from './inventory';
import { NO_USER_FIELDS, userFieldsOf } from './record-ids';
import type { SourceContext } from './sources';
import type { CycleState } from './state';

/** No new step is started with less of the run's budget left: a record write needs over 3 s. */
export const STOP_BEFORE_MS = 5_000;

export type StepResult = 'more' | 'stop';

/** A stored cursor KVS refuses (Forge: cursors "shouldn't be persisted"): start that list over. */
export function refusedCursor(err: unknown): boolean {
  const status = (err as { responseDetails?: { status?: unknown } } | null)?.responseDetails
    ?.status;
  return typeof status === 'number' && status >= 400 && status < 500 && status !== 429;
}

export interface RunCounts {
  listed: number;
  reported: number;
  closed: number;
  updated: number;
  erased: number;
  eraseFailures: number;
}

export interface RunContext {
  state: CycleState;
  now: () => number;
  /** Every account reported closed and not yet found gone from storage. */
  closed: Map<string, ClosedEntry>;
  /** Ids listed this cycle, with their `since`: not read again in this run. */
  listed: Map<string, number>;
  counts: RunCounts;
  sources(): Promise<SourceContext>;
}

export function newRun(
  state: CycleState,
  closed: Map<string, ClosedEntry>,
  now: () => number,
): RunContext {
  let context: Promise<SourceContext> | undefined;
  const crm = lazyCrm();
  return {
    state,
    now,
    closed,
    listed: new Map(),
    counts: { listed: 0, reported: 0, closed: 0, updated: 0, erased: 0, eraseFailures: 0 },
    sources: () =>
      (context ??= crm.templates().then(
        (templates) => ({ crm, userFields: userFieldsOf(templates) }),
        (err: unknown) => {
          // People fields among cached key fields are then left for a run that can read them.
          console.warn(
            `[atlas-crm] personal data: the Atlas CRM templates could not be read, so key fields are not searched for account ids: ${describeForLog(err)}`,
          );
          return { crm, userFields: NO_USER_FIELDS };
        },
      )),
  };
}
