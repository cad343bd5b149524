// Who may do what, asked of Jira as the calling user; and the app's own access policy (Jira
// groups allowed to use the panel). Atlas CRM API tokens carry admin rights, so this is the guard:
// Browse shows an issue's linked records, Edit Issues is needed to search or change the CRM.
import { asApp, asUser, route } from '@forge/api';
import type { JiraGroup } from '../shared/contract';
import { isRecord } from '../shared/guards';
import { AppFailure, JiraError } from './errors';
import { jiraJson, sendJira } from './jira';

export interface IssuePermissions {
  browse: boolean;
  edit: boolean;
  admin: boolean;
}

interface MyPermissionsBody {
  permissions?: Record<string, { havePermission?: boolean } | undefined>;
}

function has(body: MyPermissionsBody, key: string): boolean {
  return body.permissions?.[key]?.havePermission === true;
}

export async function issuePermissions(issueId: string): Promise<IssuePermissions> {
  const res = await sendJira(() =>
    asUser().requestJira(
      route`/rest/api/3/mypermissions?issueId=${issueId}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER`,
      { headers: { Accept: 'application/json' } },
    ),
  );
  // Jira answers 404 (or 400) for an issue the user can not see.
  if (res.status === 404 || res.status === 400) {
    await res.text().catch(() => '');
    return { browse: false, edit: false, admin: false };
  }
  const body = await jiraJson<MyPermissionsBody>(res, 'GET mypermissions');
  const browse = has(body, 'BROWSE_PROJECTS');
  return { browse, edit: browse && has(body, 'EDIT_ISSUES'), admin: has(body, 'ADMINISTER') };
}

export async function isJiraAdmin(): Promise<boolean> {
  const res = await sendJira(() =>
    asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`, {
      headers: { Accept: 'application/json' },
    }),
  );
  return has(await jiraJson<MyPermissionsBody>(res, 'GET mypermissions'), 'ADMINISTER');
}

/**
 * The caller's group ids, asked of Jira as the caller: reading another user's groups as the app
 * needs the app user's "Browse users and groups", which admins can take away.
 */
export async function callerGroupIds(): Promise<string[]> {
  const res = await sendJira(() =>
    asUser().requestJira(route`/rest/api/3/myself?expand=groups`, {
      headers: { Accept: 'application/json' },
    }),
  );
  const body = await jiraJson<{ groups?: unknown }>(res, 'GET myself');
  const groups = isRecord(body.groups) ? body.groups : {};
  const items = Array.isArray(groups.items) ? (groups.items as unknown[]) : undefined;
  if (!items) throw new JiraError('Jira sent an unexpected answer to GET myself', res.status);
  return items
    .map((group) => (isRecord(group) ? group.groupId : undefined))
    .filter((id): id is string => typeof id === 'string');
}

const GROUP_SEARCH_MAX = 20;

export const REFUSALS = {
  cannotBrowse: "You can't see this issue, so Atlas CRM can't show anything for it.",
  cannotEdit:
    'You need permission to edit this issue to change its Atlas CRM links or records. Ask a Jira admin if you need it.',
  notAdmin: 'Only Jira admins can change the Atlas CRM settings.',
  notLinked:
    'Only Atlas CRM records linked to this issue can be changed or commented on from it. Link the record first.',
  viewOnly:
    'You can see the Atlas CRM records linked to this issue. Searching Atlas CRM, opening other records and changing anything need permission to edit the issue.',
  searchNeedsEdit:
    'Searching Atlas CRM needs permission to edit this issue. You can see the records linked to it; ask a Jira admin if you need more.',
  unlinkedNeedsEdit:
    'This Atlas CRM record is not linked to this issue. Opening other records needs permission to edit the issue; ask a Jira admin if you need it.',
  policy:
    'Your Jira admin has limited Atlas CRM to certain groups, and you are not in one of them. Ask a Jira admin for access.',
  namesOnly:
    'You can see only the names of the Atlas CRM records linked to this issue: your Jira admin has limited Atlas CRM to certain groups, and you are not in one of them. Ask a Jira admin for access.',
} as const;

export type Refusal = (typeof REFUSALS)[keyof typeof REFUSALS];

/** Whether the user is in one of the allowed groups (none allowed = everyone). */
export async function inPolicy(allowedGroups: JiraGroup[]): Promise<boolean> {
  if (allowedGroups.length === 0) return true;
  const mine = new Set(await callerGroupIds());
  return allowedGroups.some((group) => mine.has(group.groupId));
}

export function requirePolicy(allowed: boolean): void {
  if (!allowed) throw new AppFailure('FORBIDDEN', REFUSALS.policy);
}

export function requireBrowse(perms: IssuePermissions): void {
  if (!perms.browse) throw new AppFailure('FORBIDDEN', REFUSALS.cannotBrowse);
}

export function requireEdit(perms: IssuePermissions, refusal: Refusal = REFUSALS.cannotEdit): void {
  requireBrowse(perms);
  if (!perms.edit) throw new AppFailure('FORBIDDEN', refusal);
}

export async function requireAdmin(): Promise<void> {
  if (!(await isJiraAdmin())) throw new AppFailure('FORBIDDEN', REFUSALS.notAdmin);
}

/** Groups whose name holds the text, in any case (Jira's picker is case-sensitive by default). */
export async function findGroups(query: string): Promise<JiraGroup[]> {
  const res = await sendJira(() =>
    asApp().requestJira(
      route`/rest/api/3/groups/picker?query=${query}&maxResults=${GROUP_SEARCH_MAX}&caseInsensitive=true`,
      { headers: { Accept: 'application/json' } },
    ),
  );
  const body = await jiraJson<{ groups?: unknown }>(res, 'GET groups picker');
  return toGroups(body.groups);
}

/**
 * The groups Jira still knows by these ids, with Jira's spelling of their names: one bulk
 * request by id (read:jira-user), not a name search that a cap or a case could defeat.
 */
export async function existingGroups(groups: JiraGroup[]): Promise<JiraGroup[]> {
  if (groups.length === 0) return [];
  const ids = new URLSearchParams(groups.map((group) => ['groupId', group.groupId]));
  const res = await sendJira(() =>
    asApp().requestJira(route`/rest/api/3/group/bulk?${ids}&maxResults=${groups.length}`, {
      headers: { Accept: 'application/json' },
    }),
  );
  const body = await jiraJson<{ values?: unknown }>(res, 'GET group bulk');
  return toGroups(body.values);
}

function toGroups(list: unknown): JiraGroup[] {
  if (!Array.isArray(list)) return [];
  const out: JiraGroup[] = [];
  for (const item of list as unknown[]) {
    if (!isRecord(item)) continue;
    const { groupId, name } = item;
    if (typeof groupId === 'string' && typeof name === 'string') out.push({ groupId, name });
  }
  return out;
}
