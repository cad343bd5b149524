// In-memory Forge KVS, answering the wire protocol @forge/kvs 1.6.5 speaks through
// global.__forge_fetch__({ type: 'kvs', provider: 'app', remote: 'kvs' }, path, { method: 'POST', body }).
// Request and response bodies follow node_modules/@forge/kvs/out/storage-api.js and its tests.
import type { Reply } from './http';

export type TtlUnit = 'SECONDS' | 'MINUTES' | 'HOURS' | 'DAYS';
type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';

interface Entry {
  value: unknown;
  /** Epoch seconds, as the KVS API returns them. */
  createdAt: number;
  updatedAt: number;
  /** Epoch milliseconds; absent when the key has no TTL. */
  expiresAt?: number;
}

export interface KvsSnapshot {
  version: 1;
  values: Record<string, Entry>;
  secrets: Record<string, Entry>;
}

export interface InMemoryKvsOptions {
  /** Clock in epoch ms; tests pass a fake one to expire TTLs without sleeping. */
  now?: () => number;
}

type Namespace = 'values' | 'secrets';

const TTL_MS: Record<TtlUnit, number> = {
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
};

/** Forge storage limits (developer.atlassian.com/platform/forge/storage-reference/...). */
export const KVS_LIMITS = {
  keyMaxLength: 500,
  /** 240 KiB of JSON per value. */
  valueMaxBytes: 240 * 1024,
  valueMaxDepth: 32,
  queryDefaultLimit: 10,
  queryMaxLimit: 100,
} as const;

// The documented key format: /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/ (the "-" in "\s-#" is literal).
const KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s\-#]+$/;

const err = (status: number, code: string, message: string): Reply => ({
  status,
  body: { code, message },
});
const KEY_NOT_FOUND = (): Reply => err(404, 'KEY_NOT_FOUND', 'Provided key does not exist');
const BAD_REQUEST = (message = 'Provided request body is invalid'): Reply =>
  err(400, 'BAD_REQUEST', message);

function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let max = 0;
  for (const child of Object.values(value as Record<string, unknown>))
    max = Math.max(max, depthOf(child));
  return 1 + max;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export class InMemoryKvs {
  private readonly stores: Record<Namespace, Map<string, Entry>> = {
    values: new Map(),
    secrets: new Map(),
  };
  private readonly now: () => number;
  private calls: Record<string, number> = {};

  constructor(options: InMemoryKvsOptions = {}) {
    this.now = options.now ?? Date.now;
  }

  // ---- wire protocol -------------------------------------------------------------------------

  /** Answers one KVS API call (path such as `/api/v1/get`, body already parsed from JSON). */
  handle(path: string, body: unknown): Reply {
    this.calls[path] = (this.calls[path] ?? 0) + 1;
    const secret = path.startsWith('/api/v1/secret/');
    const ns: Namespace = secret ? 'secrets' : 'values';
    const op = path.replace(/^\/api\/v1\/(secret\/)?/, '');
    if (path.startsWith('/api/v1/entity/')) {
      return err(
        501,
        'NOT_IMPLEMENTED',
        'Custom entities are not emulated by the sandbox Forge host',
      );
    }
    switch (`${secret ? 'secret/' : ''}${op}`) {
      case 'get':
      case 'secret/get':
        return this.wireGet(ns, body);
      case 'set':
      case 'secret/set':
        return this.wireSet(ns, body);
      case 'delete':
      case 'secret/delete':
        return this.wireDelete(ns, body);
      case 'query':
        return this.wireQuery(body);
      case 'batch/get':
        return this.wireBatch(body, (item) => this.batchGetItem(item));
      case 'batch/set':
        return this.wireBatch(body, (item) => this.batchSetItem(item));
      case 'batch/delete':
        return this.wireBatch(body, (item) => this.batchDeleteItem(item));
      case 'transaction':
        return this.wireTransaction(body);
      default:
        return err(404, 'NOT_FOUND', `Unknown KVS operation ${path}`);
    }
  }

  private checkKey(key: unknown): Reply | undefined {
    if (typeof key !== 'string') return BAD_REQUEST();
    if (key.length === 0) return err(400, 'EMPTY_KEY', 'Key cannot be empty.');
    if (key.length > KVS_LIMITS.keyMaxLength) {
      return err(
        400,
        'KEY_TOO_LONG',
        `The provided key has exceeded the maximum ${KVS_LIMITS.keyMaxLength} characters.`,
      );
    }
    if (!KEY_PATTERN.test(key)) {
      return err(
        400,
        'INVALID_KEY',
        'The provided key does not match the regex: /^(?!\\s+$)[a-zA-Z0-9:._\\s-#]+$/',
      );
    }
    return undefined;
  }

  private checkValue(value: unknown): Reply | undefined {
    if (value === undefined || value === null) return BAD_REQUEST('Provided value is invalid');
    if (Buffer.byteLength(JSON.stringify(value), 'utf8') > KVS_LIMITS.valueMaxBytes) {
      return err(400, 'MAX_SIZE', 'The provided value has exceeded the maximum size limit.');
    }
    if (depthOf(value) > KVS_LIMITS.valueMaxDepth) {
      return err(
        400,
        'MAX_DEPTH',
        `The provided value has exceeded the maximum object depth (${KVS_LIMITS.valueMaxDepth}) limit.`,
      );
    }
    return undefined;
  }

  private live(ns: Namespace, key: string): Entry | undefined {
    const entry = this.stores[ns].get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.stores[ns].delete(key);
      return undefined;
    }
    return entry;
  }

  private view(
    key: string,
    entry: Entry,
    fields: MetadataField[] | undefined,
    all: boolean,
  ): Record<string, unknown> {
    const out: Record<string, unknown> = { key, value: entry.value };
    const want = (f: MetadataField) => all || (fields?.includes(f) ?? false);
    if (want('CREATED_AT')) out.createdAt = entry.createdAt;
    if (want('UPDATED_AT')) out.updatedAt = entry.updatedAt;
    if (want('EXPIRE_TIME') && entry.expiresAt !== undefined) {
      out.expireTime = new Date(entry.expiresAt).toISOString();
    }
    return out;
  }

  private wireGet(ns: Namespace, body: unknown): Reply {
    if (!isRecord(body)) return BAD_REQUEST();
    const bad = this.checkKey(body.key);
    if (bad) return bad;
    const key = body.key as string;
    const entry = this.live(ns, key);
    if (!entry) return KEY_NOT_FOUND();
    // The real API answers with the value and its metadata; the client picks the fields asked for.
    return { status: 200, body: this.view(key, entry, undefined, true) };
  }

  private writeEntry(
    ns: Namespace,
    key: string,
    value: unknown,
    options: Record<string, unknown> | undefined,
  ): Entry {
    const nowMs = this.now();
    const previous = this.live(ns, key);
    const entry: Entry = {
      value: JSON.parse(JSON.stringify(value)),
      createdAt: previous?.createdAt ?? Math.floor(nowMs / 1000),
      updatedAt: Math.floor(nowMs / 1000),
    };
    const ttl = options?.ttl as { value?: unknown; unit?: unknown } | undefined;
    if (ttl) entry.expiresAt = nowMs + Number(ttl.value) * TTL_MS[ttl.unit as TtlUnit];
    this.stores[ns].set(key, entry);
    return entry;
  }

  private checkSetOptions(options: unknown): Reply | undefined {
    if (options === undefined) return undefined;
    if (!isRecord(options)) return BAD_REQUEST();
    const { ttl, keyPolicy, returnValue } = options;
    if (ttl !== undefined) {
      if (
        !isRecord(ttl) ||
        typeof ttl.value !== 'number' ||
        !(ttl.value > 0) ||
        !((ttl.unit as string) in TTL_MS)
      ) {
        return BAD_REQUEST('Provided ttl is invalid');
      }
    }
    if (keyPolicy !== undefined && keyPolicy !== 'OVERRIDE' && keyPolicy !== 'FAIL_IF_EXISTS') {
      return BAD_REQUEST('Provided keyPolicy is invalid');
    }
    if (returnValue !== undefined) {
      if (returnValue !== 'PREVIOUS' && returnValue !== 'LATEST')
        return BAD_REQUEST('Provided returnValue is invalid');
      if (keyPolicy !== 'OVERRIDE') return BAD_REQUEST('returnValue requires keyPolicy OVERRIDE');
    }
    return undefined;
  }

  private wireSet(ns: Namespace, body: unknown): Reply {
    if (!isRecord(body)) return BAD_REQUEST();
    const bad =
      this.checkKey(body.key) ?? this.checkValue(body.value) ?? this.checkSetOptions(body.options);
    if (bad) return bad;
    const key = body.key as string;
    const options = body.options as Record<string, unknown> | undefined;
    const previous = this.live(ns, key);
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) {
      return err(409, 'KEY_CONFLICT', 'Provided key already exists');
    }
    const previousView = previous ? this.view(key, previous, undefined, true) : undefined;
    const entry = this.writeEntry(ns, key, body.value, options);
    if (options?.returnValue === 'LATEST')
      return { status: 200, body: this.view(key, entry, undefined, true) };
    if (options?.returnValue === 'PREVIOUS' && previousView)
      return { status: 200, body: previousView };
    return { status: 204 };
  }

  private wireDelete(ns: Namespace, body: unknown): Reply {
    if (!isRecord(body)) return BAD_REQUEST();
    const bad = this.checkKey(body.key);
    if (bad) return bad;
    // @forge/kvs treats KEY_NOT_FOUND on delete as success.
    if (!this.live(ns, body.key as string)) return KEY_NOT_FOUND();
    this.stores[ns].delete(body.key as string);
    return { status: 204 };
  }

  private wireQuery(body: unknown): Reply {
    if (!isRecord(body)) return BAD_REQUEST();
    const limit = body.limit === undefined ? KVS_LIMITS.queryDefaultLimit : body.limit;
    if (
      typeof limit !== 'number' ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > KVS_LIMITS.queryMaxLimit
    ) {
      return BAD_REQUEST(`The page limit must be set between 1 and ${KVS_LIMITS.queryMaxLimit}.`);
    }
    let prefix = '';
    if (body.where !== undefined) {
      const where = body.where;
      if (!Array.isArray(where) || where.length > 1) return BAD_REQUEST();
      const clause = where[0] as Record<string, unknown> | undefined;
      if (clause) {
        const values = clause.values as unknown[] | undefined;
        if (
          clause.property !== 'key' ||
          clause.condition !== 'BEGINS_WITH' ||
          !Array.isArray(values)
        ) {
          return BAD_REQUEST('Only BEGINS_WITH on key is supported');
        }
        prefix = String(values[0] ?? '');
      }
    }
    let after: string | undefined;
    if (body.after !== undefined) {
      if (typeof body.after !== 'string') return BAD_REQUEST('Provided cursor is invalid');
      try {
        after = JSON.parse(Buffer.from(body.after, 'base64url').toString('utf8')).k as string;
      } catch {
        return BAD_REQUEST('Provided cursor is invalid');
      }
    }
    const fields = (body.options as { metadataFields?: MetadataField[] } | undefined)
      ?.metadataFields;
    const keys = [...this.stores.values.keys()]
      .filter(
        (k) => k.startsWith(prefix) && (after === undefined || k > after) && this.live('values', k),
      )
      .sort();
    const page = keys.slice(0, limit);
    const data = page.map((k) => {
      const entry = this.stores.values.get(k) as Entry;
      const row = this.view(k, entry, fields, false);
      // Query results carry expireTime when the key has one (Result<T> in @forge/kvs).
      if (entry.expiresAt !== undefined) row.expireTime = new Date(entry.expiresAt).toISOString();
      return row;
    });
    const last = page[page.length - 1];
    const cursor =
      keys.length > limit && last !== undefined
        ? Buffer.from(JSON.stringify({ k: last }), 'utf8').toString('base64url')
        : undefined;
    return { status: 200, body: cursor ? { data, cursor } : { data } };
  }

  private wireBatch(
    body: unknown,
    one: (
      item: Record<string, unknown>,
    ) => { ok: Record<string, unknown> } | { failed: Record<string, unknown> },
  ): Reply {
    if (!Array.isArray(body)) return BAD_REQUEST();
    const successfulKeys: Record<string, unknown>[] = [];
    const failedKeys: Record<string, unknown>[] = [];
    for (const item of body) {
      if (!isRecord(item)) return BAD_REQUEST();
      if (item.entityName !== undefined) {
        failedKeys.push({
          key: item.key,
          entityName: item.entityName,
          error: { code: 'NOT_IMPLEMENTED', message: 'Custom entities are not emulated' },
        });
        continue;
      }
      const r = one(item);
      if ('ok' in r) successfulKeys.push(r.ok);
      else failedKeys.push(r.failed);
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  private failedItem(key: unknown, reply: Reply) {
    return { failed: { key, error: reply.body as { code: string; message: string } } };
  }

  private batchGetItem(item: Record<string, unknown>) {
    const bad = this.checkKey(item.key);
    if (bad) return this.failedItem(item.key, bad);
    const entry = this.live('values', item.key as string);
    if (!entry) return this.failedItem(item.key, KEY_NOT_FOUND());
    const fields = (item.options as { metadataFields?: MetadataField[] } | undefined)
      ?.metadataFields;
    return { ok: this.view(item.key as string, entry, fields, false) };
  }

  private batchSetItem(item: Record<string, unknown>) {
    const bad =
      this.checkKey(item.key) ?? this.checkValue(item.value) ?? this.checkSetOptions(item.options);
    if (bad) return this.failedItem(item.key, bad);
    this.writeEntry(
      'values',
      item.key as string,
      item.value,
      item.options as Record<string, unknown> | undefined,
    );
    return { ok: { key: item.key } };
  }

  private batchDeleteItem(item: Record<string, unknown>) {
    const bad = this.checkKey(item.key);
    if (bad) return this.failedItem(item.key, bad);
    this.stores.values.delete(item.key as string);
    return { ok: { key: item.key } };
  }

  private wireTransaction(body: unknown): Reply {
    if (!isRecord(body)) return BAD_REQUEST();
    const sets = (body.set ?? []) as Record<string, unknown>[];
    const deletes = (body.delete ?? []) as Record<string, unknown>[];
    const checks = (body.check ?? []) as Record<string, unknown>[];
    if (!Array.isArray(sets) || !Array.isArray(deletes) || !Array.isArray(checks))
      return BAD_REQUEST();
    const all = [...sets, ...deletes, ...checks];
    if (all.length === 0) return BAD_REQUEST('A transaction needs at least one operation');
    if (
      all.some((op) => !isRecord(op) || op.entityName !== undefined || op.conditions !== undefined)
    ) {
      return err(
        501,
        'NOT_IMPLEMENTED',
        'Custom entities and conditions are not emulated by the sandbox Forge host',
      );
    }
    const seen = new Set<string>();
    for (const op of all) {
      const bad = this.checkKey(op.key);
      if (bad) return bad;
      if (seen.has(op.key as string))
        return BAD_REQUEST('A key may appear only once in a transaction');
      seen.add(op.key as string);
    }
    for (const op of sets) {
      const bad = this.checkValue(op.value) ?? this.checkSetOptions(op.options);
      if (bad) return bad;
    }
    // All checks passed: apply atomically (nothing can interleave in this synchronous block).
    for (const op of sets)
      this.writeEntry(
        'values',
        op.key as string,
        op.value,
        op.options as Record<string, unknown> | undefined,
      );
    for (const op of deletes) this.stores.values.delete(op.key as string);
    return { status: 204 };
  }

  // ---- direct access for tests, seeding and persistence --------------------------------------

  /** Current (unexpired) value of a key, bypassing the wire and the call counters. */
  peek(key: string): unknown {
    return this.live('values', key)?.value;
  }

  peekSecret(key: string): unknown {
    return this.live('secrets', key)?.value;
  }

  keys(): string[] {
    return [...this.stores.values.keys()].filter((k) => this.live('values', k)).sort();
  }

  secretKeys(): string[] {
    return [...this.stores.secrets.keys()].filter((k) => this.live('secrets', k)).sort();
  }

  /** Seeds a value as if the app had stored it. */
  seed(key: string, value: unknown, options: { secret?: boolean } = {}): void {
    this.writeEntry(options.secret ? 'secrets' : 'values', key, value, undefined);
  }

  clear(): void {
    this.stores.values.clear();
    this.stores.secrets.clear();
  }

  /** JSON-safe copy of everything stored, secrets included (it is a sandbox). */
  snapshot(): KvsSnapshot {
    const dump = (ns: Namespace) => {
      const out: Record<string, Entry> = {};
      for (const key of [...this.stores[ns].keys()].sort()) {
        const entry = this.live(ns, key);
        if (entry) out[key] = JSON.parse(JSON.stringify(entry)) as Entry;
      }
      return out;
    };
    return { version: 1, values: dump('values'), secrets: dump('secrets') };
  }

  restore(snapshot: KvsSnapshot): void {
    if (snapshot?.version !== 1) throw new Error('Unsupported KVS snapshot version');
    this.clear();
    for (const ns of ['values', 'secrets'] as const) {
      for (const [key, entry] of Object.entries(snapshot[ns] ?? {}))
        this.stores[ns].set(key, { ...entry });
    }
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
