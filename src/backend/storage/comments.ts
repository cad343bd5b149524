// The app's own log of comments posted from Jira, per Atlas CRM record: the CRM API can add a
// comment but not list them, so this log is the only way to show them again.
//
// One KVS value per comment, never a shared list: two people posting at once both stay (no
// read-modify-write). Keys sort newest first (an inverted timestamp), so one prefix query reads
// the newest. Only the newest COMMENT_LOG_MAX are shown; one more is kept as the sign that older
// ones exist, and anything beyond is deleted after each post.
import { randomUUID } from 'node:crypto';
import { WhereConditions, kvs } from '@forge/kvs';
import type { RecordComment, RecordComments } from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import { KEYS } from './keys';

/** Comments shown per record; older ones stay in Atlas CRM only. */
export const COMMENT_LOG_MAX = 50;

/** KVS answers at most 100 values per query. */
const PRUNE_QUERY_LIMIT = 100;

/** Larger than any millisecond timestamp until the year 2286: 13 digits keep keys sortable. */
const TIME_CEILING = 9_999_999_999_999;

interface StoredComment extends RecordComment {
  entityId: string;
  issueId: string;
}

function isStoredComment(value: unknown, entityId: string): value is StoredComment {
  return (
    isRecord(value) &&
    value.entityId === entityId &&
    typeof value.id === 'string' &&
    typeof value.accountId === 'string' &&
    typeof value.at === 'string' &&
    typeof value.issueKey === 'string' &&
    typeof value.text === 'string'
  );
}

const shown = ({ id, accountId, at, issueKey, text }: StoredComment): RecordComment => ({
  id,
  accountId,
  at,
  issueKey,
  text,
});

function newestFirst(entityId: string, limit: number) {
  return kvs
    .query()
    .where('key', WhereConditions.beginsWith(KEYS.commentsPrefix(entityId)))
    .limit(limit)
    .getMany<unknown>();
}

/** The newest comments of one record, newest first (one KVS query). */
export async function readComments(entityId: string): Promise<RecordComments> {
  const page = await newestFirst(entityId, COMMENT_LOG_MAX + 1);
  const entries = page.results
    .map((entry) => entry.value)
    .filter((value): value is StoredComment => isStoredComment(value, entityId));
  return {
    items: entries.slice(0, COMMENT_LOG_MAX).map(shown),
    olderDropped: entries.length > COMMENT_LOG_MAX || page.nextCursor !== undefined,
  };
}

export interface NewComment {
  id: string;
  entityId: string;
  accountId: string;
  issue: { id: string; key: string };
  text: string;
}

/** Adds a posted comment to the record's log; returns it as the log shows it. */
export async function recordComment(
  comment: NewComment,
  now: number = Date.now(),
): Promise<RecordComment> {
  const stored: StoredComment = {
    id: comment.id,
    entityId: comment.entityId,
    accountId: comment.accountId,
    at: new Date(now).toISOString(),
    issueId: comment.issue.id,
    issueKey: comment.issue.key,
    text: comment.text,
  };
  const order = String(TIME_CEILING - now).padStart(13, '0');
  // The random part keeps two comments of the same millisecond apart.
  const key = KEYS.comment(comment.entityId, `${order}-${randomUUID().slice(0, 8)}`);
  await kvs.set(key, stored);
  return shown(stored);
}

/** Deletes what lies beyond the newest COMMENT_LOG_MAX (and the one kept as the sign of more). */
export async function pruneComments(entityId: string): Promise<number> {
  const page = await newestFirst(entityId, PRUNE_QUERY_LIMIT);
  const beyond = page.results.slice(COMMENT_LOG_MAX + 1);
  await Promise.all(beyond.map((entry) => kvs.delete(entry.key)));
  return beyond.length;
}
