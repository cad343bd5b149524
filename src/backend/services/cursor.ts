// Search cursors: base64url of the next page's path and query, as the CRM's `_links.next` gave it.
// Decoding checks that it still points at the entity list endpoint of the configured CRM, so a
// forged cursor can not make the backend call anything else.
import { API_PREFIX, type EntityType } from '../../crm';
import { validationFailure } from '../errors';

const LIST_PATH = `${API_PREFIX}/entities`;
const BAD_CURSOR = 'This list can not be continued. Search again.';

function basePath(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/** From a next href (absolute or relative) to an opaque cursor; undefined if it is not one of ours. */
export function encodeCursor(nextHref: string, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(nextHref, `${baseUrl.replace(/\/+$/, '')}/`);
  } catch {
    return undefined;
  }
  if (url.origin !== new URL(baseUrl).origin) return undefined;
  if (url.pathname !== `${basePath(baseUrl)}${LIST_PATH}`) return undefined;
  return Buffer.from(`${url.pathname}${url.search}`, 'utf8').toString('base64url');
}

/** From a cursor back to a path+query under the list endpoint, or VALIDATION. */
export function decodeCursor(cursor: string, baseUrl: string, type: EntityType): string {
  const refuse = (): never => {
    throw validationFailure({ cursor: 'is not a cursor this app issued' }, BAD_CURSOR);
  };
  if (!/^[A-Za-z0-9_-]+$/.test(cursor)) refuse();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
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
