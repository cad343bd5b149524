// Link records as a source of account ids: every `issue-links` entity (queried by its `rev`
// index, which every stored record has) and any record still under an earlier version's key.
// Erasing goes through changeLinks, the one path every write of a link record takes.
import { WhereConditions, kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { describeForLog } from '../redact';
import { changeLinks } from '../services/links';
import { KEYS, LINKS_ENTITY } from '../storage/keys';
import { LinkRecordFormatError, decodeRecord } from '../storage/link-record-format';
import { addStored, type StoredIds } from './account-ids';
import { QUERY_PAGE } from './inventory';
import { eraseFromRecord, idsOfRecord, type UserFields } from './record-ids';
import type { Holder, Source, SourceContext } from './sources';

/** Records can be large (up to 240 KiB): a modest page. */
const RECORD_PAGE = 25;

/** Versions before the entity kept an issue's record under this prefix and the issue id. */
const LEGACY_PREFIX = KEYS.legacyLinks('');

/** What a record names when it can not be decoded: the `us` list, each id as of now. */
function rawIds(value: unknown): StoredIds {
  const ids: StoredIds = new Map();
  const users = isRecord(value) && Array.isArray(value.us) ? value.us : [];
  for (const id of users) addStored(ids, id, Date.now());
  return ids;
}

function idsOf(label: string, value: unknown, userFields: UserFields): StoredIds {
  try {
    return idsOfRecord(decodeRecord(value), userFields);
  } catch (err) {
    // Never a reason to stop the pass: its people are still listed, from `us`.
    const why = err instanceof LinkRecordFormatError ? err.message : describeForLog(err);
    console.warn(`[atlas-crm] personal data: ${label} can not be read whole: ${why}`);
    return rawIds(value);
  }
}

function holder(issueId: string, record: unknown, ctx: SourceContext): Holder {
  const label = `the link record of issue ${issueId}`;
  return {
    label,
    ids: idsOf(label, record, ctx.userFields),
    erase: async (closed) => {
      await changeLinks(issueId, (current) => eraseFromRecord(current, closed), ctx.crm);
    },
  };
}

export const linkRecordSource: Source = {
  name: 'link records',
  async page(cursor, ctx) {
    const query = kvs
      .entity<{ record?: unknown }>(LINKS_ENTITY)
      .query()
      .index('rev')
      .where(WhereConditions.greaterThan(0))
      .limit(RECORD_PAGE);
    const page = await (cursor ? query.cursor(cursor) : query).getMany();
    return {
      holders: page.results.map((result) => holder(result.key, result.value.record, ctx)),
      ...(page.nextCursor ? { next: page.nextCursor } : {}),
    };
  },
};

export const legacyLinkSource: Source = {
  name: 'earlier link records',
  async page(cursor, ctx) {
    const query = kvs
      .query()
      .where('key', WhereConditions.beginsWith(LEGACY_PREFIX))
      .limit(QUERY_PAGE);
    const page = await (cursor ? query.cursor(cursor) : query).getMany<unknown>();
    return {
      // changeLinks moves such a record into the entity when it writes it.
      holders: page.results.map((result) =>
        holder(result.key.slice(LEGACY_PREFIX.length), result.value, ctx),
      ),
      ...(page.nextCursor ? { next: page.nextCursor } : {}),
    };
  },
};
