// Listing queries: parses type/sort-by/size/page/fields.* and answers pages from the store's indexes.
import type { EntityType, FieldType, Operator } from '../../src/crm/types';
import { badRequest } from './errors';
import { isValidDate, parseDecimal, timestampMillis } from './formats';
import { compareEntries, sortKey, type SortKey } from './sort-keys';
import {
  eqIndexKey,
  NAME_SORT,
  type Scope,
  type Store,
  type StoredEntity,
  viewKeyFn,
} from './store';
import { findField, isEntityType, nameFieldOf, ENTITY_TYPES } from './templates';

/** The spec's operator table, kept here independently of the client's copy. */
const OPERATORS: Record<FieldType, { allowed: Operator[]; default: Operator }> = {
  string: { allowed: ['eq', 'contains'], default: 'eq' },
  text: { allowed: ['contains'], default: 'contains' },
  date: { allowed: ['eq', 'gte', 'lte'], default: 'eq' },
  timestamp: { allowed: ['eq', 'gte', 'lte'], default: 'eq' },
  decimal: { allowed: ['eq', 'gte', 'lte'], default: 'eq' },
  user: { allowed: ['eq'], default: 'eq' },
  'single-select': { allowed: ['eq'], default: 'eq' },
  'multi-select': { allowed: ['contains'], default: 'contains' },
};
const KNOWN_OPERATORS: readonly string[] = ['eq', 'contains', 'gte', 'lte'];

export const MAX_SIZE = 100;
export const DEFAULT_SIZE = 20;
export const SIZE_MESSAGE = `size must be an integer from 1 to ${MAX_SIZE}`;

/** One field+operator with all its values: values are ORed, groups are ANDed. */
export interface FilterGroup {
  fieldId: string;
  fieldType: FieldType;
  owner: EntityType;
  op: Operator;
  values: string[];
  /** Parsed comparison values (numbers for decimal/timestamp, lowercased strings where case-insensitive). */
  keys: SortKey[];
}

export interface ListParams {
  scope: Scope;
  sortField: string;
  desc: boolean;
  size: number;
  page: number;
  filters: FilterGroup[];
}

export interface PageResult {
  ids: string[];
  total: number;
  hasNext: boolean;
}

const FILTER_RE = /^fields\.([^[\]]+)(?:\[([^[\]]*)\])?$/;

function parsePositiveInt(v: string | null): number | undefined {
  if (v === null) return undefined;
  return /^\d{1,9}$/.test(v.trim()) ? Number(v.trim()) : NaN;
}

function resolveField(scope: Scope, fieldId: string): { type: EntityType; fieldType: FieldType } {
  const owner = findField(fieldId);
  if (!owner || (scope !== 'all' && owner.type !== scope))
    throw badRequest(
      scope === 'all'
        ? `Unknown field "${fieldId}"`
        : `Unknown field "${fieldId}" for entity type ${scope}`,
    );
  return { type: owner.type, fieldType: owner.field.type };
}

function filterKey(fieldId: string, fieldType: FieldType, op: Operator, value: string): SortKey {
  switch (fieldType) {
    case 'date':
      if (!isValidDate(value))
        throw badRequest(
          `Filter fields.${fieldId}[${op}]: ${JSON.stringify(value)} is not a date formatted yyyy-mm-dd`,
        );
      return value;
    case 'timestamp': {
      const ms = timestampMillis(value);
      if (ms === undefined)
        throw badRequest(
          `Filter fields.${fieldId}[${op}]: ${JSON.stringify(value)} is not an ISO 8601 datetime`,
        );
      return ms;
    }
    case 'decimal': {
      const n = parseDecimal(value);
      if (n === undefined)
        throw badRequest(
          `Filter fields.${fieldId}[${op}]: ${JSON.stringify(value)} is not a number`,
        );
      return n;
    }
    default:
      return eqIndexKey(fieldType, value);
  }
}

export function parseListParams(q: URLSearchParams): ListParams {
  const typeParam = q.get('type');
  let scope: Scope = 'all';
  if (typeParam !== null && typeParam !== '') {
    if (!isEntityType(typeParam))
      throw badRequest(
        `type must be one of ${ENTITY_TYPES.join(', ')}, got ${JSON.stringify(typeParam)}`,
      );
    scope = typeParam;
  }

  const size = parsePositiveInt(q.get('size')) ?? DEFAULT_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_SIZE) throw badRequest(SIZE_MESSAGE);
  const page = parsePositiveInt(q.get('page')) ?? 1;
  if (!Number.isInteger(page) || page < 1) throw badRequest('page must be an integer of 1 or more');

  // sort-by=FIELD ascending, sort-by=-FIELD descending; the default is the name field.
  let sortField = NAME_SORT;
  let desc = false;
  const sortBy = q.get('sort-by');
  if (sortBy !== null && sortBy !== '') {
    desc = sortBy.startsWith('-');
    const fieldId = desc ? sortBy.slice(1) : sortBy;
    const owner = findField(fieldId);
    if (!owner || (scope !== 'all' && owner.type !== scope))
      throw badRequest(
        `sort-by: unknown field "${fieldId}"${scope === 'all' ? '' : ` for entity type ${scope}`}`,
      );
    sortField = scope !== 'all' && fieldId === nameFieldOf(scope) ? NAME_SORT : fieldId;
  }

  const groups = new Map<string, FilterGroup>();
  for (const [name, value] of q) {
    if (!name.startsWith('fields.')) continue;
    const m = FILTER_RE.exec(name);
    if (!m)
      throw badRequest(`Malformed filter parameter "${name}": use fields.FIELD_ID[OPERATOR]=VALUE`);
    const fieldId = m[1] as string;
    const { type, fieldType } = resolveField(scope, fieldId);
    const rule = OPERATORS[fieldType];
    const opText = m[2];
    let op: Operator;
    if (opText === undefined || opText === '') op = rule.default;
    else if (KNOWN_OPERATORS.includes(opText) && rule.allowed.includes(opText as Operator))
      op = opText as Operator;
    else
      throw badRequest(
        `Operator "${opText}" is not allowed for field "${fieldId}" (${fieldType}); allowed: ${rule.allowed.join(', ')}`,
      );
    const groupKey = `${fieldId}[${op}]`;
    let g = groups.get(groupKey);
    if (!g)
      groups.set(groupKey, (g = { fieldId, fieldType, owner: type, op, values: [], keys: [] }));
    g.values.push(value);
    g.keys.push(filterKey(fieldId, fieldType, op, value));
  }
  return { scope, sortField, desc, size, page, filters: [...groups.values()] };
}

// Lowercased string values cached on the entity object under a symbol (invisible to JSON):
// stored entities are replaced on update, so the cache never goes stale.
const LOWER = Symbol('lowercased');
type WithLower = StoredEntity & { [LOWER]?: Map<string, string> };

function lowerOf(e: StoredEntity, fieldId: string, raw: string): string {
  const x = e as WithLower;
  let m = x[LOWER];
  if (!m) x[LOWER] = m = new Map();
  let v = m.get(fieldId);
  if (v === undefined) m.set(fieldId, (v = raw.toLowerCase()));
  return v;
}

/** Does one value satisfy one parsed filter key? */
function valueMatches(g: FilterGroup, e: StoredEntity, raw: unknown, key: SortKey): boolean {
  if (raw === undefined || raw === null) return false;
  switch (g.fieldType) {
    case 'string':
    case 'text':
    case 'single-select': {
      if (typeof raw !== 'string') return false;
      const v = lowerOf(e, g.fieldId, raw);
      return g.op === 'contains' ? v.includes(key as string) : v === key;
    }
    case 'user':
      return raw === key;
    case 'multi-select':
      return (
        Array.isArray(raw) && raw.some((s) => typeof s === 'string' && s.toLowerCase() === key)
      );
    case 'date':
    case 'timestamp':
    case 'decimal': {
      const v = sortKey(g.fieldType, raw as string | number);
      if (v === null || key === null) return false;
      return g.op === 'eq' ? v === key : g.op === 'gte' ? v >= key : v <= key;
    }
  }
}

export function entityMatches(g: FilterGroup, e: StoredEntity): boolean {
  if (e.type !== g.owner) return false;
  const raw = e.fields[g.fieldId];
  if (raw === undefined) return false;
  for (const k of g.keys) if (valueMatches(g, e, raw, k)) return true;
  return false;
}

/** Ids matching a group, straight from an index. */
function candidates(store: Store, g: FilterGroup): Set<string> {
  const out = new Set<string>();
  if (g.op === 'contains' && g.fieldType !== 'multi-select') {
    // Substring match over the distinct lowercased values: far fewer than entities for most fields.
    for (const [value, ids] of store.eqIndex(g.fieldId))
      if (ids.size > 0 && g.keys.some((k) => value.includes(k as string)))
        for (const id of ids) out.add(id);
    return out;
  }
  if (g.fieldType === 'date' || g.fieldType === 'timestamp' || g.fieldType === 'decimal') {
    const view = store.view(g.owner, g.fieldId);
    for (const key of g.keys) {
      const [from, to] = view.range(g.op === 'lte' ? null : key, g.op === 'gte' ? null : key);
      for (let i = from; i < to; i++) out.add(view.ids[i] as string);
    }
    return out;
  }
  const idx = store.eqIndex(g.fieldId);
  for (const key of g.keys) for (const id of idx.get(key as string) ?? []) out.add(id);
  return out;
}

/** Descending reverses the valued part only: entities missing the sort field stay last either way. */
function ordered(sorted: string[], p: ListParams, keyOf: (id: string) => SortKey): string[] {
  if (!p.desc) return sorted;
  let firstNull = sorted.length;
  while (firstNull > 0 && keyOf(sorted[firstNull - 1] as string) === null) firstNull--;
  return [...sorted.slice(0, firstNull).reverse(), ...sorted.slice(firstNull)];
}

function slicePage(sorted: string[], p: ListParams, keyOf: (id: string) => SortKey): PageResult {
  const start = (p.page - 1) * p.size;
  const all = ordered(sorted, p, keyOf);
  return {
    ids: all.slice(start, start + p.size),
    total: all.length,
    hasNext: start + p.size < all.length,
  };
}

/** Entity listing: every filter group is answered by an index; intersect smallest-first. */
export function queryEntities(store: Store, p: ListParams): PageResult {
  // Without type, a field filter can only match its own type, whose view orders those entities the same.
  const owners = new Set(p.filters.map((g) => g.owner));
  if (owners.size > 1) return { ids: [], total: 0, hasNext: false };
  const [owner] = owners;
  const view = store.view(p.scope === 'all' && owner ? owner : p.scope, p.sortField);
  const keyOf = (id: string) => view.keys.get(id) ?? null;
  if (p.filters.length === 0) return slicePage(view.ids, p, keyOf);
  const sets = p.filters.map((g) => candidates(store, g)).sort((a, b) => a.size - b.size);
  const [smallest, ...others] = sets as [Set<string>, ...Set<string>[]];
  const passes = (id: string): boolean => {
    for (const s of others) if (!s.has(id)) return false;
    return true;
  };
  let matched: string[] = [];
  if (smallest.size * 16 < view.ids.length) {
    // Few matches: sort them by the view's keys.
    const rows: { id: string; key: SortKey }[] = [];
    for (const id of smallest) if (passes(id)) rows.push({ id, key: keyOf(id) });
    rows.sort((a, b) => compareEntries(a.key, a.id, b.key, b.id));
    matched = rows.map((r) => r.id);
  } else {
    // Many matches: walking the pre-sorted view is cheaper than sorting them.
    for (const id of view.ids) if (smallest.has(id) && passes(id)) matched.push(id);
  }
  return slicePage(matched, p, keyOf);
}

/** Link listing: the linked set is small, so filter and sort it directly. */
export function queryList(entities: StoredEntity[], p: ListParams): PageResult {
  const keyOf = viewKeyFn(p.sortField);
  const rows = entities
    .filter(
      (e) =>
        (p.scope === 'all' || e.type === p.scope) && p.filters.every((g) => entityMatches(g, e)),
    )
    .map((e) => ({ id: e.id, key: keyOf(e) }))
    .sort((a, b) => compareEntries(a.key, a.id, b.key, b.id));
  const keys = new Map(rows.map((r) => [r.id, r.key]));
  return slicePage(
    rows.map((r) => r.id),
    p,
    (id) => keys.get(id) ?? null,
  );
}
