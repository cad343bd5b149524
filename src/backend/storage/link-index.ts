// The JQL index of an issue's links: the Jira issue property `atlas-crm-links`, always written as
// the app from the record. Anyone who can edit the issue can rewrite it through Jira's REST API,
// so nothing read from it is ever taken as a link; it is only compared with the record.
import { asApp, route } from '@forge/api';
import { isRecord } from '../../shared/guards';
import { AppFailure, JiraError } from '../errors';
import { jiraFailure, jiraJson, sendJira } from '../jira';
import { describeForLog } from '../redact';
import { LINK_PROPERTY_KEY } from './keys';
import { encodeIndex, indexMatches, type LinkRecord } from './link-record-format';

export const HIDDEN_FROM_APP_MESSAGE =
  "This issue's security level hides it from the Atlas CRM app, so its links can't be read or changed. A Jira admin can give the app's user access to that security level.";

/** The index as Jira holds it, read as the app; with when and where the issue was created. */
export interface AppView {
  property: unknown;
  /** Jira's `created` (automatic linking may still come to a new issue). */
  created?: string;
  projectId?: string;
}

/**
 * Through GET issue rather than GET property: Jira answers a property GET 404 both when the
 * property is missing and when the app may not see the issue, and the app must not act on an
 * issue hidden from it.
 */
export async function readAppView(issueId: string): Promise<AppView> {
  const res = await sendJira(() =>
    asApp().requestJira(
      route`/rest/api/3/issue/${issueId}?fields=created,project&properties=${LINK_PROPERTY_KEY}`,
      { headers: { Accept: 'application/json' } },
    ),
  );
  if (res.status === 404) {
    await res.text().catch(() => '');
    throw new AppFailure('FORBIDDEN', HIDDEN_FROM_APP_MESSAGE);
  }
  const body = await jiraJson<{ properties?: unknown; fields?: unknown }>(res, 'GET issue');
  const fields = isRecord(body.fields) ? body.fields : {};
  const project = isRecord(fields.project) ? fields.project : {};
  return {
    property: isRecord(body.properties) ? body.properties[LINK_PROPERTY_KEY] : undefined,
    ...(typeof fields.created === 'string' ? { created: fields.created } : {}),
    ...(typeof project.id === 'string' ? { projectId: project.id } : {}),
  };
}

async function sendIndex(issueId: string, record: LinkRecord): Promise<void> {
  const res = await sendJira(() =>
    asApp().requestJira(route`/rest/api/3/issue/${issueId}/properties/${LINK_PROPERTY_KEY}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(encodeIndex(record)),
    }),
  );
  if (!res.ok) throw await jiraFailure(res, 'PUT issue property');
  await res.text().catch(() => '');
}

/** Written; refused (403: the app's user may not edit issues in the project); or failed. */
export type IndexWrite = 'written' | 'refused' | 'failed';

/**
 * Rewrites the index from the record. Never throws: the record is the change, and an index left
 * behind only delays JQL until the next change or panel open.
 */
export async function writeLinkIndex(issueId: string, record: LinkRecord): Promise<IndexWrite> {
  try {
    await sendIndex(issueId, record);
    return 'written';
  } catch (err) {
    console.warn(
      `[atlas-crm] the JQL index of issue ${issueId} was not rewritten: ${describeForLog(err)}`,
    );
    return err instanceof JiraError && err.status === 403 ? 'refused' : 'failed';
  }
}

/** Whether Jira's property is the record's index (an issue never linked may have none). */
export function indexIsCurrent(view: AppView, record: LinkRecord): boolean {
  if (view.property === undefined && record.links.length === 0) return true;
  return indexMatches(view.property, record);
}
