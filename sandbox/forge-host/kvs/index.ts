// In-memory Forge KVS, answering the wire protocol @forge/kvs 1.6.5 speaks through
// global.__forge_fetch__({ type: 'kvs', provider: 'app', remote: 'kvs' }, path, { method: 'POST', body }).
// Request and response bodies follow node_modules/@forge/kvs/out/storage-api.js and its tests.
// Served: get, set, delete (values and secrets) and query, the calls the app makes.
import { isRecord } from '../../../src/shared/guards';
import type { Reply } from '../http';
import {
  KVS_LIMITS,
  badRequest,
  checkKey,
  checkSetOptions,
  checkValue,
  keyNotFound,
  kvsError,
  type TtlUnit,
} from './rules';
import {
  EntryStore,
  entryView,
  type KvsSnapshot,
  type MetadataField,
  type Namespace,
} from './store';

export { KVS_LIMITS, type TtlUnit } from './rules';
export type { KvsSnapshot } from './store';

export interface InMemoryKvsOptions {
  /** Clock in epoch ms; tests pass a fake one to expire TTLs without sleeping. */
  now?: () => number;
}

/** `/api/v1/{op}` for values, `/api/v1/secret/{op}` for secrets (which have no query). */
const OPERATION = /^\/api\/v1\/(secret\/(?!query$))?(get|set|delete|query)$/;

/** Operations @forge/kvs offers that the app does not use: refused plainly rather than faked. */
const NOT_EMULATED = /^\/api\/v1\/(entity\/|batch\/|transaction$)/;

export class InMemoryKvs {
  private readonly store: EntryStore;
  private calls: Record<string, number> = {};

  constructor(options: InMemoryKvsOptions = {}) {
    this.store = new EntryStore(options.now ?? Date.now);
  }

  // ---- wire protocol -------------------------------------------------------------------------

  /** Answers one KVS API call (path such as `/api/v1/get`, body already parsed from JSON). */
  handle(path: string, body: unknown): Reply {
    this.calls[path] = (this.calls[path] ?? 0) + 1;
    if (NOT_EMULATED.test(path)) {
      return kvsError(501, 'NOT_IMPLEMENTED', `${path} is not emulated by the sandbox Forge host`);
    }
    const operation = OPERATION.exec(path);
    const ns: Namespace = operation?.[1] ? 'secrets' : 'values';
    switch (operation?.[2]) {
      case 'get':
        return this.wireGet(ns, body);
      case 'set':
        return this.wireSet(ns, body);
      case 'delete':
        return this.wireDelete(ns, body);
      case 'query':
        return this.wireQuery(body);
      default:
        return kvsError(404, 'NOT_FOUND', `Unknown KVS operation ${path}`);
    }
  }

  private wireGet(ns: Namespace, body: unknown): Reply {
    if (!isRecord(body)) return badRequest();
    const bad = checkKey(body.key);
    if (bad) return bad;
    const key = body.key as string;
    const entry = this.store.live(ns, key);
    if (!entry) return keyNotFound();
    // The real API answers with the value and its metadata; the client picks the fields asked for.
    return { status: 200, body: entryView(key, entry, 'all') };
  }

  private wireSet(ns: Namespace, body: unknown): Reply {
    if (!isRecord(body)) return badRequest();
    const bad = checkKey(body.key) ?? checkValue(body.value) ?? checkSetOptions(body.options);
    if (bad) return bad;
    const key = body.key as string;
    const options = body.options as
      | { ttl?: { value: number; unit: TtlUnit }; keyPolicy?: string; returnValue?: string }
      | undefined;
    const previous = this.store.live(ns, key);
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) {
      return kvsError(409, 'KEY_CONFLICT', 'Provided key already exists');
    }
    const previousView = previous ? entryView(key, previous, 'all') : undefined;
    const entry = this.store.write(ns, key, body.value, options?.ttl);
    if (options?.returnValue === 'LATEST')
      return { status: 200, body: entryView(key, entry, 'all') };
    if (options?.returnValue === 'PREVIOUS' && previousView)
      return { status: 200, body: previousView };
    return { status: 204 };
  }

  private wireDelete(ns: Namespace, body: unknown): Reply {
    if (!isRecord(body)) return badRequest();
    const bad = checkKey(body.key);
    if (bad) return bad;
    // @forge/kvs treats KEY_NOT_FOUND on delete as success.
    if (!this.store.live(ns, body.key as string)) return keyNotFound();
    this.store.delete(ns, body.key as string);
    return { status: 204 };
  }

  /** Values only (secrets are never listed): BEGINS_WITH on key, sorted, paged by cursor. */
  private wireQuery(body: unknown): Reply {
    if (!isRecord(body)) return badRequest();
    const limit = body.limit === undefined ? KVS_LIMITS.queryDefaultLimit : body.limit;
    if (
      typeof limit !== 'number' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > KVS_LIMITS.queryMaxLimit
    ) {
      return badRequest(`The page limit must be set between 1 and ${KVS_LIMITS.queryMaxLimit}.`);
    }
    const prefix = queryPrefix(body.where);
    if (typeof prefix !== 'string') return prefix;
    let after: string | undefined;
    if (body.after !== undefined) {
      if (typeof body.after !== 'string') return badRequest('Provided cursor is invalid');
      try {
        after = JSON.parse(Buffer.from(body.after, 'base64url').toString('utf8')).k as string;
      } catch {
        return badRequest('Provided cursor is invalid');
      }
    }
    const fields =
      (body.options as { metadataFields?: MetadataField[] } | undefined)?.metadataFields ?? [];
    const matches = this.store
      .liveEntries('values')
      .filter(([k]) => k.startsWith(prefix) && (after === undefined || k > after));
    const page = matches.slice(0, limit);
    const data = page.map(([k, entry]) => {
      const row = entryView(k, entry, fields);
      // Query results carry expireTime when the key has one (Result<T> in @forge/kvs).
      if (entry.expiresAt !== undefined) row.expireTime = new Date(entry.expiresAt).toISOString();
      return row;
    });
    const last = page[page.length - 1]?.[0];
    const cursor =
      matches.length > limit && last !== undefined
        ? Buffer.from(JSON.stringify({ k: last }), 'utf8').toString('base64url')
        : undefined;
    return { status: 200, body: cursor ? { data, cursor } : { data } };
  }

  // ---- direct access for tests, seeding and persistence --------------------------------------

  /** Current (unexpired) value of a key, bypassing the wire and the call counters. */
  peek(key: string): unknown {
    return this.store.live('values', key)?.value;
  }

  peekSecret(key: string): unknown {
    return this.store.live('secrets', key)?.value;
  }

  keys(): string[] {
    return this.store.keys('values');
  }

  secretKeys(): string[] {
    return this.store.keys('secrets');
  }

  /** Seeds a value as if the app had stored it. */
  seed(key: string, value: unknown, options: { secret?: boolean } = {}): void {
    this.store.write(options.secret ? 'secrets' : 'values', key, value);
  }

  clear(): void {
    this.store.clear();
  }

  /** JSON-safe copy of everything stored, secrets included (it is a sandbox). */
  snapshot(): KvsSnapshot {
    return this.store.snapshot();
  }

  restore(snapshot: KvsSnapshot): void {
    this.store.restore(snapshot);
  }

  /** Calls answered, in total and per API path (e.g. `/api/v1/secret/get`). */
  counts(): { total: number; byPath: Record<string, number> } {
    const byPath = { ...this.calls };
    return { total: Object.values(byPath).reduce((a, b) => a + b, 0), byPath };
  }

  resetCounts(): void {
    this.calls = {};
  }
}

/** The key prefix of a query's `where` (only BEGINS_WITH on key exists), or the error reply. */
function queryPrefix(where: unknown): string | Reply {
  if (where === undefined) return '';
  if (!Array.isArray(where) || where.length > 1) return badRequest();
  const clause = where[0] as Record<string, unknown> | undefined;
  if (!clause) return '';
  const values = clause.values as unknown[] | undefined;
  if (clause.property !== 'key' || clause.condition !== 'BEGINS_WITH' || !Array.isArray(values)) {
    return badRequest('Only BEGINS_WITH on key is supported');
  }
  return String(values[0] ?? '');
}
