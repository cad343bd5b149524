// Projects as the caller may browse them: the paged project search (PageBeanProject) and one
// project by id or key.
import type { DemoProject } from '../demo';
import type { Reply } from '../http';
import type { JiraDirectory, Principal } from './directory';
import { projectJson } from './issue-fields';
import type { IssueStore } from './issues';
import { jiraError, notAuthenticated, selfUrl } from './replies';
import { defineRoute, type Route, type RouteContext } from './routes';

interface ProjectServices {
  directory: JiraDirectory;
  issues: IssueStore;
}

export function projectRoutes(services: ProjectServices): Route[] {
  return [
    defineRoute('GET', '/rest/api/3/project/search', (ctx) => searchProjects(services, ctx)),
    defineRoute('GET', '/rest/api/3/project/{projectIdOrKey}', (ctx) => getProject(services, ctx)),
  ];
}

/** The projects whose scheme lets the principal browse them. */
function browsable({ directory, issues }: ProjectServices, principal: Principal): DemoProject[] {
  return issues
    .allProjects()
    .filter((p) => directory.hasPermission(principal, 'BROWSE_PROJECTS', p.key));
}

function listedProject(project: DemoProject): Record<string, unknown> {
  return {
    expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight',
    ...projectJson(project),
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
}

function searchProjects(services: ProjectServices, ctx: RouteContext): Reply {
  const { query, principal } = ctx;
  if (principal.kind === 'anonymous') return notAuthenticated();
  // Jira matches the query against key and name, case-insensitively; keys and ids narrow further.
  const text = (query.get('query') ?? '').trim().toLowerCase();
  const keys = new Set(query.getAll('keys').map((k) => k.toUpperCase()));
  const ids = new Set(query.getAll('id'));
  const typeKey = query.get('typeKey');
  const matches = browsable(services, principal)
    .filter(
      (p) =>
        (!text || p.key.toLowerCase().includes(text) || p.name.toLowerCase().includes(text)) &&
        (keys.size === 0 || keys.has(p.key)) &&
        (ids.size === 0 || ids.has(p.id)) &&
        (!typeKey || typeKey.split(',').includes(p.projectTypeKey)),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
  const startAt = clampInt(query.get('startAt'), 0, 0, Number.MAX_SAFE_INTEGER);
  const maxResults = clampInt(query.get('maxResults'), 50, 1, 100);
  const values = matches.slice(startAt, startAt + maxResults);
  const isLast = startAt + values.length >= matches.length;
  const pageUrl = (at: number) => {
    const params = new URLSearchParams(query);
    params.set('startAt', String(at));
    params.set('maxResults', String(maxResults));
    return selfUrl(`/rest/api/3/project/search?${params.toString()}`);
  };
  return {
    status: 200,
    body: {
      self: pageUrl(startAt),
      ...(isLast ? {} : { nextPage: pageUrl(startAt + maxResults) }),
      maxResults,
      startAt,
      total: matches.length,
      isLast,
      values: values.map(listedProject),
    },
  };
}

function getProject(services: ProjectServices, ctx: RouteContext): Reply {
  const [ref = ''] = ctx.params;
  if (ctx.principal.kind === 'anonymous') return notAuthenticated();
  const project = services.issues.project(ref);
  // Jira answers a project the caller cannot browse as it answers a missing one.
  if (!project || !browsable(services, ctx.principal).some((p) => p.id === project.id))
    return jiraError(404, `No project could be found with key '${ref}'.`);
  return {
    status: 200,
    body: {
      ...listedProject(project),
      description: '',
      assigneeType: 'UNASSIGNED',
      components: [],
      versions: [],
      issueTypes: [],
      roles: {},
    },
  };
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : fallback;
}
