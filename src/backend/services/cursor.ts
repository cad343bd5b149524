// Search cursors: the next page's path and query, as the CRM's `_links.next` gave it (one per
// list of a merged search), signed with HMAC-SHA256 under a key kept in app storage. A cursor the app did not issue (or changed one
// carrying another type, sort, filter or page size) is refused before any request. Decoding also
// checks that it still points at the entity list endpoint of the configured CRM.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { kvs } from '@forge/kvs';
import { API_PREFIX, type EntityType } from '../../crm';
import { validationFailure } from '../errors';
import { SECRET_KEYS } from '../storage/keys';
import { isKeyConflict } from '../storage/conflict';

const LIST_PATH = `${API_PREFIX}/entities`;
const BAD_CURSOR = 'This list can not be continued. Search again.';
const KEY_BYTES = 32;
/** base64url length of a SHA-256 MAC: the cursor's last characters. */
const MAC_CHARS = 43;

/**
 * Until the installation's key is loaded, a key of this process: cursors then stay unforgeable,
 * they only fail ("search again") on another instance.
 */
let signingKey: Buffer = randomBytes(KEY_BYTES);
let sharedKey: Promise<void> | undefined;

async function readOrCreateKey(): Promise<Buffer> {
  const stored = await kvs.getSecret<unknown>(SECRET_KEYS.cursorKey);
  if (typeof stored === 'string' && stored.length >= MAC_CHARS)
    return Buffer.from(stored, 'base64url');
  const fresh = randomBytes(KEY_BYTES).toString('base64url');
  try {
    await kvs.setSecret(SECRET_KEYS.cursorKey, fresh, { keyPolicy: 'FAIL_IF_EXISTS' });
    return Buffer.from(fresh, 'base64url');
  } catch (err) {
    // Another instance made it first: use theirs.
    if (!isKeyConflict(err)) throw err;
    const winner = await kvs.getSecret<unknown>(SECRET_KEYS.cursorKey);
    if (typeof winner !== 'string') throw err;
    return Buffer.from(winner, 'base64url');
  }
}

/** Reads (or creates) the installation's cursor key once per instance; it never changes. */
export function loadCursorKey(): Promise<void> {
  sharedKey ??= readOrCreateKey().then(
    (key) => {
      signingKey = key;
    },
    (err: unknown) => {
      sharedKey = undefined;
      throw err;
    },
  );
  return sharedKey;
}

function mac(text: string): Buffer {
  return createHmac('sha256', signingKey).update(`cursor:v1\n${text}`, 'utf8').digest();
}

function basePath(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/** A next href's path and query under the list endpoint; undefined if it is not one of ours. */
function listPath(nextHref: string, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(nextHref, `${baseUrl.replace(/\/+$/, '')}/`);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(baseUrl).origin) return undefined;
  if (url.pathname !== `${basePath(baseUrl)}${LIST_PATH}`) return undefined;
  return `${url.pathname}${url.search}`;
}

/**
 * Several lists' next hrefs (a merged search, one per field asked; undefined for a list at its
 * end) as one cursor; undefined if any is not one of ours, or none has a next page.
 */
export function encodeCursors(
  nextHrefs: readonly (string | undefined)[],
  baseUrl: string,
): string | undefined {
  const paths = nextHrefs.map((href) => (href === undefined ? '' : listPath(href, baseUrl)));
  if (paths.some((path) => path === undefined) || paths.every((path) => path === ''))
    return undefined;
  // Paths hold no line breaks (decoding refuses them), so one signed text carries them all.
  const text = paths.join('\n');
  return `${Buffer.from(text, 'utf8').toString('base64url')}${mac(text).toString('base64url')}`;
}

/** From a next href (absolute or relative) to an opaque cursor; undefined if it is not one of ours. */
export function encodeCursor(nextHref: string, baseUrl: string): string | undefined {
  return encodeCursors([nextHref], baseUrl);
}

/** The text a cursor signs, if its signature is ours. */
function signedText(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(cursor) || cursor.length <= MAC_CHARS) return undefined;
  const body = cursor.slice(0, -MAC_CHARS);
  // Compared as text: base64url decoding ignores a final character's spare bits, so comparing
  // decoded bytes would accept a cursor whose last character was changed.
  const given = Buffer.from(cursor.slice(-MAC_CHARS), 'utf8');
  const text = Buffer.from(body, 'base64url').toString('utf8');
  // Only the canonical encoding: one text, one cursor.
  if (Buffer.from(text, 'utf8').toString('base64url') !== body) return undefined;
  const expected = Buffer.from(mac(text).toString('base64url'), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  return text;
}

const refuse = (): never => {
  throw validationFailure({ cursor: 'is not a cursor this app issued' }, BAD_CURSOR);
};

/** One signed path, checked to be the list endpoint of this type, or VALIDATION. */
function checkedPath(text: string, baseUrl: string, type: EntityType): string {
  if (!text.startsWith('/') || text.startsWith('//') || /[\\\s\u0000-\u001f]/.test(text)) refuse();
  let url: URL;
  try {
    url = new URL(text, 'https://cursor.invalid');
  } catch {
    return refuse();
  }
  if (url.origin !== 'https://cursor.invalid') refuse();
  if (url.pathname !== `${basePath(baseUrl)}${LIST_PATH}`) refuse();
  // `..` or encoded dots would have been normalised away above; the raw text must match too.
  if (!text.startsWith(`${url.pathname}?`) && text !== url.pathname) refuse();
  if (url.searchParams.get('type') !== type) refuse();
  return `${url.pathname}${url.search}`;
}

/**
 * From a cursor back to `count` paths under the list endpoint (undefined for a list at its end),
 * or VALIDATION: a cursor of another search, with another number of lists, is refused too.
 */
export function decodeCursors(
  cursor: string,
  baseUrl: string,
  type: EntityType,
  count: number,
): (string | undefined)[] {
  const parts = (signedText(cursor) ?? refuse()).split('\n');
  if (parts.length !== count || parts.every((part) => part === '')) refuse();
  return parts.map((part) => (part === '' ? undefined : checkedPath(part, baseUrl, type)));
}

/** From a cursor back to a path+query under the list endpoint, or VALIDATION. */
export function decodeCursor(cursor: string, baseUrl: string, type: EntityType): string {
  return decodeCursors(cursor, baseUrl, type, 1)[0] ?? refuse();
}
