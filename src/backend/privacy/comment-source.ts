// The comment log as a source of account ids: each comment posted from Jira keeps its author's,
// in the `record-comments` entity (read across records by its `orderKey` index) and, until they
// are moved there, in the plain values of earlier versions. Erasing keeps the comment (its text
// is in Atlas CRM too) and replaces the author with FORMER_USER.
import { Filter, FilterConditions, WhereConditions, kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { FORMER_USER } from '../../shared/privacy';
import { COMMENTS_ENTITY, KEYS } from '../storage/keys';
import { addStored, type StoredIds } from './account-ids';
import { QUERY_PAGE } from './inventory';
import type { Holder, Source } from './sources';

/** Comments are small: the most an entity query answers. */
const COMMENT_PAGE = 100;
/** manifest.yml: the index over every comment of every record. */
const ALL_COMMENTS_INDEX = 'orderKey';

type Comment = Record<string, unknown> & { accountId: string };

function asComment(value: unknown): Comment | undefined {
  return isRecord(value) && typeof value.accountId === 'string' ? (value as Comment) : undefined;
}

function idsOf(comment: Comment | undefined): StoredIds {
  const ids: StoredIds = new Map();
  if (comment && typeof comment.at === 'string')
    addStored(ids, comment.accountId, Date.parse(comment.at));
  return ids;
}

/** One comment item: rewritten only while it still names that author (never brought back). */
function itemHolder(key: string, value: unknown): Holder {
  const comment = asComment(value);
  return {
    label: `comment ${key}`,
    ids: idsOf(comment),
    erase: async (closed) => {
      if (!comment || !closed.has(comment.accountId)) return;
      const unchanged = new Filter<Comment>().and(
        'accountId',
        FilterConditions.equalTo(comment.accountId),
      );
      try {
        await kvs
          .transact()
          .set<Comment>(
            key,
            { ...comment, accountId: FORMER_USER },
            {
              entityName: COMMENTS_ENTITY,
              conditions: unchanged,
            },
          )
          .execute();
      } catch (err) {
        // Refused because it was pruned or rewritten meanwhile: then nothing is left to erase.
        const now = asComment(await kvs.entity<unknown>(COMMENTS_ENTITY).get(key));
        if (now && closed.has(now.accountId)) throw err;
      }
    },
  };
}

/** One comment of an earlier version (a plain value), moved into the entity as it is. */
function legacyHolder(key: string, value: unknown): Holder {
  const comment = asComment(value);
  return {
    label: `comment ${key}`,
    ids: idsOf(comment),
    erase: async (closed) => {
      const now = asComment(await kvs.get<unknown>(key));
      if (now && closed.has(now.accountId)) await kvs.set(key, { ...now, accountId: FORMER_USER });
    },
  };
}

export const commentSource: Source = {
  name: 'comment log',
  async page(cursor) {
    const query = kvs
      .entity<unknown>(COMMENTS_ENTITY)
      .query()
      .index(ALL_COMMENTS_INDEX)
      .limit(COMMENT_PAGE);
    const page = await (cursor ? query.cursor(cursor) : query).getMany();
    return {
      holders: page.results.map((result) => itemHolder(result.key, result.value)),
      ...(page.nextCursor ? { next: page.nextCursor } : {}),
    };
  },
};

export const legacyCommentSource: Source = {
  name: 'earlier comments',
  async page(cursor) {
    const query = kvs
      .query()
      .where('key', WhereConditions.beginsWith(KEYS.legacyCommentsPrefix()))
      .limit(QUERY_PAGE);
    const page = await (cursor ? query.cursor(cursor) : query).getMany<unknown>();
    return {
      holders: page.results.map((result) => legacyHolder(result.key, result.value)),
      ...(page.nextCursor ? { next: page.nextCursor } : {}),
    };
  },
};
