// Custom Entity Store queries (`kvs.entity(name).query().index(...)`): one declared index, its
// partition values, a range condition on its range attribute, filters, sort, limit and cursor.
// Results follow the index's range attribute (ASC unless DESC); equal range values come in the
// store's scrambled order. An item lacking the range or a partition attribute is not in the index.
// Sources (developer.atlassian.com/platform/forge/): runtime-reference/custom-entities (indexes),
// runtime-reference/storage-api-query-complex (partition, where, sort, cursor),
// storage-reference/handling-errors-customentities (page limit, filter errors).
import { createHash } from 'node:crypto';
import { isRecord } from '../../../src/shared/guards';
import type { Reply } from '../http';
import {
  compare,
  conditionsHold,
  parseCondition,
  parseConditions,
  type ConditionName,
  type Conditions,
} from './conditions';
import { fitsType, type EntityDeclaration, type IndexDeclaration } from './entities';
import { compareRanked, decodeCursor, encodeCursor, scrambledRank } from './order';
import { metadataFieldsOf, resultRow } from './query';
import { KVS_LIMITS, badRequest, kvsError } from './rules';
import type { Entry } from './store';

/** The conditions WhereConditions offers for an index's range (EntityWhereClauses in @forge/kvs). */
const RANGE_CONDITIONS: readonly ConditionName[] = [
  'BETWEEN',
  'BEGINS_WITH',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
];

const FIELDS = [
  'entityName',
  'indexName',
  'partition',
  'range',
  'filters',
  'sort',
  'limit',
  'cursor',
  'options',
];

type RangeValue = string | number;

interface Indexed {
  key: string;
  entry: Entry;
  value: RangeValue;
  rank: string;
}

/** Numbers before strings; strings by UTF-8 bytes (as DynamoDB), then the scrambled rank. */
function compareIndexed(a: Omit<Indexed, 'entry'>, b: Omit<Indexed, 'entry'>): number {
  if (typeof a.value !== typeof b.value) return typeof a.value === 'number' ? -1 : 1;
  return compare(a.value, b.value) || compareRanked(a, b);
}

function pageLimit(raw: unknown): number | Reply {
  if (raw === undefined) return KVS_LIMITS.entityQueryDefaultLimit;
  if (
    typeof raw !== 'number' ||
    !Number.isInteger(raw) ||
    raw < 1 ||
    raw > KVS_LIMITS.entityQueryMaxLimit
  ) {
    return kvsError(
      400,
      'COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE',
      `The page limit must be set between 1 and ${KVS_LIMITS.entityQueryMaxLimit}.`,
    );
  }
  return raw;
}

/** The partition values: exactly one per partition attribute of the index, of its type. */
function partitionOf(raw: unknown, index: IndexDeclaration, entity: EntityDeclaration) {
  const wanted = index.partition;
  if (raw === undefined && wanted.length === 0) return [];
  if (!Array.isArray(raw) || raw.length !== wanted.length) {
    return badRequest(
      wanted.length === 0
        ? `Index ${index.name} has no partition`
        : `Index ${index.name} needs a value for each partition attribute: ${wanted.join(', ')}`,
    );
  }
  for (const [i, attr] of wanted.entries()) {
    const type = entity.attributes[attr] ?? 'any';
    if (!['string', 'number', 'boolean'].includes(typeof raw[i]) || !fitsType(raw[i], type))
      return badRequest(`Partition value ${i + 1} must be of type ${type}`);
  }
  return raw as unknown[];
}

interface ParsedQuery {
  index: IndexDeclaration;
  partition: unknown[];
  range?: Conditions;
  filters?: Conditions;
  descending: boolean;
  limit: number;
  fingerprint: string;
}

function parseQuery(body: Record<string, unknown>, entity: EntityDeclaration): ParsedQuery | Reply {
  const extra = Object.keys(body).filter((field) => !FIELDS.includes(field));
  if (extra.length > 0) return badRequest(`Unknown query fields: ${extra.join(', ')}`);
  // Forge's answer for an undeclared index is not documented: a plain 400.
  const index = entity.indexes?.find((candidate) => candidate.name === body.indexName);
  if (!index)
    return badRequest(`Index ${String(body.indexName)} is not declared for ${entity.name}`);
  const partition = partitionOf(body.partition, index, entity);
  if (!Array.isArray(partition)) return partition;
  let range: Conditions | undefined;
  if (body.range !== undefined) {
    if (!isRecord(body.range) || !RANGE_CONDITIONS.includes(body.range.condition as ConditionName))
      return badRequest('Provided range condition is invalid');
    const parsed = parseCondition({ ...body.range, property: index.range }, entity);
    if ('status' in parsed) return parsed;
    range = { operator: 'and', filters: [parsed] };
  }
  let filters: Conditions | undefined;
  if (body.filters !== undefined) {
    const parsed = parseConditions(body.filters, entity);
    if ('status' in parsed) return parsed;
    filters = parsed;
  }
  if (body.sort !== undefined && body.sort !== 'ASC' && body.sort !== 'DESC')
    return badRequest('Provided sort is invalid');
  const limit = pageLimit(body.limit);
  if (typeof limit !== 'number') return limit;
  // A cursor continues the query it came from: same index, partition, range, filters and sort.
  const shape = JSON.stringify([index.name, partition, body.range, body.filters, body.sort]);
  const fingerprint = createHash('sha256').update(shape, 'utf8').digest('hex').slice(0, 16);
  return { index, partition, range, filters, descending: body.sort === 'DESC', limit, fingerprint };
}

/** The index's members in this partition that satisfy the range, in the query's order. */
function members(query: ParsedQuery, items: [string, Entry][], seed: string): Indexed[] {
  const { index, partition, range } = query;
  const out: Indexed[] = [];
  for (const [key, entry] of items) {
    const item = entry.value;
    if (!isRecord(item)) continue;
    const value = item[index.range];
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    if (!index.partition.every((attr, i) => attr in item && item[attr] === partition[i])) continue;
    if (range && !conditionsHold(range, item)) continue;
    out.push({ key, entry, value, rank: scrambledRank(seed, key) });
  }
  const direction = query.descending ? -1 : 1;
  return out.sort((a, b) => direction * compareIndexed(a, b));
}

/** Answers /api/v1/entity/query over the live items of `entity`. */
export function queryEntity(
  entity: EntityDeclaration,
  items: [string, Entry][],
  seed: string,
  body: Record<string, unknown>,
): Reply {
  const query = parseQuery(body, entity);
  if ('status' in query) return query;
  const fields = metadataFieldsOf(body.options);
  if (!fields) return badRequest();
  const direction = query.descending ? -1 : 1;
  let list = members(query, items, seed);
  if (body.cursor !== undefined) {
    const position = decodeCursor(body.cursor);
    const value = position?.v;
    if (
      !position ||
      position.q !== query.fingerprint ||
      (typeof value !== 'string' && typeof value !== 'number') ||
      typeof position.r !== 'string' ||
      typeof position.k !== 'string'
    )
      return badRequest('Provided cursor is invalid');
    const after = { value, rank: position.r, key: position.k };
    list = list.filter((item) => direction * compareIndexed(item, after) > 0);
  }
  const page = list.slice(0, query.limit);
  // Filters apply to the page read, after the limit (as DynamoDB's do): a page can come back
  // short, even empty, with a cursor. Follow the cursor, never the count.
  const shown = query.filters
    ? page.filter((item) => conditionsHold(query.filters as Conditions, item.entry.value))
    : page;
  const data = shown.map((item) => resultRow(item.key, item.entry, fields));
  const last = page[page.length - 1];
  const cursor =
    list.length > query.limit && last
      ? encodeCursor({ q: query.fingerprint, v: last.value, r: last.rank, k: last.key })
      : undefined;
  return { status: 200, body: cursor ? { data, cursor } : { data } };
}
