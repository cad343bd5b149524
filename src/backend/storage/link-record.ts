// Reads and writes the link record: a Jira issue entity property, always as the app.
import { asApp, route } from '@forge/api';
import { AppFailure, JiraError } from '../errors';
import { jiraJson } from '../jira';
import { LINK_PROPERTY_KEY } from './keys';
import {
  LinkRecordFormatError,
  decodeRecord,
  encodeRecord,
  fitsAtAll,
  type LinkRecord,
} from './link-record-format';

export async function readLinkRecord(issueId: string): Promise<LinkRecord> {
  const res = await asApp().requestJira(
    route`/rest/api/3/issue/${issueId}/properties/${LINK_PROPERTY_KEY}`,
    {
      headers: { Accept: 'application/json' },
    },
  );
  if (res.status === 404) {
    await res.text().catch(() => '');
    return { links: [] };
  }
  const body = await jiraJson<{ value?: unknown }>(res, 'GET issue property');
  try {
    return decodeRecord(body.value);
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
  const res = await asApp().requestJira(
    route`/rest/api/3/issue/${issueId}/properties/${LINK_PROPERTY_KEY}`,
    {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(encodeRecord(record)),
    },
  );
  await res.text().catch(() => '');
  if (!res.ok) throw new JiraError(`Jira answered ${res.status} to PUT issue property`, res.status);
}

export const RECORD_WRITE_ATTEMPTS = 3;

/** Writes with up to 2 more attempts (short pauses). Resolves false if every attempt failed. */
export async function writeLinkRecordWithRetry(
  issueId: string,
  record: LinkRecord,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
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
      if (attempt < RECORD_WRITE_ATTEMPTS - 1) await sleep(50 * (attempt + 1));
    }
  }
  return false;
}
