// The REST face of the directory: who the caller is, what they may do, users' groups and group
// search, in Jira's JSON shapes.
import type { DemoGroup } from '../demo';
import type { Reply } from '../http';
import { APP_USER, PERMISSIONS, type JiraDirectory } from './directory';
import type { IssueStore } from './issues';
import { issueNotFound, jiraError, notAuthenticated, selfUrl } from './replies';
import { defineRoute, type Route, type RouteContext } from './routes';
import { avatarUrls, userJson } from './users';

interface DirectoryServices {
  directory: JiraDirectory;
  issues: IssueStore;
}

export function directoryRoutes(services: DirectoryServices): Route[] {
  return [
    defineRoute('GET', '/rest/api/3/mypermissions', (ctx) => myPermissions(services, ctx)),
    defineRoute('GET', '/rest/api/3/myself', (ctx) => myself(services, ctx)),
    defineRoute('GET', '/rest/api/3/user', (ctx) => getUser(services, ctx)),
    defineRoute('GET', '/rest/api/3/user/groups', (ctx) => userGroups(services, ctx)),
    defineRoute('GET', '/rest/api/3/groups/picker', (ctx) => groupsPicker(services, ctx)),
    defineRoute('GET', '/rest/api/3/group/bulk', (ctx) => groupBulk(services, ctx)),
  ];
}

function myPermissions({ directory, issues }: DirectoryServices, ctx: RouteContext): Reply {
  const { query, principal } = ctx;
  const raw = query.get('permissions');
  if (!raw) return jiraError(400, "The 'permissions' query parameter is required.");
  const keys = raw
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  const unknown = keys.filter((k) => !PERMISSIONS[k]);
  if (unknown.length > 0) return jiraError(400, `Invalid permission key(s): ${unknown.join(', ')}`);
  // The context: an issue's project, a project, or none (then a project permission held in any
  // project counts). Jira answers 404 for an issue or project missing or hidden from the caller.
  const issueRef = query.get('issueId') ?? query.get('issueKey');
  const projectRef = query.get('projectId') ?? query.get('projectKey');
  let projectKeys: string[];
  if (issueRef !== null) {
    const issue = issues.findVisible(issueRef, principal, directory);
    if (!issue) return issueNotFound();
    projectKeys = [issues.projectOf(issue).key];
  } else if (projectRef !== null) {
    const project = issues.project(projectRef);
    if (!project || !directory.hasPermission(principal, 'BROWSE_PROJECTS', project.key))
      return jiraError(404, "No project could be found with key or id '" + projectRef + "'.");
    projectKeys = [project.key];
  } else {
    projectKeys = issues.allProjects().map((p) => p.key);
  }
  const holds = (key: string): boolean =>
    PERMISSIONS[key]?.type === 'PROJECT' && projectKeys.length > 0
      ? projectKeys.some((projectKey) => directory.hasPermission(principal, key, projectKey))
      : directory.hasPermission(principal, key);
  const permissions: Record<string, unknown> = {};
  for (const key of keys)
    permissions[key] = { ...PERMISSIONS[key], key, havePermission: holds(key) };
  return { status: 200, body: { permissions } };
}

function myself({ directory }: DirectoryServices, { principal, query }: RouteContext): Reply {
  if (principal.kind === 'anonymous') return notAuthenticated();
  if (principal.kind === 'app') {
    return {
      status: 200,
      body: {
        self: selfUrl(`/rest/api/3/user?accountId=${APP_USER.accountId}`),
        accountId: APP_USER.accountId,
        accountType: 'app',
        avatarUrls: avatarUrls(APP_USER.accountId),
        displayName: APP_USER.displayName,
        active: true,
        timeZone: 'UTC',
        locale: 'en_US',
        groups: { size: 0, items: [] },
        applicationRoles: { size: 0, items: [] },
      },
    };
  }
  const user = directory.user(principal.accountId);
  if (!user) return notAuthenticated();
  // Groups are listed only when expanded, as Jira does; a user may always read their own.
  const expand = (query.get('expand') ?? '').split(',').map((e) => e.trim());
  const items = expand.includes('groups') ? directory.groupsOf(user).map(groupJson) : [];
  return {
    status: 200,
    body: {
      ...userJson(user, principal),
      groups: { size: user.groups.length, items },
      applicationRoles: { size: 1, items: [] },
      expand: 'groups,applicationRoles',
    },
  };
}

/** GET user?accountId=: needs "Browse users and groups", as Jira does. */
function getUser({ directory }: DirectoryServices, { query, principal }: RouteContext): Reply {
  if (principal.kind === 'anonymous') return notAuthenticated();
  const allowed =
    principal.kind === 'app'
      ? directory.appBrowsesUsers
      : directory.hasPermission(principal, 'USER_PICKER');
  if (!allowed) return jiraError(403, "You don't have the 'Browse users and groups' permission.");
  const accountId = query.get('accountId');
  if (!accountId) return jiraError(400, "The query parameter 'accountId' is required.");
  const user = directory.user(accountId);
  if (!user) return jiraError(404, `User with accountId '${accountId}' does not exist`);
  return {
    status: 200,
    body: {
      ...userJson(user, principal),
      groups: { size: user.groups.length, items: [] },
      applicationRoles: { size: user.accountType === 'customer' ? 0 : 1, items: [] },
      expand: 'groups,applicationRoles',
    },
  };
}

function userGroups({ directory }: DirectoryServices, { query, principal }: RouteContext): Reply {
  if (principal.kind === 'anonymous') return notAuthenticated();
  if (principal.kind === 'app' && !directory.appBrowsesUsers)
    return jiraError(403, "You don't have the 'Browse users and groups' permission.");
  const accountId = query.get('accountId');
  if (!accountId) return jiraError(400, "The query parameter 'accountId' is required.");
  const user = directory.user(accountId);
  if (!user)
    return jiraError(404, 'Specified user does not exist or you do not have required permissions');
  return { status: 200, body: directory.groupsOf(user).map(groupJson) };
}

function groupsPicker({ directory }: DirectoryServices, { query, principal }: RouteContext): Reply {
  if (principal.kind === 'anonymous') return notAuthenticated();
  // Case-sensitive unless asked otherwise, as Jira's picker is.
  const caseInsensitive = query.get('caseInsensitive') === 'true';
  const fold = (value: string): string => (caseInsensitive ? value.toLowerCase() : value);
  const text = fold((query.get('query') ?? '').trim());
  const maxResults = clampInt(query.get('maxResults'), 20, 1, 1000);
  const exclude = new Set(query.getAll('exclude'));
  const excludeId = new Set(query.getAll('excludeId'));
  const matches = directory
    .allGroups()
    .filter((g) => !exclude.has(g.name) && !excludeId.has(g.groupId) && fold(g.name).includes(text))
    .sort(byName);
  const shown = matches.slice(0, maxResults);
  return {
    status: 200,
    body: {
      header: `Showing ${shown.length} of ${matches.length} matching groups`,
      total: matches.length,
      groups: shown.map((g) => ({
        name: g.name,
        html: highlight(g.name, text, fold),
        labels: [],
        groupId: g.groupId,
      })),
    },
  };
}

function groupBulk({ directory }: DirectoryServices, { query, principal }: RouteContext): Reply {
  if (principal.kind === 'anonymous') return notAuthenticated();
  const ids = new Set(query.getAll('groupId'));
  const names = new Set(query.getAll('groupName'));
  const all = directory.allGroups().sort(byName);
  const selected =
    ids.size === 0 && names.size === 0
      ? all
      : all.filter((g) => ids.has(g.groupId) || names.has(g.name));
  return page(
    query,
    selected.map((g) => ({ name: g.name, groupId: g.groupId })),
    50,
    '/rest/api/3/group/bulk',
  );
}

/** One page of a Jira "PageBean" list, with `nextPage` while more follow. */
function page(query: URLSearchParams, items: unknown[], defaultMax: number, path: string): Reply {
  const startAt = clampInt(query.get('startAt'), 0, 0, Number.MAX_SAFE_INTEGER);
  const maxResults = clampInt(query.get('maxResults'), defaultMax, 1, 1000);
  const values = items.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= items.length;
  const body: Record<string, unknown> = {
    self: selfUrl(`${path}?startAt=${startAt}&maxResults=${maxResults}`),
    maxResults,
    startAt,
    total: items.length,
    isLast,
    values,
  };
  if (!isLast)
    body.nextPage = selfUrl(`${path}?startAt=${startAt + maxResults}&maxResults=${maxResults}`);
  return { status: 200, body };
}

function groupJson(group: DemoGroup) {
  return {
    name: group.name,
    groupId: group.groupId,
    self: selfUrl(`/rest/api/3/group?groupId=${group.groupId}`),
  };
}

const byName = (a: DemoGroup, b: DemoGroup): number => a.name.localeCompare(b.name);

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : fallback;
}

function highlight(name: string, text: string, fold: (value: string) => string): string {
  if (!text) return name;
  const i = fold(name).indexOf(text);
  return i < 0
    ? name
    : `${name.slice(0, i)}<b>${name.slice(i, i + text.length)}</b>${name.slice(i + text.length)}`;
}
