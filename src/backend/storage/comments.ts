// The app's own log of comments posted from Jira, per Atlas CRM record: the CRM API can add a
// comment but not list them, so this log is the only way to show them again.
//
// One `record-comments` entity item per comment, never a shared list: two people posting at once
// both stay (no read-modify-write). The `by-record` index (partition: the record, range: the
// order key) reads a record's comments newest first in pages of COMMENT_PAGE_SIZE, one KVS call a
// page, ordered by the comments' own times and never by how the store happens to list keys.
import { randomUUID } from 'node:crypto';
import { Sort, WhereConditions, kvs } from '@forge/kvs';
import { COMMENT_PAGE_SIZE, type RecordComment } from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import {
  COMMENT_LOG_MAX,
  encodePosition,
  isIsoAt,
  isOrderKey,
  orderKey,
  type PagePosition,
} from './comment-cursor';
import { COMMENTS_BY_RECORD, COMMENTS_ENTITY } from './keys';

export { COMMENT_LOG_MAX };

/** Entity queries answer at most 100 items (COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE). */
const QUERY_LIMIT_MAX = 100;
/** Comments deleted per prune: one batch holds at most 25. */
const PRUNE_BATCH = 20;

/** A comment as the `record-comments` entity holds it (manifest.yml). */
export interface StoredComment {
  entityId: string;
  /** Atlas CRM's id of the comment. */
  commentId: string;
  accountId: string;
  /** When it was posted (ISO 8601, UTC, milliseconds). */
  at: string;
  /** `<at> <item key>`: the index's range, unique so a page can continue after its last item. */
  orderKey: string;
  /** Who may read it: only people who may browse this issue. */
  issueId: string;
  issueKey: string;
  text: string;
}

export function isStoredComment(value: unknown, entityId: string): value is StoredComment {
  return (
    isRecord(value) &&
    value.entityId === entityId &&
    typeof value.commentId === 'string' &&
    typeof value.accountId === 'string' &&
    typeof value.at === 'string' &&
    isIsoAt(value.at) &&
    isOrderKey(value.orderKey) &&
    typeof value.issueId === 'string' &&
    typeof value.issueKey === 'string' &&
    typeof value.text === 'string'
  );
}

/** A page of the log as stored, before it is cut to what the caller may see. */
export interface StoredCommentPage {
  items: StoredComment[];
  olderCursor?: string;
  olderDropped: boolean;
}

export const shown = ({
  commentId,
  accountId,
  at,
  issueKey,
  text,
}: StoredComment): RecordComment => ({
  id: commentId,
  accountId,
  at,
  issueKey,
  text,
});

function newestFirst(entityId: string, limit: number, before?: string) {
  const query = kvs
    .entity<unknown>(COMMENTS_ENTITY)
    .query()
    .index(COMMENTS_BY_RECORD, { partition: [entityId] });
  return (before === undefined ? query : query.where(WhereConditions.lessThan(before)))
    .sort(Sort.DESC)
    .limit(limit);
}

/**
 * One page of a record's comments, newest first, one KVS call: the first page without a position,
 * else the page after it. Only the newest COMMENT_LOG_MAX are shown.
 */
export async function readCommentPage(
  entityId: string,
  position?: PagePosition,
): Promise<StoredCommentPage> {
  const before = position?.shown ?? 0;
  const room = Math.max(COMMENT_LOG_MAX - before, 0);
  // One more than fits under the cap tells whether older ones exist beyond it.
  const limit = Math.min(COMMENT_PAGE_SIZE, room + 1);
  const page = await newestFirst(entityId, limit, position?.before).getMany();
  const valid = page.results
    .map((result) => result.value)
    .filter((value): value is StoredComment => isStoredComment(value, entityId));
  const items = valid.slice(0, room);
  const last = items[items.length - 1];
  const more = valid.length > items.length || page.nextCursor !== undefined;
  if (!more || !last) return { items, olderDropped: false };
  const total = before + items.length;
  if (total >= COMMENT_LOG_MAX) return { items, olderDropped: true };
  return {
    items,
    olderCursor: encodePosition({ shown: total, before: last.orderKey }),
    olderDropped: false,
  };
}

export interface NewComment {
  id: string;
  entityId: string;
  accountId: string;
  issue: { id: string; key: string };
  text: string;
}

/** Adds a posted comment to the record's log (one KVS call); returns it as the log shows it. */
export async function recordComment(
  comment: NewComment,
  now: number = Date.now(),
): Promise<RecordComment> {
  const key = randomUUID();
  const at = new Date(now).toISOString();
  const stored: StoredComment = {
    entityId: comment.entityId,
    commentId: comment.id,
    accountId: comment.accountId,
    at,
    orderKey: orderKey(at, key),
    issueId: comment.issue.id,
    issueKey: comment.issue.key,
    text: comment.text,
  };
  await kvs.entity<StoredComment>(COMMENTS_ENTITY).set(key, stored);
  return shown(stored);
}

/**
 * Deletes up to PRUNE_BATCH comments beyond the newest COMMENT_LOG_MAX and the one kept as the sign
 * that older ones existed. Usually one query; a batch delete when there is something to delete.
 */
export async function pruneComments(entityId: string): Promise<number> {
  const keep = COMMENT_LOG_MAX + 1;
  const beyond: string[] = [];
  let seen = 0;
  let cursor: string | undefined;
  do {
    const limit = Math.min(QUERY_LIMIT_MAX, keep + PRUNE_BATCH - seen);
    const query = newestFirst(entityId, limit);
    // A platform cursor only within this call, never handed on.
    const page = await (cursor ? query.cursor(cursor) : query).getMany();
    for (const result of page.results) {
      if (seen >= keep && beyond.length < PRUNE_BATCH) beyond.push(result.key);
      seen++;
    }
    cursor = page.nextCursor;
  } while (cursor && seen < keep + PRUNE_BATCH);
  if (beyond.length === 0) return 0;
  await kvs.batchDelete(beyond.map((key) => ({ key, entityName: COMMENTS_ENTITY })));
  return beyond.length;
}
