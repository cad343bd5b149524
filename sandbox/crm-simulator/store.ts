// In-memory data of the simulated workspace plus the indexes that keep 100k-entity queries fast.
import type { Comment, EntityType, FieldValue, FieldValues } from '../../src/crm/types';
import { compareEntries, sortKey, type SortKey } from './sort-keys';
import { fieldsOf, findField, nameFieldOf } from './templates';

export interface StoredEntity {
  id: string;
  type: EntityType;
  fields: FieldValues;
}

/** Sort field meaning "the name field of each entity's own type". */
export const NAME_SORT = '@name';
export type Scope = EntityType | 'all';

export interface PersistedState {
  version: 1;
  entities: StoredEntity[];
  /** Each pair once: [a, b, roles]. */
  links: [string, string, string[]][];
  issues: Record<string, string[]>;
  comments: Record<string, Comment[]>;
}

/** Ids of one scope sorted by (key, id); kept sorted on every write by binary insert. */
export class SortedView {
  readonly ids: string[] = [];
  readonly keys = new Map<string, SortKey>();

  constructor(readonly keyOf: (e: StoredEntity) => SortKey) {}

  private position(key: SortKey, id: string): number {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const midId = this.ids[mid] as string;
      if (compareEntries(this.keys.get(midId) ?? null, midId, key, id) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  build(entities: Iterable<StoredEntity>): void {
    // Sort plain rows (not ids through Map lookups): several times faster on 100k entries.
    const rows: { id: string; key: SortKey }[] = [];
    for (const e of entities) rows.push({ id: e.id, key: this.keyOf(e) });
    rows.sort((a, b) => compareEntries(a.key, a.id, b.key, b.id));
    for (const r of rows) {
      this.ids.push(r.id);
      this.keys.set(r.id, r.key);
    }
  }

  add(e: StoredEntity): void {
    const key = this.keyOf(e);
    this.ids.splice(this.position(key, e.id), 0, e.id);
    this.keys.set(e.id, key);
  }

  remove(id: string): void {
    if (!this.keys.has(id)) return;
    const i = this.position(this.keys.get(id) ?? null, id);
    if (this.ids[i] === id) this.ids.splice(i, 1);
    this.keys.delete(id);
  }

  /** Index range [from, to) of entries whose key k satisfies lo <= k <= hi (nulls excluded). */
  range(lo: SortKey, hi: SortKey): [number, number] {
    const bound = (key: SortKey, upper: boolean): number => {
      let a = 0;
      let b = this.ids.length;
      while (a < b) {
        const mid = (a + b) >>> 1;
        const k = this.keys.get(this.ids[mid] as string) ?? null;
        const c = k === null ? 1 : key === null ? -1 : compareNonNull(k, key);
        if (upper ? c <= 0 : c < 0) a = mid + 1;
        else b = mid;
      }
      return a;
    };
    let from = lo === null ? 0 : bound(lo, false);
    const to = hi === null ? this.firstNull() : bound(hi, true);
    if (from > to) from = to;
    return [from, to];
  }

  private firstNull(): number {
    let a = 0;
    let b = this.ids.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if ((this.keys.get(this.ids[mid] as string) ?? null) !== null) a = mid + 1;
      else b = mid;
    }
    return a;
  }
}

function compareNonNull(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

/** Key used by equality indexes: case-insensitive except for account ids. */
export function eqIndexKey(fieldType: string, v: string): string {
  return fieldType === 'user' ? v : v.toLowerCase();
}

export class Store {
  readonly entities = new Map<string, StoredEntity>();
  readonly links = new Map<string, Map<string, string[]>>();
  readonly issues = new Map<string, Set<string>>();
  readonly issueEntities = new Map<string, Set<string>>();
  readonly comments = new Map<string, Comment[]>();
  private readonly views = new Map<string, SortedView>();
  private readonly eqIndexes = new Map<string, Map<string, Set<string>>>();
  /** Called after every write (persistence hooks in here). */
  onChange: () => void = () => {};

  get(id: string): StoredEntity | undefined {
    return this.entities.get(id);
  }

  countOf(scope: Scope): number {
    return this.view(scope, NAME_SORT).ids.length;
  }

  /** The sorted view of a scope by a sort field; built on first use, then maintained. */
  view(scope: Scope, sortField: string, source?: StoredEntity[]): SortedView {
    const name = `${scope}|${sortField}`;
    let v = this.views.get(name);
    if (!v) {
      v = new SortedView(viewKeyFn(sortField));
      v.build(source ?? this.inScope(scope));
      this.views.set(name, v);
    }
    return v;
  }

  private inScope(scope: Scope): StoredEntity[] {
    const out: StoredEntity[] = [];
    for (const e of this.entities.values()) if (scope === 'all' || e.type === scope) out.push(e);
    return out;
  }

  /** Builds every index up front so no query pays for a cold index (matters for 100k entities). */
  warmIndexes(): void {
    for (const type of ['company', 'contact', 'sale'] as const) {
      const list = this.inScope(type);
      this.view(type, NAME_SORT, list);
      for (const field of fieldsOf(type).values()) {
        if (field.type === 'date' || field.type === 'timestamp' || field.type === 'decimal')
          this.view(type, field.id, list);
        else this.eqIndex(field.id, list);
      }
    }
    this.view('all', NAME_SORT);
  }

  /** value key -> ids, for eq on string/user/single-select and contains on multi-select. */
  eqIndex(fieldId: string, source?: StoredEntity[]): Map<string, Set<string>> {
    let idx = this.eqIndexes.get(fieldId);
    if (!idx) {
      idx = new Map();
      this.eqIndexes.set(fieldId, idx);
      const owner = findField(fieldId);
      if (owner)
        for (const e of source ?? this.inScope(owner.type))
          this.addToIndex(idx, owner.field.type, fieldId, e);
    }
    return idx;
  }

  private addToIndex(
    idx: Map<string, Set<string>>,
    fieldType: string,
    fieldId: string,
    e: StoredEntity,
  ): void {
    for (const k of eqKeys(fieldType, e.fields[fieldId])) {
      let set = idx.get(k);
      if (!set) idx.set(k, (set = new Set()));
      set.add(e.id);
    }
  }

  private reindex(before: StoredEntity | undefined, after: StoredEntity | undefined): void {
    const e = (after ?? before) as StoredEntity;
    for (const [name, view] of this.views) {
      const scope = name.slice(0, name.indexOf('|'));
      if (scope !== 'all' && scope !== e.type) continue;
      if (before) view.remove(before.id);
      if (after) view.add(after);
    }
    for (const [fieldId, idx] of this.eqIndexes) {
      const field = fieldsOf(e.type).get(fieldId);
      if (!field) continue;
      if (before)
        for (const k of eqKeys(field.type, before.fields[fieldId])) idx.get(k)?.delete(before.id);
      if (after) this.addToIndex(idx, field.type, fieldId, after);
    }
  }

  /** Bulk load without per-item index upkeep (seeding 100k entities). */
  loadEntities(list: StoredEntity[]): void {
    for (const e of list) this.entities.set(e.id, e);
    this.views.clear();
    this.eqIndexes.clear();
  }

  insert(e: StoredEntity): void {
    this.entities.set(e.id, e);
    this.reindex(undefined, e);
    this.onChange();
  }

  replaceFields(id: string, fields: FieldValues): StoredEntity | undefined {
    const before = this.entities.get(id);
    if (!before) return undefined;
    const after: StoredEntity = { ...before, fields };
    this.entities.set(id, after);
    this.reindex(before, after);
    this.onChange();
    return after;
  }

  remove(id: string): StoredEntity | undefined {
    const before = this.entities.get(id);
    if (!before) return undefined;
    this.entities.delete(id);
    this.reindex(before, undefined);
    for (const other of this.links.get(id)?.keys() ?? []) this.links.get(other)?.delete(id);
    this.links.delete(id);
    for (const issue of this.issues.get(id) ?? []) {
      const set = this.issueEntities.get(issue);
      set?.delete(id);
      if (set && set.size === 0) this.issueEntities.delete(issue);
    }
    this.issues.delete(id);
    this.comments.delete(id);
    this.onChange();
    return before;
  }

  getLink(a: string, b: string): string[] | undefined {
    return this.links.get(a)?.get(b);
  }

  /** Links are symmetric: stored on both sides with the same roles. */
  setLink(a: string, b: string, roles: string[], silent = false): void {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      let m = this.links.get(x);
      if (!m) this.links.set(x, (m = new Map()));
      m.set(y, [...roles]);
    }
    if (!silent) this.onChange();
  }

  removeLink(a: string, b: string): void {
    this.links.get(a)?.delete(b);
    this.links.get(b)?.delete(a);
    this.onChange();
  }

  linkIssues(id: string, issueIds: string[], silent = false): string[] {
    let set = this.issues.get(id);
    if (!set) this.issues.set(id, (set = new Set()));
    for (const issue of issueIds) {
      set.add(issue);
      let rev = this.issueEntities.get(issue);
      if (!rev) this.issueEntities.set(issue, (rev = new Set()));
      rev.add(id);
    }
    if (!silent) this.onChange();
    return this.issueIdsOf(id);
  }

  unlinkIssues(id: string, issueIds: string[]): string[] {
    const set = this.issues.get(id);
    for (const issue of issueIds) {
      set?.delete(issue);
      const rev = this.issueEntities.get(issue);
      rev?.delete(id);
      if (rev && rev.size === 0) this.issueEntities.delete(issue);
    }
    if (set && set.size === 0) this.issues.delete(id);
    this.onChange();
    return this.issueIdsOf(id);
  }

  issueIdsOf(id: string): string[] {
    return [...(this.issues.get(id) ?? [])].sort();
  }

  entitiesOfIssue(issueId: string): string[] {
    return [...(this.issueEntities.get(issueId) ?? [])].sort();
  }

  addComment(id: string, c: Comment): void {
    let list = this.comments.get(id);
    if (!list) this.comments.set(id, (list = []));
    list.push(c);
    this.onChange();
  }

  serialize(): PersistedState {
    const links: [string, string, string[]][] = [];
    for (const [a, m] of this.links)
      for (const [b, roles] of m) if (a < b) links.push([a, b, roles]);
    const issues: Record<string, string[]> = {};
    for (const id of this.issues.keys()) issues[id] = this.issueIdsOf(id);
    return {
      version: 1,
      entities: [...this.entities.values()],
      links,
      issues,
      comments: Object.fromEntries(this.comments),
    };
  }

  load(state: PersistedState): void {
    this.loadEntities(state.entities);
    for (const [a, b, roles] of state.links) this.setLink(a, b, roles, true);
    for (const [id, list] of Object.entries(state.issues)) this.linkIssues(id, list, true);
    for (const [id, list] of Object.entries(state.comments)) this.comments.set(id, [...list]);
  }
}

function eqKeys(fieldType: string, v: FieldValue | undefined): string[] {
  if (typeof v === 'string') return [eqIndexKey(fieldType, v)];
  if (Array.isArray(v)) return v.map((s) => eqIndexKey(fieldType, s));
  return [];
}

export function viewKeyFn(sortField: string): (e: StoredEntity) => SortKey {
  if (sortField === NAME_SORT) return (e) => sortKey('string', e.fields[nameFieldOf(e.type)]);
  const owner = findField(sortField);
  if (!owner) return () => null;
  return (e) => (e.type === owner.type ? sortKey(owner.field.type, e.fields[sortField]) : null);
}
