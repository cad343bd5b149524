// In-memory Jira Cloud answering the REST v3 endpoints the app calls, with Jira's JSON shapes,
// status codes and per-user permissions. Permissions come from group membership
// (see DEMO_PERMISSION_GRANTS), so adding a user to a group changes what they may do.
import {
  DEMO_GROUPS,
  DEMO_ISSUES,
  DEMO_PERMISSION_GRANTS,
  DEMO_PROJECT,
  DEMO_SITE,
  DEMO_USERS,
  type DemoGroup,
  type DemoIssue,
  type DemoProject,
  type DemoUser,
} from './demo';
import { delay, utf8Length, type Reply } from './http';
import { createRng, type Rng } from '../shared/prng';

/** Who a request is made as: the invoking user (asUser), the app (asApp) or nobody (plain requestJira). */
export type Principal =
  { kind: 'user'; accountId: string } | { kind: 'app' } | { kind: 'anonymous' };

export interface JiraRequest {
  method: string;
  /** Path and query, as @forge/api passes it (e.g. `/rest/api/3/issue/SUP-1?fields=summary`). */
  path: string;
  body: string;
  principal: Principal;
}

export interface JiraCall {
  method: string;
  path: string;
  /** Route template, e.g. `GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}`. */
  route: string;
  provider: 'user' | 'app' | 'none';
  accountId?: string;
  status: number;
}

export interface JiraFaults {
  /** Fraction (0..1) of issue property PUT/DELETE answered 500 or 503 without writing. */
  propertyWriteFailureRate?: number;
  /**
   * Fraction (0..1) of issue property PUTs that Jira applies but whose answer is lost (a 504
   * from the gateway): the caller cannot tell this from a failed write.
   */
  propertyWriteLostAnswerRate?: number;
  /** Added to every request. */
  latencyMs?: number;
  /** Seed of the PRNG that draws faults. */
  seed?: number;
}

export interface InMemoryJiraOptions extends JiraFaults {
  /** Start with the demo users, groups, project and issues (default true). */
  demo?: boolean;
}

interface IssueRecord {
  id: string;
  key: string;
  projectId: string;
  summary: string;
  description: string;
  issueType: string;
  status: string;
  created: string;
  updated: string;
  properties: Map<string, unknown>;
}

export interface JiraSnapshot {
  version: 1;
  users: DemoUser[];
  groups: DemoGroup[];
  projects: DemoProject[];
  issues: (DemoIssue & {
    projectId: string;
    created: string;
    updated: string;
    properties: Record<string, unknown>;
  })[];
}

export const PROPERTY_VALUE_MAX = 32768;
export const PROPERTY_KEY_MAX = 255;

/** Forge app's own Jira user, what asApp() calls are made as. */
export const APP_USER = {
  accountId: '712020:8a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d',
  displayName: 'Atlas CRM for Jira',
  accountType: 'app',
} as const;

const PERMISSIONS: Record<
  string,
  { id: string; name: string; type: 'GLOBAL' | 'PROJECT'; description: string }
> = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description:
      'Create and administer projects, issue types, fields, workflows, and schemes for all projects. Users with this permission can perform most administration tasks, except: managing users, importing data, and editing system email settings.',
  },
  BROWSE_PROJECTS: {
    id: '10',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects and the issues within them.',
  },
  CREATE_ISSUES: {
    id: '11',
    name: 'Create Issues',
    type: 'PROJECT',
    description: 'Ability to create issues.',
  },
  EDIT_ISSUES: {
    id: '12',
    name: 'Edit Issues',
    type: 'PROJECT',
    description: 'Ability to edit issues.',
  },
  ASSIGN_ISSUES: {
    id: '13',
    name: 'Assign Issues',
    type: 'PROJECT',
    description: 'Ability to assign issues to other people.',
  },
  ADD_COMMENTS: {
    id: '15',
    name: 'Add Comments',
    type: 'PROJECT',
    description: 'Ability to comment on issues.',
  },
  DELETE_ISSUES: {
    id: '16',
    name: 'Delete Issues',
    type: 'PROJECT',
    description: 'Ability to delete issues.',
  },
  ADMINISTER_PROJECTS: {
    id: '23',
    name: 'Administer Projects',
    type: 'PROJECT',
    description: 'Ability to administer a project in Jira.',
  },
  USER_PICKER: {
    id: '27',
    name: 'Browse users and groups',
    type: 'GLOBAL',
    description:
      'View and select users or groups from the user picker, and share issues. Users with this permission can see the names of all users and groups on your site.',
  },
};

const messages = (status: number, ...errorMessages: string[]): Reply => ({
  status,
  body: { errorMessages, errors: {} },
});
const ISSUE_NOT_FOUND = () =>
  messages(404, 'Issue does not exist or you do not have permission to see it.');
const NOT_AUTHENTICATED = () =>
  messages(401, 'You are not authenticated. Authentication required to perform this operation.');

function adf(text: string) {
  return {
    type: 'doc',
    version: 1,
    content: text
      .split(/\n{2,}/)
      .map((para) => ({ type: 'paragraph', content: [{ type: 'text', text: para }] })),
  };
}

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  handler: (ctx: RouteContext) => Reply;
}

interface RouteContext {
  params: string[];
  query: URLSearchParams;
  body: string;
  principal: Principal;
}

export class InMemoryJira {
  readonly site = DEMO_SITE;
  propertyWriteFailureRate: number;
  propertyWriteLostAnswerRate: number;
  latencyMs: number;
  private rng: Rng;
  private readonly users = new Map<string, DemoUser>();
  private readonly groups = new Map<string, DemoGroup>();
  private readonly projects = new Map<string, DemoProject>();
  private readonly issues = new Map<string, IssueRecord>();
  private readonly grants = new Map<string, Set<string>>();
  private byPath: Record<string, number> = {};
  private byRoute: Record<string, number> = {};
  private byProvider: Record<string, number> = {};
  private log: JiraCall[] = [];
  private readonly routes: Route[];

  constructor(options: InMemoryJiraOptions = {}) {
    this.propertyWriteFailureRate = options.propertyWriteFailureRate ?? 0;
    this.propertyWriteLostAnswerRate = options.propertyWriteLostAnswerRate ?? 0;
    this.latencyMs = options.latencyMs ?? 0;
    this.rng = createRng(options.seed ?? 1);
    for (const [perm, groups] of Object.entries(DEMO_PERMISSION_GRANTS))
      this.grants.set(perm, new Set(groups));
    if (options.demo !== false) {
      for (const g of DEMO_GROUPS) this.addGroup(g);
      for (const u of Object.values(DEMO_USERS)) this.addUser({ ...u, groups: [...u.groups] });
      this.addProject(DEMO_PROJECT);
      for (const issue of DEMO_ISSUES) this.addIssue(issue);
    }
    this.routes = this.buildRoutes();
  }

  // ---- programmatic setup ---------------------------------------------------------------------

  /** Sets the fault knobs; `seed` restarts the PRNG so a run can be replayed. */
  setFaults(faults: JiraFaults): void {
    if (faults.propertyWriteFailureRate !== undefined)
      this.propertyWriteFailureRate = faults.propertyWriteFailureRate;
    if (faults.propertyWriteLostAnswerRate !== undefined)
      this.propertyWriteLostAnswerRate = faults.propertyWriteLostAnswerRate;
    if (faults.latencyMs !== undefined) this.latencyMs = faults.latencyMs;
    if (faults.seed !== undefined) this.rng = createRng(faults.seed);
  }

  addGroup(group: DemoGroup): void {
    this.groups.set(group.name, { ...group });
  }

  addUser(user: DemoUser): void {
    for (const g of user.groups) {
      if (!this.groups.has(g)) throw new Error(`Unknown group ${g}; add it first`);
    }
    this.users.set(user.accountId, { ...user, groups: [...user.groups] });
  }

  addUserToGroup(accountId: string, groupName: string): void {
    const user = this.users.get(accountId);
    if (!user || !this.groups.has(groupName)) throw new Error('Unknown user or group');
    if (!user.groups.includes(groupName)) user.groups.push(groupName);
  }

  removeUserFromGroup(accountId: string, groupName: string): void {
    const user = this.users.get(accountId);
    if (user) user.groups = user.groups.filter((g) => g !== groupName);
  }

  /** Grants a permission key (e.g. EDIT_ISSUES) to a group on every project. */
  grant(permission: string, groupName: string): void {
    if (!PERMISSIONS[permission]) throw new Error(`Unknown permission ${permission}`);
    const set = this.grants.get(permission) ?? new Set<string>();
    set.add(groupName);
    this.grants.set(permission, set);
  }

  revoke(permission: string, groupName: string): void {
    this.grants.get(permission)?.delete(groupName);
  }

  addProject(project: DemoProject): void {
    this.projects.set(project.id, { ...project });
  }

  /** Adds an issue; its project is the one whose key prefixes the issue key. */
  addIssue(issue: DemoIssue & { projectId?: string }): void {
    const project =
      (issue.projectId ? this.projects.get(issue.projectId) : undefined) ??
      [...this.projects.values()].find((p) => issue.key.startsWith(`${p.key}-`));
    if (!project) throw new Error(`No project for issue ${issue.key}`);
    if (this.issues.has(issue.id) || this.findIssue(issue.key))
      throw new Error(`Issue ${issue.key} exists`);
    const now = new Date(Date.UTC(2025, 0, 6, 9, 30) + Number(issue.id) * 3_600_000)
      .toISOString()
      .replace('Z', '+0000');
    this.issues.set(issue.id, {
      id: issue.id,
      key: issue.key,
      projectId: project.id,
      summary: issue.summary,
      description: issue.description,
      issueType: issue.issueType ?? 'Task',
      status: issue.status ?? 'Open',
      created: now,
      updated: now,
      properties: new Map(Object.entries(issue.properties ?? {})),
    });
  }

  userIds(): string[] {
    return [...this.users.keys()];
  }

  issueKeys(): string[] {
    return [...this.issues.values()].map((i) => i.key);
  }

  /** Looks an issue up by id or key. */
  issueRef(
    idOrKey: string,
  ): { id: string; key: string; project: DemoProject; issueType: string } | undefined {
    const issue = this.findIssue(idOrKey);
    if (!issue) return undefined;
    return {
      id: issue.id,
      key: issue.key,
      project: { ...(this.projects.get(issue.projectId) as DemoProject) },
      issueType: issue.issueType,
    };
  }

  /** Reads an issue property directly (no counters, no permissions). */
  getProperty(idOrKey: string, key: string): unknown {
    return this.findIssue(idOrKey)?.properties.get(key);
  }

  setProperty(idOrKey: string, key: string, value: unknown): void {
    const issue = this.findIssue(idOrKey);
    if (!issue) throw new Error(`Unknown issue ${idOrKey}`);
    issue.properties.set(key, JSON.parse(JSON.stringify(value)));
  }

  /** Whether the principal holds a permission; for project permissions, on the given issue's project. */
  hasPermission(principal: Principal, permission: string): boolean {
    if (principal.kind === 'app') return true;
    if (principal.kind === 'anonymous') return false;
    const user = this.users.get(principal.accountId);
    if (!user) return false;
    const groups = this.grants.get(permission);
    return !!groups && user.groups.some((g) => groups.has(g));
  }

  // ---- counters and log -----------------------------------------------------------------------

  counts(): {
    total: number;
    byPath: Record<string, number>;
    byRoute: Record<string, number>;
    byProvider: Record<string, number>;
  } {
    return {
      total: sum(this.byPath),
      byPath: { ...this.byPath },
      byRoute: { ...this.byRoute },
      byProvider: { ...this.byProvider },
    };
  }

  resetCounts(): void {
    this.byPath = {};
    this.byRoute = {};
    this.byProvider = {};
    this.log = [];
  }

  /** Every request since the last reset, oldest first. */
  calls(): JiraCall[] {
    return this.log.map((c) => ({ ...c }));
  }

  // ---- persistence ----------------------------------------------------------------------------

  snapshot(): JiraSnapshot {
    return JSON.parse(
      JSON.stringify({
        version: 1,
        users: [...this.users.values()],
        groups: [...this.groups.values()],
        projects: [...this.projects.values()],
        issues: [...this.issues.values()].map((i) => ({
          id: i.id,
          key: i.key,
          projectId: i.projectId,
          summary: i.summary,
          description: i.description,
          issueType: i.issueType,
          status: i.status,
          created: i.created,
          updated: i.updated,
          properties: Object.fromEntries(i.properties),
        })),
      }),
    ) as JiraSnapshot;
  }

  restore(snapshot: JiraSnapshot): void {
    if (snapshot?.version !== 1) throw new Error('Unsupported Jira snapshot version');
    this.users.clear();
    this.groups.clear();
    this.projects.clear();
    this.issues.clear();
    for (const g of snapshot.groups) this.addGroup(g);
    for (const u of snapshot.users) this.addUser(u);
    for (const p of snapshot.projects) this.addProject(p);
    for (const i of snapshot.issues) {
      this.addIssue(i);
      const rec = this.issues.get(i.id) as IssueRecord;
      rec.created = i.created;
      rec.updated = i.updated;
    }
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  async handle(req: JiraRequest): Promise<Reply> {
    await delay(this.latencyMs);
    const url = new URL(req.path, 'http://jira.invalid');
    const method = req.method.toUpperCase();
    const pathname = url.pathname.replace(/\/+$/, '') || '/';
    let reply: Reply | undefined;
    let template = `${method} (unknown)`;
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(pathname);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      template = `${method} ${route.template}`;
      let params: string[];
      try {
        params = m.slice(1).map((p) => decodeURIComponent(p));
      } catch {
        reply = messages(400, 'Malformed path');
        break;
      }
      reply = route.handler({
        params,
        query: url.searchParams,
        body: req.body,
        principal: req.principal,
      });
      break;
    }
    reply ??= pathMatched
      ? messages(405, 'Method Not Allowed')
      : messages(404, 'null for uri: ' + pathname);
    const provider =
      req.principal.kind === 'user' ? 'user' : req.principal.kind === 'app' ? 'app' : 'none';
    this.byPath[pathname] = (this.byPath[pathname] ?? 0) + 1;
    this.byRoute[template] = (this.byRoute[template] ?? 0) + 1;
    this.byProvider[provider] = (this.byProvider[provider] ?? 0) + 1;
    this.log.push({
      method,
      path: pathname,
      route: template,
      provider,
      ...(req.principal.kind === 'user' ? { accountId: req.principal.accountId } : {}),
      status: reply.status,
    });
    return reply;
  }

  private findIssue(idOrKey: string): IssueRecord | undefined {
    const byId = this.issues.get(idOrKey);
    if (byId) return byId;
    const key = idOrKey.toUpperCase();
    for (const issue of this.issues.values()) if (issue.key === key) return issue;
    return undefined;
  }

  /** The issue if the principal may browse it, else undefined (Jira answers both cases 404). */
  private visibleIssue(idOrKey: string, principal: Principal): IssueRecord | undefined {
    const issue = this.findIssue(idOrKey);
    if (!issue || !this.hasPermission(principal, 'BROWSE_PROJECTS')) return undefined;
    return issue;
  }

  private self(path: string): string {
    return `${this.site.siteUrl}${path}`;
  }

  private userJson(user: DemoUser) {
    return {
      self: this.self(`/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`),
      accountId: user.accountId,
      accountType: 'atlassian',
      emailAddress: user.emailAddress,
      avatarUrls: avatarUrls(user.accountId),
      displayName: user.displayName,
      active: true,
      timeZone: 'Europe/Amsterdam',
      locale: 'en_US',
    };
  }

  private groupJson(group: DemoGroup) {
    return {
      name: group.name,
      groupId: group.groupId,
      self: this.self(`/rest/api/3/group?groupId=${group.groupId}`),
    };
  }

  private issueJson(issue: IssueRecord, fieldsParam: string | null) {
    const project = this.projects.get(issue.projectId) as DemoProject;
    const all: Record<string, unknown> = {
      summary: issue.summary,
      description: adf(issue.description),
      project: {
        self: this.self(`/rest/api/3/project/${project.id}`),
        id: project.id,
        key: project.key,
        name: project.name,
        projectTypeKey: project.projectTypeKey,
        simplified: false,
        avatarUrls: avatarUrls(`project-${project.id}`),
      },
      issuetype: { id: issueTypeId(issue.issueType), name: issue.issueType, subtask: false },
      status: {
        name: issue.status,
        statusCategory: { key: issue.status === 'Done' ? 'done' : 'new' },
      },
      created: issue.created,
      updated: issue.updated,
    };
    let fields = all;
    if (fieldsParam) {
      const wanted = fieldsParam
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      if (!wanted.includes('*all') && !wanted.includes('*navigable')) {
        fields = Object.fromEntries(Object.entries(all).filter(([k]) => wanted.includes(k)));
      }
    }
    return {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: this.self(`/rest/api/3/issue/${issue.id}`),
      key: issue.key,
      fields,
    };
  }

  private buildRoutes(): Route[] {
    const r = (method: string, template: string, handler: Route['handler']): Route => ({
      method,
      template,
      pattern: new RegExp('^' + template.replace(/\{[^}]+\}/g, '([^/]+)') + '$'),
      handler,
    });
    return [
      r('GET', '/rest/api/3/mypermissions', (c) => this.myPermissions(c)),
      r('GET', '/rest/api/3/myself', (c) => this.myself(c)),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}/properties', (c) => this.listProperties(c)),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) =>
        this.getPropertyRoute(c),
      ),
      r('PUT', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) =>
        this.putProperty(c),
      ),
      r('DELETE', '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}', (c) =>
        this.deleteProperty(c),
      ),
      r('GET', '/rest/api/3/issue/{issueIdOrKey}', (c) => this.getIssue(c)),
      r('GET', '/rest/api/3/user/groups', (c) => this.userGroups(c)),
      r('GET', '/rest/api/3/user/bulk', (c) => this.userBulk(c)),
      r('GET', '/rest/api/3/user', (c) => this.getUser(c)),
      r('GET', '/rest/api/3/groups/picker', (c) => this.groupsPicker(c)),
      r('GET', '/rest/api/3/group/bulk', (c) => this.groupBulk(c)),
    ];
  }

  private myPermissions({ query, principal }: RouteContext): Reply {
    const raw = query.get('permissions');
    if (!raw) {
      return messages(400, "The 'permissions' query parameter is required.");
    }
    const keys = raw
      .split(',')
      .map((k) => k.trim())
      .filter(Boolean);
    const unknown = keys.filter((k) => !PERMISSIONS[k]);
    if (unknown.length > 0) {
      return messages(400, `Invalid permission key(s): ${unknown.join(', ')}`);
    }
    const issueRef = query.get('issueId') ?? query.get('issueKey');
    if (issueRef !== null) {
      const issue = this.findIssue(issueRef);
      // Jira answers 404 for an issue that does not exist or that the caller cannot see.
      if (
        !issue ||
        (principal.kind !== 'app' && !this.hasPermission(principal, 'BROWSE_PROJECTS'))
      ) {
        return ISSUE_NOT_FOUND();
      }
    }
    const projectRef = query.get('projectId') ?? query.get('projectKey');
    if (
      projectRef !== null &&
      ![...this.projects.values()].some((p) => p.id === projectRef || p.key === projectRef)
    ) {
      return messages(404, "No project could be found with key or id '" + projectRef + "'.");
    }
    const permissions: Record<string, unknown> = {};
    for (const key of keys) {
      const def = PERMISSIONS[key] as (typeof PERMISSIONS)[string];
      permissions[key] = { ...def, key, havePermission: this.hasPermission(principal, key) };
    }
    return { status: 200, body: { permissions } };
  }

  private myself({ principal }: RouteContext): Reply {
    if (principal.kind === 'anonymous') return NOT_AUTHENTICATED();
    if (principal.kind === 'app') {
      return {
        status: 200,
        body: {
          self: this.self(`/rest/api/3/user?accountId=${APP_USER.accountId}`),
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
    const user = this.users.get(principal.accountId);
    if (!user) return NOT_AUTHENTICATED();
    return {
      status: 200,
      body: {
        ...this.userJson(user),
        groups: { size: user.groups.length, items: [] },
        applicationRoles: { size: 1, items: [] },
        expand: 'groups,applicationRoles',
      },
    };
  }

  private getIssue({ params, query, principal }: RouteContext): Reply {
    const issue = this.visibleIssue(params[0] as string, principal);
    if (!issue) return ISSUE_NOT_FOUND();
    return { status: 200, body: this.issueJson(issue, query.get('fields')) };
  }

  private listProperties({ params, principal }: RouteContext): Reply {
    const issue = this.visibleIssue(params[0] as string, principal);
    if (!issue) return ISSUE_NOT_FOUND();
    return {
      status: 200,
      body: {
        keys: [...issue.properties.keys()].map((key) => ({
          self: this.self(`/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`),
          key,
        })),
      },
    };
  }

  private getPropertyRoute({ params, principal }: RouteContext): Reply {
    const issue = this.visibleIssue(params[0] as string, principal);
    if (!issue) return ISSUE_NOT_FOUND();
    const key = params[1] as string;
    if (!issue.properties.has(key))
      return messages(404, `The property with key '${key}' does not exist.`);
    return { status: 200, body: { key, value: issue.properties.get(key) } };
  }

  /** Common checks for property writes; returns the issue or the error reply. */
  private writableIssue(
    params: string[],
    principal: Principal,
  ): { issue: IssueRecord } | { reply: Reply } {
    const issue = this.visibleIssue(params[0] as string, principal);
    if (!issue) return { reply: ISSUE_NOT_FOUND() };
    if (!this.hasPermission(principal, 'EDIT_ISSUES')) {
      return {
        reply: messages(403, 'You do not have permission to edit issue properties of this issue.'),
      };
    }
    const key = params[1] as string;
    if (key.length > PROPERTY_KEY_MAX) {
      return {
        reply: messages(
          400,
          `The property key cannot be longer than ${PROPERTY_KEY_MAX} characters.`,
        ),
      };
    }
    if (this.propertyWriteFailureRate > 0 && this.rng() < this.propertyWriteFailureRate) {
      return {
        reply:
          this.rng() < 0.5
            ? messages(500, 'Internal server error')
            : {
                status: 503,
                body: { errorMessages: ['Service Unavailable'], errors: {} },
                headers: { 'retry-after': '1' },
              },
      };
    }
    return { issue };
  }

  private putProperty({ params, body, principal }: RouteContext): Reply {
    const checked = this.writableIssue(params, principal);
    if ('reply' in checked) return checked.reply;
    const { issue } = checked;
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return messages(400, 'The property value must be a valid JSON.');
    }
    const serialized = JSON.stringify(value);
    if (utf8Length(serialized) > PROPERTY_VALUE_MAX) {
      return messages(
        400,
        `The property value exceeds the maximum length of ${PROPERTY_VALUE_MAX} characters.`,
      );
    }
    const key = params[1] as string;
    const existed = issue.properties.has(key);
    issue.properties.set(key, JSON.parse(serialized));
    if (this.propertyWriteLostAnswerRate > 0 && this.rng() < this.propertyWriteLostAnswerRate)
      return messages(504, 'Gateway timeout');
    return existed ? { status: 200, body: {} } : { status: 201, body: {} };
  }

  private deleteProperty({ params, principal }: RouteContext): Reply {
    const checked = this.writableIssue(params, principal);
    if ('reply' in checked) return checked.reply;
    const { issue } = checked;
    const key = params[1] as string;
    if (!issue.properties.delete(key))
      return messages(404, `The property with key '${key}' does not exist.`);
    return { status: 204 };
  }

  private requireUserLookup(principal: Principal): Reply | undefined {
    if (principal.kind === 'anonymous') return NOT_AUTHENTICATED();
    return undefined;
  }

  private getUser({ query, principal }: RouteContext): Reply {
    const denied = this.requireUserLookup(principal);
    if (denied) return denied;
    const accountId = query.get('accountId');
    if (!accountId) return messages(400, "The query parameter 'accountId' is required.");
    const user = this.users.get(accountId);
    if (!user)
      return messages(404, 'Specified user does not exist or you do not have required permissions');
    return { status: 200, body: { ...this.userJson(user), expand: 'groups,applicationRoles' } };
  }

  private userBulk({ query, principal }: RouteContext): Reply {
    const denied = this.requireUserLookup(principal);
    if (denied) return denied;
    const ids = query.getAll('accountId');
    if (ids.length === 0) return messages(400, 'At least one accountId is required.');
    const found = ids.map((id) => this.users.get(id)).filter((u): u is DemoUser => !!u);
    return this.page(
      query,
      found.map((u) => this.userJson(u)),
      10,
      '/rest/api/3/user/bulk',
    );
  }

  private userGroups({ query, principal }: RouteContext): Reply {
    const denied = this.requireUserLookup(principal);
    if (denied) return denied;
    const accountId = query.get('accountId');
    if (!accountId) return messages(400, "The query parameter 'accountId' is required.");
    const user = this.users.get(accountId);
    if (!user)
      return messages(404, 'Specified user does not exist or you do not have required permissions');
    return {
      status: 200,
      body: user.groups
        .map((g) => this.groups.get(g))
        .filter((g): g is DemoGroup => !!g)
        .map((g) => this.groupJson(g)),
    };
  }

  private groupsPicker({ query, principal }: RouteContext): Reply {
    const denied = this.requireUserLookup(principal);
    if (denied) return denied;
    const text = (query.get('query') ?? '').trim().toLowerCase();
    const maxResults = clampInt(query.get('maxResults'), 20, 1, 1000);
    const exclude = new Set(query.getAll('exclude'));
    const excludeId = new Set(query.getAll('excludeId'));
    const matches = [...this.groups.values()]
      .filter(
        (g) =>
          !exclude.has(g.name) && !excludeId.has(g.groupId) && g.name.toLowerCase().includes(text),
      )
      .sort((a, b) => a.name.localeCompare(b.name));
    const shown = matches.slice(0, maxResults);
    return {
      status: 200,
      body: {
        header: `Showing ${shown.length} of ${matches.length} matching groups`,
        total: matches.length,
        groups: shown.map((g) => ({
          name: g.name,
          html: highlight(g.name, text),
          labels: [],
          groupId: g.groupId,
        })),
      },
    };
  }

  private groupBulk({ query, principal }: RouteContext): Reply {
    const denied = this.requireUserLookup(principal);
    if (denied) return denied;
    const ids = new Set(query.getAll('groupId'));
    const names = new Set(query.getAll('groupName'));
    const all = [...this.groups.values()].sort((a, b) => a.name.localeCompare(b.name));
    const selected =
      ids.size === 0 && names.size === 0
        ? all
        : all.filter((g) => ids.has(g.groupId) || names.has(g.name));
    return this.page(
      query,
      selected.map((g) => ({ name: g.name, groupId: g.groupId })),
      50,
      '/rest/api/3/group/bulk',
    );
  }

  private page(query: URLSearchParams, items: unknown[], defaultMax: number, path: string): Reply {
    const startAt = clampInt(query.get('startAt'), 0, 0, Number.MAX_SAFE_INTEGER);
    const maxResults = clampInt(query.get('maxResults'), defaultMax, 1, 1000);
    const values = items.slice(startAt, startAt + maxResults);
    const isLast = startAt + values.length >= items.length;
    const body: Record<string, unknown> = {
      self: this.self(`${path}?startAt=${startAt}&maxResults=${maxResults}`),
      maxResults,
      startAt,
      total: items.length,
      isLast,
      values,
    };
    if (!isLast)
      body.nextPage = this.self(`${path}?startAt=${startAt + maxResults}&maxResults=${maxResults}`);
    return { status: 200, body };
  }
}

function sum(record: Record<string, number>): number {
  return Object.values(record).reduce((a, b) => a + b, 0);
}

function clampInt(raw: string | null, fallback: number, min: number, max: number): number {
  const n = raw === null ? NaN : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, min), max) : fallback;
}

function highlight(name: string, text: string): string {
  if (!text) return name;
  const i = name.toLowerCase().indexOf(text);
  return i < 0
    ? name
    : `${name.slice(0, i)}<b>${name.slice(i, i + text.length)}</b>${name.slice(i + text.length)}`;
}

function avatarUrls(id: string) {
  const base = `https://avatar-management.services.atlassian.com/avatars/${encodeURIComponent(id)}`;
  return {
    '48x48': `${base}/48`,
    '24x24': `${base}/24`,
    '16x16': `${base}/16`,
    '32x32': `${base}/32`,
  };
}

function issueTypeId(name: string): string {
  return { Task: '10001', Bug: '10002', 'Service Request': '10003' }[name] ?? '10001';
}
