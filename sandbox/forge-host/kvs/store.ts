// The stored entries: plain values and secrets in separate namespaces, each entry with its
// timestamps and optional expiry. An expired entry is dropped the moment anyone looks at it.
import { TTL_MS, type TtlUnit } from './rules';

export type Namespace = 'values' | 'secrets';
export type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';

export interface Entry {
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

export class EntryStore {
  private readonly entries: Record<Namespace, Map<string, Entry>> = {
    values: new Map(),
    secrets: new Map(),
  };

  constructor(private readonly now: () => number) {}

  /** The entry if it exists and has not expired. */
  live(ns: Namespace, key: string): Entry | undefined {
    const entry = this.entries[ns].get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.entries[ns].delete(key);
      return undefined;
    }
    return entry;
  }

  /** Stores a JSON copy of the value; a rewrite keeps the entry's creation time. */
  write(ns: Namespace, key: string, value: unknown, ttl?: { value: number; unit: TtlUnit }): Entry {
    const nowMs = this.now();
    const previous = this.live(ns, key);
    const entry: Entry = {
      value: JSON.parse(JSON.stringify(value)),
      createdAt: previous?.createdAt ?? Math.floor(nowMs / 1000),
      updatedAt: Math.floor(nowMs / 1000),
    };
    if (ttl) entry.expiresAt = nowMs + ttl.value * TTL_MS[ttl.unit];
    this.entries[ns].set(key, entry);
    return entry;
  }

  delete(ns: Namespace, key: string): void {
    this.entries[ns].delete(key);
  }

  /** Unexpired entries of a namespace, sorted by key. */
  liveEntries(ns: Namespace): [string, Entry][] {
    const out: [string, Entry][] = [];
    for (const key of [...this.entries[ns].keys()].sort()) {
      const entry = this.live(ns, key);
      if (entry) out.push([key, entry]);
    }
    return out;
  }

  /** Unexpired keys of a namespace, sorted. */
  keys(ns: Namespace): string[] {
    return this.liveEntries(ns).map(([key]) => key);
  }

  clear(): void {
    this.entries.values.clear();
    this.entries.secrets.clear();
  }

  /** JSON-safe copy of everything unexpired, secrets included (it is a sandbox). */
  snapshot(): KvsSnapshot {
    const dump = (ns: Namespace): Record<string, Entry> =>
      JSON.parse(JSON.stringify(Object.fromEntries(this.liveEntries(ns)))) as Record<string, Entry>;
    return { version: 1, values: dump('values'), secrets: dump('secrets') };
  }

  restore(snapshot: KvsSnapshot): void {
    if (snapshot?.version !== 1) throw new Error('Unsupported KVS snapshot version');
    this.clear();
    for (const ns of ['values', 'secrets'] as const) {
      for (const [key, entry] of Object.entries(snapshot[ns] ?? {}))
        this.entries[ns].set(key, { ...entry });
    }
  }
}

/** An entry as the wire shows it: key and value, plus the metadata fields asked for (or all). */
export function entryView(
  key: string,
  entry: Entry,
  fields: MetadataField[] | 'all',
): Record<string, unknown> {
  const out: Record<string, unknown> = { key, value: entry.value };
  const want = (f: MetadataField) => fields === 'all' || fields.includes(f);
  if (want('CREATED_AT')) out.createdAt = entry.createdAt;
  if (want('UPDATED_AT')) out.updatedAt = entry.updatedAt;
  if (want('EXPIRE_TIME') && entry.expiresAt !== undefined) {
    out.expireTime = new Date(entry.expiresAt).toISOString();
  }
  return out;
}
