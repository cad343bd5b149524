// Value formats of the spec's field types, shared by write validation and filter parsing.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 date-time; offset optional (a missing offset is read as UTC so comparisons stay deterministic).
const TIMESTAMP_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** yyyy-mm-dd that names a real calendar day. */
export function isValidDate(v: string): boolean {
  const m = DATE_RE.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

/** Epoch milliseconds of an ISO 8601 datetime, or undefined if it is not one. */
export function timestampMillis(v: string): number | undefined {
  const m = TIMESTAMP_RE.exec(v);
  if (!m) return undefined;
  if (!isValidDate(`${m[1]}-${m[2]}-${m[3]}`)) return undefined;
  if (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59) return undefined;
  const ms = Date.parse(m[8] ? v : `${v}Z`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A filter value for a decimal field: a plain finite number written as text. */
export function parseDecimal(v: string): number | undefined {
  if (!/^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}
