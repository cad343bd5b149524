// "Get bulk permissions" (`POST /rest/api/3/permissions/check`): for each project permission asked,
// the named projects and issues on which the caller (or, for an admin, the named account) holds
// it. An issue counts only when that account may browse it, its security level included, as
// every other route of this Jira decides. Ids that name nothing are ignored, as documented.
import type { Reply } from '../http';
import { APP_USER, PERMISSIONS, type JiraDirectory, type Principal } from './directory';
import type { IssueStore } from './issues';
import { jiraError } from './replies';
import { defineRoute, type Route, type RouteContext } from './routes';

interface CheckServices {
  directory: JiraDirectory;
  issues: IssueStore;
}

/** "A maximum of 1000 projects and 1000 issues can be checked." */
export const PERMISSION_CHECK_MAX = 1000;

const BAD_PAYLOAD = 'Invalid request payload. Refer to the REST API documentation and try again.';

interface Asked {
  permissions: string[];
  projects: number[];
  issues: number[];
}

class Refused extends Error {}

export function permissionCheckRoutes(services: CheckServices): Route[] {
  return [defineRoute('POST', '/rest/api/3/permissions/check', (ctx) => check(services, ctx))];
}

function check(services: CheckServices, ctx: RouteContext): Reply {
  let body: Record<string, unknown>;
  let global: string[];
  let asked: Asked[];
  try {
    body = objectBody(ctx.body);
    global = keys(body.globalPermissions, 'GLOBAL');
    asked = listOf(body.projectPermissions).map(projectEntry);
  } catch (err) {
    if (err instanceof Refused) return jiraError(400, err.message);
    throw err;
  }
  const distinct = (pick: (a: Asked) => number[]) => new Set(asked.flatMap(pick)).size;
  if (distinct((a) => a.issues) > PERMISSION_CHECK_MAX)
    return jiraError(400, `At most ${PERMISSION_CHECK_MAX} issues can be checked.`);
  if (distinct((a) => a.projects) > PERMISSION_CHECK_MAX)
    return jiraError(400, `At most ${PERMISSION_CHECK_MAX} projects can be checked.`);
  const subject = whoIsChecked(services.directory, ctx.principal, body.accountId);
  if ('status' in subject) return subject;
  return {
    status: 200,
    body: {
      projectPermissions: grants(services, subject, asked),
      globalPermissions: global.filter((key) => services.directory.hasPermission(subject, key)),
    },
  };
}

/** The caller, or another account when the caller may administer Jira. */
function whoIsChecked(
  directory: JiraDirectory,
  caller: Principal,
  accountId: unknown,
): Principal | Reply {
  if (accountId === undefined || accountId === null) return caller;
  if (typeof accountId !== 'string') return jiraError(400, BAD_PAYLOAD);
  const own =
    caller.kind === 'user' ? caller.accountId : caller.kind === 'app' ? APP_USER.accountId : '';
  if (accountId === own) return caller;
  if (!directory.hasPermission(caller, 'ADMINISTER'))
    return jiraError(403, "You don't have permission to check the permissions of other users.");
  if (!directory.user(accountId)) return jiraError(400, `The user '${accountId}' does not exist.`);
  return { kind: 'user', accountId };
}

/** Per permission, the issues and projects held; a permission holding nowhere is left out. */
function grants({ directory, issues }: CheckServices, subject: Principal, asked: Asked[]) {
  const byPermission = new Map<string, { issues: Set<number>; projects: Set<number> }>();
  for (const entry of asked) {
    for (const permission of entry.permissions) {
      const held = byPermission.get(permission) ?? { issues: new Set(), projects: new Set() };
      byPermission.set(permission, held);
      for (const id of entry.projects) {
        const project = issues.project(String(id));
        if (project?.id === String(id) && directory.hasPermission(subject, permission, project.key))
          held.projects.add(id);
      }
      for (const id of entry.issues) {
        const issue = issues.findVisible(String(id), subject, directory);
        if (
          issue?.id === String(id) &&
          directory.hasPermission(subject, permission, issues.projectOf(issue).key)
        )
          held.issues.add(id);
      }
    }
  }
  return [...byPermission]
    .filter(([, held]) => held.issues.size > 0 || held.projects.size > 0)
    .map(([permission, held]) => ({
      permission,
      issues: [...held.issues],
      projects: [...held.projects],
    }));
}

function objectBody(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text || '{}');
  } catch {
    throw new Refused(BAD_PAYLOAD);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Refused(BAD_PAYLOAD);
  return body as Record<string, unknown>;
}

/** A list whose nulls are ignored, as documented; absent is empty. */
function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Refused(BAD_PAYLOAD);
  return (value as unknown[]).filter((item) => item !== null);
}

function projectEntry(value: unknown): Asked {
  if (typeof value !== 'object' || Array.isArray(value)) throw new Refused(BAD_PAYLOAD);
  const entry = value as Record<string, unknown>;
  if (!Array.isArray(entry.permissions)) throw new Refused(BAD_PAYLOAD);
  return {
    permissions: keys(entry.permissions, 'PROJECT'),
    projects: ids(entry.projects),
    issues: ids(entry.issues),
  };
}

/** Permission keys of one type; empty strings are ignored, unknown keys refused. */
function keys(value: unknown, type: 'GLOBAL' | 'PROJECT'): string[] {
  const list = listOf(value);
  if (!list.every((key) => typeof key === 'string')) throw new Refused(BAD_PAYLOAD);
  const named = (list as string[]).filter((key) => key !== '');
  const wrong = named.filter((key) => PERMISSIONS[key]?.type !== type);
  if (wrong.length > 0)
    throw new Refused(`Invalid ${type.toLowerCase()} permission key(s): ${wrong.join(', ')}`);
  return [...new Set(named)];
}

/** Ids are JSON integers (int64 in Jira's schema); a string is not taken for one. */
function ids(value: unknown): number[] {
  const list = listOf(value);
  if (!list.every((id) => typeof id === 'number' && Number.isSafeInteger(id)))
    throw new Refused(BAD_PAYLOAD);
  return list as number[];
}
