// Where a page of a record's comment log ends: how many comments were shown and the order key of
// the last one. The next page asks the record's own partition for what sorts before it, so a
// cursor can never reach another record's comments, and no platform cursor is kept between calls
// (Forge says not to persist those).

/** The newest this many comments of a record are kept and shown; older ones stay in Atlas CRM. */
export const COMMENT_LOG_MAX = 50;

export interface PagePosition {
  /** Comments shown before the next page: 1..COMMENT_LOG_MAX. */
  shown: number;
  /** The order key of the last comment shown. */
  before: string;
}

const ISO_AT = '\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z';
/** `<time posted> <item key>`, the key as KVS allows it. */
const ORDER_KEY = new RegExp(`^${ISO_AT} [A-Za-z0-9:._#-]{1,500}$`);
const CURSOR = /^(\d{1,3})\.([A-Za-z0-9_-]{1,700})$/;

export const isIsoAt = (value: string): boolean => new RegExp(`^${ISO_AT}$`).test(value);

/** The order key of a comment: its time, then its item key (unique among equal times). */
export const orderKey = (at: string, key: string): string => `${at} ${key}`;

export const isOrderKey = (value: unknown): value is string =>
  typeof value === 'string' && ORDER_KEY.test(value);

export function encodePosition({ shown, before }: PagePosition): string {
  return `${shown}.${Buffer.from(before, 'utf8').toString('base64url')}`;
}

/** The position a cursor names, or undefined when it is not one the app gives out. */
export function decodePosition(cursor: string): PagePosition | undefined {
  const match = CURSOR.exec(cursor);
  if (!match) return undefined;
  const shown = Number(match[1]);
  const before = Buffer.from(match[2] ?? '', 'base64url').toString('utf8');
  // Only the canonical encoding: one position, one cursor.
  if (Buffer.from(before, 'utf8').toString('base64url') !== match[2]) return undefined;
  if (shown < 1 || shown > COMMENT_LOG_MAX || !isOrderKey(before)) return undefined;
  return { shown, before };
}
