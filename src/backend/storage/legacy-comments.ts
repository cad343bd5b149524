// Comments of versions before the `record-comments` entity were plain KVS values
// (`comments:entity:<entity id>:<order>`). They are moved into the entity, once per installation,
// so that a record's first page stays one KVS call: each move is one transaction (the item set and
// the old value deleted together), keyed after the old key, so a repeated or concurrent move
// writes the same item again and no comment is ever in neither place.
import { WhereConditions, kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { isIsoAt, orderKey } from './comment-cursor';
import type { StoredComment } from './comments';
import { COMMENTS_ENTITY, KEYS } from './keys';

/** Values per move: a set and a delete each, within a transaction's 25 operations. */
const MOVE_PAGE = 12;
/** Pages of the whole installation moved per call before it moves only its own record's. */
const MOVE_PAGES_PER_CALL = 4;

/** The item key of a moved comment: never the old key, so no transaction names one key twice. */
const movedKey = (key: string): string => `moved:${key.slice(KEYS.legacyCommentsPrefix().length)}`;

/** The entity item for an old value; undefined when it is not a comment (it stays put). */
function asStored(key: string, value: unknown): StoredComment | undefined {
  if (!isRecord(value)) return undefined;
  const { id, entityId, accountId, at, issueId, issueKey, text } = value;
  if (
    typeof id !== 'string' ||
    typeof entityId !== 'string' ||
    !key.startsWith(KEYS.legacyCommentsPrefix(entityId)) ||
    typeof accountId !== 'string' ||
    typeof at !== 'string' ||
    !isIsoAt(at) ||
    typeof issueId !== 'string' ||
    typeof issueKey !== 'string' ||
    typeof text !== 'string'
  )
    return undefined;
  return {
    entityId,
    commentId: id,
    accountId,
    at,
    orderKey: orderKey(at, movedKey(key)),
    issueId,
    issueKey,
    text,
  };
}

/** Moves one page of old values under `prefix`; answers the cursor of the next page, if any. */
async function movePage(prefix: string, cursor?: string): Promise<string | undefined> {
  const query = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(MOVE_PAGE);
  const page = await (cursor ? query.cursor(cursor) : query).getMany<unknown>();
  const tx = kvs.transact();
  let moves = 0;
  for (const { key, value } of page.results) {
    const stored = asStored(key, value);
    if (!stored) continue;
    tx.set(movedKey(key), stored, { entityName: COMMENTS_ENTITY }).delete(key);
    moves++;
  }
  if (moves > 0) await tx.execute();
  return page.nextCursor;
}

/** Moves every old value under `prefix`, at most `pages` pages; true when none is left. */
async function moveAll(prefix: string, pages: number): Promise<boolean> {
  let cursor: string | undefined;
  for (let n = 0; n < pages; n++) {
    cursor = await movePage(prefix, cursor);
    if (cursor === undefined) return true;
  }
  return false;
}

/**
 * Makes sure the record's old comments are in the entity before its log is read. Moves the whole
 * installation's in a few pages when it can (then remembers that nothing is left, so later reads
 * skip this), else at least this record's.
 */
export async function moveLegacyComments(entityId: string): Promise<void> {
  if (await moveAll(KEYS.legacyCommentsPrefix(), MOVE_PAGES_PER_CALL)) {
    await kvs.set(KEYS.legacyCommentsMoved, { at: new Date().toISOString() });
    return;
  }
  await moveAll(KEYS.legacyCommentsPrefix(entityId), Number.POSITIVE_INFINITY);
}
