// A per-issue lock in KVS: `set(key, owner, FAIL_IF_EXISTS, ttl 30 s)`, bounded retry with jitter,
// release by delete only while we are still the owner.
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
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

// Forge functions get 25 s: waiting longer would leave too little for the work itself.
const DEFAULT_MAX_WAIT_MS = 8_000;

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

/**
 * A lock left by a crashed holder is normally removed by its TTL. KVS may remove expired keys
 * late, so a lock whose own expiry is well past is deleted by the next contender.
 */
async function clearIfStale(key: string, now: number): Promise<void> {
  const current = await kvs.get<LockValue>(key);
  if (current && typeof current.expiresAt === 'number' && now > current.expiresAt + 5_000) {
    await kvs.delete(key);
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

export async function withIssueLock<T>(
  issueId: string,
  run: () => Promise<T>,
  opts: LockOptions = {},
): Promise<T> {
  const key = KEYS.lock(issueId);
  const now = opts.now ?? Date.now;
  const sleep = opts.sleep ?? defaultSleep;
  const random = opts.random ?? Math.random;
  const maxWait = opts.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const owner = randomUUID();
  const started = now();
  for (let attempt = 0; ; attempt++) {
    if (await tryAcquire(key, { owner, expiresAt: now() + LOCK_TTL_SECONDS * 1000 })) break;
    if (attempt % 10 === 9) await clearIfStale(key, now());
    const elapsed = now() - started;
    if (elapsed >= maxWait)
      throw new AppFailure('CONFLICT', MESSAGES.lockBusy, { retryAfterMs: 2000 });
    const base = Math.min(500, 25 * 2 ** Math.min(attempt, 5));
    await sleep(Math.min(maxWait - elapsed, Math.round(base / 2 + (base / 2) * random())));
  }
  try {
    return await run();
  } finally {
    await release(key, owner);
  }
}

/** Tries the lock once; undefined (without running) when someone else holds it. */
export async function withIssueLockIfFree<T>(
  issueId: string,
  run: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await withIssueLock(issueId, run, { maxWaitMs: 0 });
  } catch (err) {
    if (err instanceof AppFailure && err.code === 'CONFLICT') return undefined;
    throw err;
  }
}
