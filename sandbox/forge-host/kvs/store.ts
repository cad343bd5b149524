// The stored entries: plain values, secrets and each custom entity in separate namespaces, each
// entry with its timestamps and optional expiry. An expired entry is dropped the moment anyone
// looks at it.
import { TTL_MS, type TtlUnit } from './rules';

/** `entity:<name>` holds the items of one custom entity: a key may exist in several namespaces. */
export type EntityNamespace = `entity:${string}`;
export type Namespace = 'values' | 'secrets' | EntityNamespace;
export type MetadataField = 'CREATED_AT' | 'UPDATED_AT' | 'EXPIRE_TIME';

export const METADATA_FIELDS: readonly MetadataField[] = [
  'CREATED_AT',
  'UPDATED_AT',
  'EXPIRE_TIME',
];

export const entityNamespace = (entityName: string): EntityNamespace => `entity:${entityName}`;

export interface Entry {
  value: unknown;
  /** Epoch seconds, as the KVS API returns them. */
  createdAt: number;
  updatedAt: number;
  /** Epoch milliseconds; absent when the key has no TTL. */
  expiresAt?: number;
}

/** Version 2: custom entity items added, per entity name. */
export interface KvsSnapshot {
  version: 2;
  values: Record<string, Entry>;
  secrets: Record<string, Entry>;
  entities: Record<string, Record<string, Entry>>;
}

/** What `npm start` saved before entities existed; still restorable. */
export interface KvsSnapshotV1 {
  version: 1;
  values: Record<string, Entry>;
  secrets: Record<string, Entry>;
}

const ENTITY_PREFIX = 'entity:';

export class EntryStore {
  private readonly entries = new Map<Namespace, Map<string, Entry>>();

  constructor(private readonly now: () => number) {}

  private space(ns: Namespace): Map<string, Entry> {
    let space = this.entries.get(ns);
    if (!space) {
      space = new Map();
      this.entries.set(ns, space);
    }
    return space;
  }

  /** The entry if it exists and has not expired. */
  live(ns: Namespace, key: string): Entry | undefined {
    const space = this.entries.get(ns);
    const entry = space?.get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      space?.delete(key);
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
    this.space(ns).set(key, entry);
    return entry;
  }

  delete(ns: Namespace, key: string): void {
    this.entries.get(ns)?.delete(key);
  }

  /** Unexpired entries of a namespace, sorted by key. */
  liveEntries(ns: Namespace): [string, Entry][] {
    const out: [string, Entry][] = [];
    for (const key of [...(this.entries.get(ns)?.keys() ?? [])].sort()) {
      const entry = this.live(ns, key);
      if (entry) out.push([key, entry]);
    }
    return out;
  }

  /** Unexpired keys of a namespace, sorted. */
  keys(ns: Namespace): string[] {
    return this.liveEntries(ns).map(([key]) => key);
  }

  /** Names of the entities that have (or had) items, sorted. */
  entityNames(): string[] {
    return [...this.entries.keys()]
      .filter((ns) => ns.startsWith(ENTITY_PREFIX))
      .map((ns) => ns.slice(ENTITY_PREFIX.length))
      .sort();
  }

  clear(): void {
    this.entries.clear();
  }

  /** JSON-safe copy of everything unexpired, secrets included (it is a sandbox). */
  snapshot(): KvsSnapshot {
    const dump = (ns: Namespace): Record<string, Entry> =>
      JSON.parse(JSON.stringify(Object.fromEntries(this.liveEntries(ns)))) as Record<string, Entry>;
    const entities: Record<string, Record<string, Entry>> = {};
    for (const name of this.entityNames()) {
      const items = dump(entityNamespace(name));
      if (Object.keys(items).length > 0) entities[name] = items;
    }
    return { version: 2, values: dump('values'), secrets: dump('secrets'), entities };
  }

  /** Accepts version 2 and the older version 1 (no entities). */
  restore(snapshot: KvsSnapshot | KvsSnapshotV1): void {
    const version = (snapshot as { version?: unknown } | null | undefined)?.version;
    if (version !== 1 && version !== 2) throw new Error('Unsupported KVS snapshot version');
    this.clear();
    const load = (ns: Namespace, entries: Record<string, Entry> | undefined): void => {
      for (const [key, entry] of Object.entries(entries ?? {}))
        this.space(ns).set(key, { ...entry });
    };
    load('values', snapshot.values);
    load('secrets', snapshot.secrets);
    if (snapshot.version === 2) {
      for (const [name, items] of Object.entries(snapshot.entities ?? {}))
        load(entityNamespace(name), items);
    }
  }
}

/** An entry as the wire shows it: key and value, plus the metadata fields asked for (or all). */
export function entryView(
  key: string,
  entry: Entry,
  fields: readonly MetadataField[] | 'all',
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
