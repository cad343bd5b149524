// `kvs.query()` on plain values: BEGINS_WITH on key, pages of at most 20, in the store's scrambled
// order (Forge promises none). The cursor is the last rank and key answered, bound to the prefix.
import { isRecord } from '../../../src/shared/guards';
import type { Reply } from '../http';
import { compareRanked, decodeCursor, encodeCursor, scrambledRank, type Ranked } from './order';
import { KVS_LIMITS, badRequest, kvsError } from './rules';
import { METADATA_FIELDS, entryView, type Entry, type MetadataField } from './store';

/** The page limit of a values query, or the refusal. */
function queryLimit(raw: unknown): number | Reply {
  if (raw === undefined) return KVS_LIMITS.queryDefaultLimit;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1)
    return badRequest('The page limit must be a whole number of at least 1');
  if (raw > KVS_LIMITS.queryMaxLimit) {
    return kvsError(
      400,
      'LIST_QUERY_LIMIT_EXCEEDED',
      `Limit for list query should be at most ${KVS_LIMITS.queryMaxLimit}`,
    );
  }
  return raw;
}

/** The key prefix of a query's `where` (only BEGINS_WITH on key exists), or the refusal. */
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

/** The metadata fields asked for ([] when none), undefined when invalid. */
export function metadataFieldsOf(options: unknown): MetadataField[] | undefined {
  if (options === undefined) return [];
  if (!isRecord(options)) return undefined;
  const fields = options.metadataFields;
  if (fields === undefined) return [];
  if (!Array.isArray(fields) || !fields.every((f) => METADATA_FIELDS.includes(f as MetadataField)))
    return undefined;
  return fields as MetadataField[];
}

/** A query result row: key, value and the metadata asked for; expireTime whenever set. */
export function resultRow(key: string, entry: Entry, fields: MetadataField[]) {
  const row = entryView(key, entry, fields);
  // Query results carry expireTime when the key has one (Result<T> in @forge/kvs).
  if (entry.expiresAt !== undefined) row.expireTime = new Date(entry.expiresAt).toISOString();
  return row;
}

/** Answers /api/v1/query over the store's live values. */
export function queryValues(values: [string, Entry][], seed: string, body: unknown): Reply {
  if (!isRecord(body)) return badRequest();
  const limit = queryLimit(body.limit);
  if (typeof limit !== 'number') return limit;
  const prefix = queryPrefix(body.where);
  if (typeof prefix !== 'string') return prefix;
  let after: Ranked | undefined;
  if (body.after !== undefined) {
    const position = decodeCursor(body.after);
    // A cursor continues the query it came from, never another prefix.
    if (
      !position ||
      position.p !== prefix ||
      typeof position.r !== 'string' ||
      typeof position.k !== 'string'
    )
      return badRequest('Provided cursor is invalid');
    after = { rank: position.r, key: position.k };
  }
  const fields = metadataFieldsOf(body.options);
  if (!fields) return badRequest();
  const matches = values
    .filter(([key]) => key.startsWith(prefix))
    .map(([key, entry]) => ({ rank: scrambledRank(seed, key), key, entry }))
    .filter((item) => !after || compareRanked(item, after) > 0)
    .sort(compareRanked);
  const page = matches.slice(0, limit);
  const data = page.map((item) => resultRow(item.key, item.entry, fields));
  const last = page[page.length - 1];
  const cursor =
    matches.length > limit && last
      ? encodeCursor({ p: prefix, r: last.rank, k: last.key })
      : undefined;
  return { status: 200, body: cursor ? { data, cursor } : { data } };
}
