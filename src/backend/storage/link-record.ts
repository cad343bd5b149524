// Reads and writes the link record (KVS, authoritative) and its JQL index (the Jira issue property,
// always as the app). Users with Edit Issues can rewrite the property through Jira's REST API, so
// nothing read from it is ever taken as a link: only the record is.
import { asApp, route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { inTime } from '../deadline';
import { AppFailure, JiraError } from '../errors';
import { jiraJson } from '../jira';
import { describeForLog } from '../redact';
import { KEYS, LINK_PROPERTY_KEY } from './keys';
import {
  LinkRecordFormatError,
  decodeRecord,
  encodeIndex,
  encodeRecord,
  fitsAtAll,
  type LinkRecord,
} from './link-record-format';
import type { IssueLock } from './lock';

export const HIDDEN_FROM_APP_MESSAGE =
  "This issue's security level hides it from the Atlas CRM app, so its links can't be read or changed. A Jira admin can give the app's user access to that security level.";

const UNREADABLE_MESSAGE =
  'The Atlas CRM links stored for this issue could not be read, so nothing was changed. Ask a Jira admin to check the app.';

/** What is stored for an issue: the record (undefined before the app wrote one) and the property. */
export interface RecordSnapshot {
  record?: LinkRecord;
  /** The issue property as Jira holds it: an index to compare, or old data to migrate. */
  property: unknown;
}

function decodeStored(issueId: string, value: unknown): LinkRecord {
  try {
    return decodeRecord(value);
  } catch (err) {
    if (err instanceof LinkRecordFormatError) {
      console.error(`[atlas-crm] link record of issue ${issueId}: ${err.message}`);
      throw new AppFailure('INTERNAL', UNREADABLE_MESSAGE);
    }
    throw err;
  }
}

/** The record if the app wrote one; undefined for an issue it never stored links for. */
export async function readRecordIfAny(issueId: string): Promise<LinkRecord | undefined> {
  const value = await kvs.get<unknown>(KEYS.links(issueId));
  return value === undefined ? undefined : decodeStored(issueId, value);
}

/** The record alone (one KVS read); an issue without one has no links the app made. */
export async function readLinkRecord(issueId: string): Promise<LinkRecord> {
  return (await readRecordIfAny(issueId)) ?? { links: [] };
}

/**
 * The record and the issue property side by side. The property comes through GET issue rather
 * than GET property: Jira answers a property GET 404 both when the property is missing and when
 * the app may not see the issue, and the app must not act on an issue hidden from it.
 */
export async function readRecordSnapshot(
  issueId: string,
  /** The KVS read, when the caller already started it for something else. */
  stored: Promise<LinkRecord | undefined> = readRecordIfAny(issueId),
): Promise<RecordSnapshot> {
  const [record, issue] = await Promise.all([
    stored,
    inTime(() =>
      asApp().requestJira(
        route`/rest/api/3/issue/${issueId}?fields=summary&properties=${LINK_PROPERTY_KEY}`,
        { headers: { Accept: 'application/json' } },
      ),
    ),
  ]);
  if (issue.status === 404) {
    await issue.text().catch(() => '');
    throw new AppFailure('FORBIDDEN', HIDDEN_FROM_APP_MESSAGE);
  }
  const body = await jiraJson<{ properties?: unknown }>(issue, 'GET issue');
  const property = isRecord(body.properties) ? body.properties[LINK_PROPERTY_KEY] : undefined;
  return record === undefined ? { property } : { record, property };
}

/** Rewrites the issue property from the record. Throws JiraError on a non-2xx answer. */
export async function writeLinkIndex(issueId: string, record: LinkRecord): Promise<void> {
  const res = await inTime(() =>
    asApp().requestJira(route`/rest/api/3/issue/${issueId}/properties/${LINK_PROPERTY_KEY}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(encodeIndex(record)),
    }),
  );
  await res.text().catch(() => '');
  if (!res.ok) throw new JiraError(`Jira answered ${res.status} to PUT issue property`, res.status);
}

/**
 * Under the issue's lock, confirmed still held: the record (KVS), and beside it the index. The
 * record is the change; an index write that fails only leaves JQL behind until the next panel
 * open rewrites it, so it is logged, not thrown.
 */
export async function writeLinkRecord(lock: IssueLock, record: LinkRecord): Promise<void> {
  if (!fitsAtAll(record)) {
    throw new AppFailure(
      'LIMIT_REACHED',
      'The Atlas CRM links of this issue no longer fit in what Jira can store on one issue.',
    );
  }
  await lock.confirm();
  const { issueId } = lock;
  const [stored, indexed] = await Promise.allSettled([
    kvs.set(KEYS.links(issueId), encodeRecord(record)),
    writeLinkIndex(issueId, record),
  ]);
  if (indexed.status === 'rejected')
    console.warn(
      `[atlas-crm] the JQL index of issue ${issueId} was not rewritten: ${describeForLog(indexed.reason)}`,
    );
  if (stored.status === 'rejected') throw stored.reason;
}

export const RECORD_WRITE_ATTEMPTS = 3;
/** The pause before retry n is n times this: short, the whole write runs under the issue's lock. */
const WRITE_RETRY_PAUSE_MS = 50;

/** Writes with up to 2 more attempts (short pauses). Resolves false if every attempt failed. */
export async function writeLinkRecordWithRetry(
  lock: IssueLock,
  record: LinkRecord,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<boolean> {
  for (let attempt = 0; attempt < RECORD_WRITE_ATTEMPTS; attempt++) {
    try {
      await writeLinkRecord(lock, record);
      return true;
    } catch (err) {
      if (err instanceof AppFailure) throw err;
      console.warn(
        `[atlas-crm] writing the link record of issue ${lock.issueId} failed (attempt ${attempt + 1}): ${describeForLog(err)}`,
      );
      if (attempt < RECORD_WRITE_ATTEMPTS - 1) await sleep(WRITE_RETRY_PAUSE_MS * (attempt + 1));
    }
  }
  return false;
}
