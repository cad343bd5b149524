// A per-issue lock in KVS: `set(key, owner, FAIL_IF_EXISTS, ttl 30 s)`, bounded retry with jitter
// inside the invocation's time budget, release by delete only while we are still the owner.
//
// A lock left by a crashed holder is freed by its TTL, never deleted by a contender: KVS has no
// conditional delete, so a contender could not prove that the lock it deletes is still the stale
// one it read rather than one another caller just took (two holders, and a lost link).
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { MIN_USEFUL_MS, remainingMs } from '../deadline';
import { AppFailure, MESSAGES } from '../errors';
import { KEYS } from './keys';

export const LOCK_TTL_SECONDS = 30;

export interface LockOptions {
  /** Total time to keep trying before giving up with CONFLICT. */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface LockValue {
  owner: string;
  expiresAt: number;
}

/** The lock as its holder sees it: writes under it first confirm that it is still held. */
export interface IssueLock {
  readonly issueId: string;
  /** Throws CONFLICT unless the lock in KVS is still this holder's. */
  confirm(): Promise<void>;
}

// Forge functions get 25 s: waiting longer would leave too little for the work itself.
const DEFAULT_MAX_WAIT_MS = 8_000;
/** Kept free of the invocation's budget after a wait, for the work done under the lock. */
const WORK_RESERVE_MS = 4_000;

/** KVS answers a FAIL_IF_EXISTS write on a present key with 409 (code KEY_CONFLICT or similar). */
export function isKeyConflict(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; responseDetails?: { status?: unknown } };
  if (e.responseDetails?.status === 409) return true;
  return typeof e.code === 'string' && /CONFLICT|EXISTS/i.test(e.code);
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Tries once. True if we now own the lock. */
async function tryAcquire(key: string, value: LockValue): Promise<boolean> {
  try {
    await kvs.set(key, value, {
      keyPolicy: 'FAIL_IF_EXISTS',
      ttl: { value: LOCK_TTL_SECONDS, unit: 'SECONDS' },
    });
    return true;
  } catch (err) {
    if (isKeyConflict(err)) return false;
    throw err;
  }
}

async function release(key: string, owner: string): Promise<void> {
  try {
    const current = await kvs.get<LockValue>(key);
    if (current?.owner === owner) await kvs.delete(key);
  } catch (err) {
    // The TTL frees it anyway.
    console.warn(
      `[atlas-crm] releasing ${key} failed: ${err instanceof Error ? err.name : 'unknown error'}`,
    );
  }
}

function heldLock(issueId: string, key: string, owner: string): IssueLock {
  return {
    issueId,
    confirm: async () => {
      const current = await kvs.get<LockValue>(key);
      if (current?.owner !== owner) {
        console.warn(
          `[atlas-crm] the lock of issue ${issueId} was no longer held; nothing written`,
        );
        throw new AppFailure('CONFLICT', MESSAGES.lockBusy, { retryAfterMs: 2000 });
      }
    },
  };
}

/** How long this call may wait: its own limit, and never into the time the work needs. */
function waitLimit(maxWaitMs: number): number {
  const left = remainingMs();
  return Math.max(0, Math.min(maxWaitMs, left - WORK_RESERVE_MS));
}

export async function withIssueLock<T>(
  issueId: string,
  run: (lock: IssueLock) => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  const key = KEYS.lock(issueId);
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const maxWait = waitLimit(opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS);
  const owner = randomUUID();
  const started = now();
  for (let attempt = 0; ; attempt++) {
    if (await tryAcquire(key, { owner, expiresAt: now() + LOCK_TTL_SECONDS * 1000 })) break;
    const elapsed = now() - started;
    if (elapsed + MIN_USEFUL_MS > maxWait)
      throw new AppFailure('CONFLICT', MESSAGES.lockBusy, { retryAfterMs: 2000 });
    const base = Math.min(500, 25 * 2 ** Math.min(attempt, 5));
    await sleep(Math.min(maxWait - elapsed, Math.round(base / 2 + (base / 2) * random())));
  }
  try {
    return await run(heldLock(issueId, key, owner));
  } finally {
    await release(key, owner);
  }
}

/** Tries the lock once; undefined (without running) when someone else holds it. */
export async function withIssueLockIfFree<T>(
  issueId: string,
  run: (lock: IssueLock) => Promise<T>,
): Promise<T | undefined> {
  try {
    return await withIssueLock(issueId, run, { maxWaitMs: 0 });
  } catch (err) {
    if (err instanceof AppFailure && err.code === 'CONFLICT') return undefined;
    throw err;
  }
}
