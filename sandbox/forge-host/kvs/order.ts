// The order queries answer in. Forge promises none for KVS queries (runtime-reference/
// storage-api-query states none), nor among entity items whose index range values are equal, so
// the stand-in scrambles it: each key gets a rank from a hash of the store's seed and the key. The
// rank never changes for a store, so a cursor (the last rank and key answered) still enumerates
// every key exactly once.
import { createHash, randomBytes } from 'node:crypto';

/** Set FORGE_KVS_QUERY_SEED to replay the order a failing run saw (stores log nothing). */
export function defaultQuerySeed(): string {
  return process.env.FORGE_KVS_QUERY_SEED ?? randomBytes(8).toString('hex');
}

/** A key's place in the store's scrambled order: compare ranks, then keys. */
export function scrambledRank(seed: string, key: string): string {
  return createHash('sha256').update(`${seed}\u0000${key}`, 'utf8').digest('hex').slice(0, 16);
}

export interface Ranked {
  rank: string;
  key: string;
}

/** Order of two ranked keys; never 0 for two different keys. */
export function compareRanked(a: Ranked, b: Ranked): number {
  if (a.rank !== b.rank) return a.rank < b.rank ? -1 : 1;
  return a.key === b.key ? 0 : a.key < b.key ? -1 : 1;
}

/** An opaque cursor: base64url of JSON, as the real API's look. */
export function encodeCursor(position: unknown): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position a cursor holds, or undefined when it is not one this store issued. */
export function decodeCursor(cursor: unknown): Record<string, unknown> | undefined {
  if (typeof cursor !== 'string' || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
