// Where the reporting cycle stands, in one KVS value, so a run the time limit ends is resumed by
// the next one instead of starting over.
//
// A cycle: `scan` every stored value (erasing accounts already known closed, listing the rest),
// `report` the listed accounts 90 at a time, then `erase` the accounts just reported closed, and
// `done` until the cycle period has passed since the cycle started.
import { kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { PRIVACY_KEYS } from './keys';

/** Atlassian: "By default, the cycle period is 7 days"; no account is reported more often. */
export const CYCLE_MS = 7 * 24 * 60 * 60 * 1000;

export type Phase = 'scan' | 'report' | 'erase' | 'done';
const PHASES: readonly Phase[] = ['scan', 'report', 'erase', 'done'];

/** Where a pass over the stored values stands: which source, and the page to read next. */
export interface PassPosition {
  source: number;
  cursor?: string;
}

export interface CycleState {
  cycle: number;
  startedAt: number;
  phase: Phase;
  pass: PassPosition;
  /** The page of the account list to report next. */
  reportCursor?: string;
  /** The report API asked to wait until then (429 with Retry-After). */
  retryAt?: number;
  /** Accounts reported closed in this cycle: an erase pass follows the report. */
  closedInCycle: number;
}

function decodePass(value: unknown): PassPosition {
  if (!isRecord(value) || typeof value.source !== 'number') return { source: 0 };
  return {
    source: value.source,
    ...(typeof value.cursor === 'string' ? { cursor: value.cursor } : {}),
  };
}

export function decodeState(value: unknown): CycleState | undefined {
  if (!isRecord(value)) return undefined;
  const { cycle, startedAt, phase } = value;
  if (typeof cycle !== 'number' || typeof startedAt !== 'number') return undefined;
  if (!PHASES.includes(phase as Phase)) return undefined;
  return {
    cycle,
    startedAt,
    phase: phase as Phase,
    pass: decodePass(value.pass),
    ...(typeof value.reportCursor === 'string' ? { reportCursor: value.reportCursor } : {}),
    ...(typeof value.retryAt === 'number' ? { retryAt: value.retryAt } : {}),
    closedInCycle: typeof value.closedInCycle === 'number' ? value.closedInCycle : 0,
  };
}

export async function readState(): Promise<CycleState | undefined> {
  return decodeState(await kvs.get<unknown>(PRIVACY_KEYS.state));
}

export async function writeState(state: CycleState): Promise<void> {
  await kvs.set(PRIVACY_KEYS.state, state);
}

/** The state this run works on: the one stored, or a new cycle once the last one is due again. */
export function currentCycle(stored: CycleState | undefined, now: number): CycleState {
  if (stored && (stored.phase !== 'done' || now < stored.startedAt + CYCLE_MS)) return stored;
  return {
    cycle: (stored?.cycle ?? 0) + 1,
    startedAt: now,
    phase: 'scan',
    pass: { source: 0 },
    closedInCycle: 0,
  };
}
