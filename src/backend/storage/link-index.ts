// The JQL index of an issue's links: the Jira issue property `atlas-crm-links`, always written as
// the app from the record. Anyone who can edit the issue can rewrite it through Jira's REST API,
// so nothing read from it is ever taken as a link; it is only compared with the record.
import { asApp, route } from '@forge/api';
import { isRecord } from '../../shared/guards';
import { inTime } from '../deadline';
import { AppFailure } from '../errors';
import { jiraFailure, jiraJson } from '../jira';
import { describeForLog } from '../redact';
import { LINK_PROPERTY_KEY } from './keys';
import { encodeIndex, indexMatches, type LinkRecord } from './link-record-format';

export const HIDDEN_FROM_APP_MESSAGE =
  "This issue's security level hides it from the Atlas CRM app, so its links can't be read or changed. A Jira admin can give the app's user access to that security level.";

/** The index as Jira holds it, read as the app. */
export interface AppView {
  property: unknown;
}

/**
 * Through GET issue rather than GET property: Jira answers a property GET 404 both when the
 * property is missing and when the app may not see the issue, and the app must not act on an
 * issue hidden from it.
 */
export async function readAppView(issueId: string): Promise<AppView> {
  const res = await inTime(() =>
    asApp().requestJira(
      route`/rest/api/3/issue/${issueId}?fields=summary&properties=${LINK_PROPERTY_KEY}`,
      { headers: { Accept: 'application/json' } },
    ),
  );
  if (res.status === 404) {
    await res.text().catch(() => '');
    throw new AppFailure('FORBIDDEN', HIDDEN_FROM_APP_MESSAGE);
  }
  const body = await jiraJson<{ properties?: unknown }>(res, 'GET issue');
  return { property: isRecord(body.properties) ? body.properties[LINK_PROPERTY_KEY] : undefined };
}

async function sendIndex(issueId: string, record: LinkRecord): Promise<void> {
  const res = await inTime(() =>
    asApp().requestJira(route`/rest/api/3/issue/${issueId}/properties/${LINK_PROPERTY_KEY}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(encodeIndex(record)),
    }),
  );
  if (!res.ok) throw await jiraFailure(res, 'PUT issue property');
  await res.text().catch(() => '');
}

/**
 * Rewrites the index from the record. Never throws: the record is the change, and an index left
 * behind only delays JQL until the next change or panel open.
 */
export async function writeLinkIndex(issueId: string, record: LinkRecord): Promise<void> {
  try {
    await sendIndex(issueId, record);
  } catch (err) {
    console.warn(
      `[atlas-crm] the JQL index of issue ${issueId} was not rewritten: ${describeForLog(err)}`,
    );
  }
}

/** Whether Jira's property is the record's index (an issue never linked may have none). */
export function indexIsCurrent(view: AppView, record: LinkRecord): boolean {
  if (view.property === undefined && record.links.length === 0) return true;
  return indexMatches(view.property, record);
}
