// The app's list of the account ids it stores (one KVS value per account), what was reported for
// each, and the accounts Atlassian reported closed that are still to be erased.
import { WhereConditions, kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { PRIVACY_KEYS } from './keys';

export interface AccountEntry {
  /** When the app first stored the id (epoch ms). */
  since: number;
  /** The last cycle whose scan found the id stored. */
  seen: number;
  /** The last cycle it was reported in. */
  reported?: number;
  /** When the report last said "updated" (epoch ms): the time the app's copy is current from. */
  refreshedAt?: number;
}

export interface ClosedEntry {
  /** The cycle whose report said "closed". */
  closedIn: number;
  /** The last cycle in which erasing it from a stored value failed: the next pass tries again. */
  failedIn?: number;
}

/** KVS batches hold 25 keys. */
const BATCH_MAX = 25;
/** Query pages of 20: the most the KVS documentation promises under every reading. */
export const QUERY_PAGE = 20;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function decodeAccount(value: unknown): AccountEntry | undefined {
  if (!isRecord(value) || typeof value.since !== 'number' || typeof value.seen !== 'number')
    return undefined;
  return {
    since: value.since,
    seen: value.seen,
    ...(typeof value.reported === 'number' ? { reported: value.reported } : {}),
    ...(typeof value.refreshedAt === 'number' ? { refreshedAt: value.refreshedAt } : {}),
  };
}

function decodeClosed(value: unknown): ClosedEntry | undefined {
  if (!isRecord(value) || typeof value.closedIn !== 'number') return undefined;
  return {
    closedIn: value.closedIn,
    ...(typeof value.failedIn === 'number' ? { failedIn: value.failedIn } : {}),
  };
}

function failIfAny(result: { failedKeys: { error: { code: string } }[] }, what: string): void {
  const [first] = result.failedKeys.filter((item) => item.error.code !== 'KEY_NOT_FOUND');
  if (first) throw Object.assign(new Error(`KVS could not ${what}`), { code: first.error.code });
}

/** The entries of these accounts (absent: not listed yet). */
export async function readAccounts(ids: readonly string[]): Promise<Map<string, AccountEntry>> {
  const found = new Map<string, AccountEntry>();
  for (const part of chunks(ids, BATCH_MAX)) {
    const answer = await kvs.batchGet<unknown>(
      part.map((id) => ({ key: PRIVACY_KEYS.account(id) })),
    );
    failIfAny(answer, 'read the account list');
    for (const item of answer.successfulKeys) {
      const entry = decodeAccount(item.value);
      if (entry) found.set(item.key.slice(PRIVACY_KEYS.accountPrefix.length), entry);
    }
  }
  return found;
}

export async function writeAccounts(entries: ReadonlyMap<string, AccountEntry>): Promise<void> {
  for (const part of chunks([...entries], BATCH_MAX)) {
    const items = part.map(([id, value]) => ({ key: PRIVACY_KEYS.account(id), value }));
    failIfAny(await kvs.batchSet(items), 'write the account list');
  }
}

async function deleteKeys(keys: readonly string[]): Promise<void> {
  for (const part of chunks(keys, BATCH_MAX))
    failIfAny(await kvs.batchDelete(part.map((key) => ({ key }))), 'delete from the account list');
}

export function deleteAccounts(ids: readonly string[]): Promise<void> {
  return deleteKeys(ids.map(PRIVACY_KEYS.account));
}

/** One page of the values under `prefix`, decoded, each named by the rest of its key. */
async function pagePrefix<T>(
  prefix: string,
  cursor: string | undefined,
  decode: (value: unknown) => T,
): Promise<{ entries: { id: string; entry: T }[]; next?: string }> {
  const query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(QUERY_PAGE);
  const page = await (cursor ? query.cursor(cursor) : query).getMany<unknown>();
  return {
    entries: page.results.map((result) => ({
      id: result.key.slice(prefix.length),
      entry: decode(result.value),
    })),
    ...(page.nextCursor ? { next: page.nextCursor } : {}),
  };
}

export interface AccountPage {
  entries: { id: string; entry: AccountEntry | undefined }[];
  next?: string;
}

export function pageAccounts(cursor: string | undefined): Promise<AccountPage> {
  return pagePrefix(PRIVACY_KEYS.accountPrefix, cursor, decodeAccount);
}

/** Every account still to be erased: few, so read whole at the start of a run. */
export async function readClosed(): Promise<Map<string, ClosedEntry>> {
  const closed = new Map<string, ClosedEntry>();
  let cursor: string | undefined;
  do {
    const page = await pagePrefix(PRIVACY_KEYS.closedPrefix, cursor, decodeClosed);
    for (const { id, entry } of page.entries) if (entry) closed.set(id, entry);
    cursor = page.next;
  } while (cursor);
  return closed;
}

export async function writeClosed(entries: ReadonlyMap<string, ClosedEntry>): Promise<void> {
  for (const part of chunks([...entries], BATCH_MAX)) {
    const items = part.map(([id, value]) => ({ key: PRIVACY_KEYS.closed(id), value }));
    failIfAny(await kvs.batchSet(items), 'write the closed accounts');
  }
}

export function deleteClosed(ids: readonly string[]): Promise<void> {
  return deleteKeys(ids.map(PRIVACY_KEYS.closed));
}
