// Reads and writes the link record: a Jira issue entity property, always as the app.
import { randomUUID } from 'node:crypto';
import { asApp, route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { AppFailure, JiraError } from '../errors';
import { jiraJson } from '../jira';
import { KEYS, LINK_PROPERTY_KEY } from './keys';
import {
  LinkRecordFormatError,
  decodeRecord,
  encodeRecord,
  fitsAtAll,
  type LinkRecord,
} from './link-record-format';

export const HIDDEN_FROM_APP_MESSAGE =
  "This issue's security level hides it from the Atlas CRM app, so its links can't be read or changed. A Jira admin can give the app's user access to that security level.";

/**
 * Read through GET issue rather than GET property: Jira answers a property GET 404 both when the
 * property is missing and when the app may not see the issue, and only the first means "no links".
 */
export async function readLinkRecord(issueId: string): Promise<LinkRecord> {
  const res = await asApp().requestJira(
    route`/rest/api/3/issue/${issueId}?fields=summary&properties=${LINK_PROPERTY_KEY}`,
    { headers: { Accept: 'application/json' } },
  );
  if (res.status === 404) {
    await res.text().catch(() => '');
    throw new AppFailure('FORBIDDEN', HIDDEN_FROM_APP_MESSAGE);
  }
  const body = await jiraJson<{ properties?: unknown }>(res, 'GET issue');
  const stored = isRecord(body.properties) ? body.properties[LINK_PROPERTY_KEY] : undefined;
  if (stored === undefined) return { links: [] };
  try {
    return decodeRecord(stored);
  } catch (err) {
    if (err instanceof LinkRecordFormatError) {
      console.error(`[atlas-crm] link record of issue ${issueId}: ${err.message}`);
      throw new AppFailure(
        'INTERNAL',
        'The Atlas CRM links stored on this issue could not be read, so nothing was changed. Ask a Jira admin to check the app.',
      );
    }
    throw err;
  }
}

/** One PUT of the whole record. Throws JiraError on a non-2xx answer. */
export async function writeLinkRecord(issueId: string, record: LinkRecord): Promise<void> {
  if (!fitsAtAll(record)) {
    throw new AppFailure(
      'LIMIT_REACHED',
      'The Atlas CRM links of this issue no longer fit in what Jira can store on one issue.',
    );
  }
  // Before the PUT: a refresh holding an older snapshot must never see its revision still
  // current once this write may have landed (even if this invocation dies right after it).
  await kvs.delete(KEYS.recordRev(issueId));
  const res = await asApp().requestJira(
    route`/rest/api/3/issue/${issueId}/properties/${LINK_PROPERTY_KEY}`,
    {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(encodeRecord(record)),
    },
  );
  await res.text().catch(() => '');
  if (res.ok) await bumpRecordRev(issueId);
  if (!res.ok) throw new JiraError(`Jira answered ${res.status} to PUT issue property`, res.status);
}

/** Without a revision a later refresh simply reads the record again, so failing here is safe. */
async function bumpRecordRev(issueId: string): Promise<void> {
  await kvs.set(KEYS.recordRev(issueId), randomUUID()).catch(() => undefined);
}

/** The record and the revision it was read at (revision first: a write clears it before the PUT). */
export interface RecordSnapshot {
  rev?: string;
  record: LinkRecord;
}

export async function readRecordSnapshot(issueId: string): Promise<RecordSnapshot> {
  const rev = await kvs.get<string>(KEYS.recordRev(issueId)).catch(() => undefined);
  const record = await readLinkRecord(issueId);
  return typeof rev === 'string' ? { rev, record } : { record };
}

/**
 * Under the issue's lock: the snapshot's record if no write happened since it was read, else a
 * fresh read. Saves a Jira round trip on the common path of a refresh.
 */
export async function currentRecord(
  issueId: string,
  snapshot: RecordSnapshot,
): Promise<LinkRecord> {
  if (snapshot.rev !== undefined) {
    const rev = await kvs.get<string>(KEYS.recordRev(issueId)).catch(() => undefined);
    if (rev === snapshot.rev) return snapshot.record;
  }
  return readLinkRecord(issueId);
}

export const RECORD_WRITE_ATTEMPTS = 3;
/** The pause before retry n is n times this: short, the whole write runs under the issue's lock. */
const WRITE_RETRY_PAUSE_MS = 50;

/** Writes with up to 2 more attempts (short pauses). Resolves false if every attempt failed. */
export async function writeLinkRecordWithRetry(
  issueId: string,
  record: LinkRecord,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<boolean> {
  for (let attempt = 0; attempt < RECORD_WRITE_ATTEMPTS; attempt++) {
    try {
      await writeLinkRecord(issueId, record);
      return true;
    } catch (err) {
      if (err instanceof AppFailure) throw err;
      console.warn(
        `[atlas-crm] writing the link record of issue ${issueId} failed (attempt ${attempt + 1}): ${
          err instanceof Error ? err.message : 'unknown error'
        }`,
      );
      if (attempt < RECORD_WRITE_ATTEMPTS - 1) await sleep(WRITE_RETRY_PAUSE_MS * (attempt + 1));
    }
  }
  return false;
}
