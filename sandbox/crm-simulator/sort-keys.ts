// Comparable sort keys per field type; one ordering used by listing, paging and indexes.
import type { FieldType, FieldValue } from '../../src/crm/types';
import { timestampMillis } from './formats';

/** null sorts after every value (ascending), so entities missing the field come last. */
export type SortKey = string | number | null;

export function sortKey(type: FieldType, v: FieldValue | undefined): SortKey {
  if (v === undefined || v === null) return null;
  switch (type) {
    case 'decimal':
      return typeof v === 'number' ? v : null;
    case 'timestamp':
      return typeof v === 'string' ? (timestampMillis(v) ?? null) : null;
    case 'date':
      return typeof v === 'string' ? v : null;
    case 'multi-select':
      return Array.isArray(v)
        ? v
            .map((s) => s.toLowerCase())
            .sort()
            .join('\u0000')
        : null;
    default:
      return typeof v === 'string' ? v.toLowerCase() : String(v);
  }
}

export function compareKeys(a: SortKey, b: SortKey): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Keys of one field share a type; no String() conversions on this hot path (sorting 100k).
  return a < b ? -1 : 1;
}

/** Key, then id: ids are unique, so the order is total and paging is stable. */
export function compareEntries(ka: SortKey, ida: string, kb: SortKey, idb: string): number {
  return compareKeys(ka, kb) || (ida < idb ? -1 : ida > idb ? 1 : 0);
}
