// In-memory Jira Cloud answering the REST v3 endpoints the app calls, with Jira's JSON shapes,
// status codes and per-user permissions: the directory (users, groups, permissions), the issues
// with their properties, and the route table that serves them.
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
} from '../demo';
import { delay, type Reply } from '../http';
import { createRng } from '../../shared/prng';
import { JiraCallLog, type JiraCall, type JiraCallCounts } from './call-log';
import { JiraDirectory, type Principal } from './directory';
import { directoryRoutes } from './directory-routes';
import { issueRoutes } from './issue-routes';
import { IssueStore, type IssueRef, type IssueSecurity, type StoredIssue } from './issues';
import { propertyRoutes, type PropertyWriteFaults } from './properties';
import { dispatch, type Route } from './routes';
import { searchRoutes } from './search-routes';

export { APP_USER, type Principal } from './directory';
export { PROPERTY_KEY_MAX, PROPERTY_VALUE_MAX } from './properties';
export type { JiraCall } from './call-log';

export interface JiraRequest {
  method: string;
  /** Path and query, as @forge/api passes it (e.g. `/rest/api/3/mypermissions?permissions=ADMINISTER`). */
  path: string;
  body: string;
  principal: Principal;
}

export interface JiraFaults {
  /** Fraction (0..1) of issue property PUTs answered 500 or 503 without writing. */
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

export interface JiraSnapshot {
  version: 1;
  users: DemoUser[];
  groups: DemoGroup[];
  projects: DemoProject[];
  issues: StoredIssue[];
}

export class InMemoryJira {
  readonly site = DEMO_SITE;
  private latencyMs: number;
  private readonly writeFaults: PropertyWriteFaults;
  private readonly directory = new JiraDirectory(DEMO_PERMISSION_GRANTS);
  private readonly issues = new IssueStore();
  private readonly log = new JiraCallLog();
  private readonly routes: Route[];

  constructor(options: InMemoryJiraOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.writeFaults = {
      failureRate: options.propertyWriteFailureRate ?? 0,
      lostAnswerRate: options.propertyWriteLostAnswerRate ?? 0,
      rng: createRng(options.seed ?? 1),
    };
    if (options.demo !== false) {
      for (const g of DEMO_GROUPS) this.addGroup(g);
      for (const u of Object.values(DEMO_USERS)) this.addUser({ ...u, groups: [...u.groups] });
      this.issues.addProject(DEMO_PROJECT);
      for (const issue of DEMO_ISSUES) this.addIssue(issue);
    }
    const services = { directory: this.directory, issues: this.issues };
    this.routes = [
      ...directoryRoutes(services),
      ...issueRoutes(services),
      ...propertyRoutes({ ...services, faults: this.writeFaults }),
      ...searchRoutes(services),
    ];
  }

  // ---- programmatic setup ---------------------------------------------------------------------

  /** Sets the fault knobs; `seed` restarts the PRNG so a run can be replayed. */
  setFaults(faults: JiraFaults): void {
    if (faults.propertyWriteFailureRate !== undefined)
      this.writeFaults.failureRate = faults.propertyWriteFailureRate;
    if (faults.propertyWriteLostAnswerRate !== undefined)
      this.writeFaults.lostAnswerRate = faults.propertyWriteLostAnswerRate;
    if (faults.latencyMs !== undefined) this.latencyMs = faults.latencyMs;
    if (faults.seed !== undefined) this.writeFaults.rng = createRng(faults.seed);
  }

  addGroup(group: DemoGroup): void {
    this.directory.addGroup(group);
  }

  addUser(user: DemoUser): void {
    this.directory.addUser(user);
  }

  addUserToGroup(accountId: string, groupName: string): void {
    this.directory.addUserToGroup(accountId, groupName);
  }

  /** Adds an issue; its project is the one whose key prefixes the issue key. */
  addIssue(issue: DemoIssue & { projectId?: string }): void {
    this.issues.addIssue(issue);
  }

  /** Puts the issue under a security level that only these accounts pass (undefined lifts it). */
  setIssueSecurity(idOrKey: string, security: IssueSecurity | undefined): void {
    const issue = this.issues.find(idOrKey);
    if (!issue) throw new Error(`Unknown issue ${idOrKey}`);
    if (security) issue.security = { level: security.level, accountIds: [...security.accountIds] };
    else delete issue.security;
  }

  /** An admin can take "Browse users and groups" away from the app's user. */
  setAppBrowsesUsers(allowed: boolean): void {
    this.directory.appBrowsesUsers = allowed;
  }

  issueKeys(): string[] {
    return this.issues.keys();
  }

  /** Looks an issue up by id or key. */
  issueRef(idOrKey: string): IssueRef | undefined {
    return this.issues.ref(idOrKey);
  }

  /** Reads an issue property directly (no counters, no permissions). */
  getProperty(idOrKey: string, key: string): unknown {
    return this.issues.find(idOrKey)?.properties.get(key);
  }

  setProperty(idOrKey: string, key: string, value: unknown): void {
    const issue = this.issues.find(idOrKey);
    if (!issue) throw new Error(`Unknown issue ${idOrKey}`);
    issue.properties.set(key, JSON.parse(JSON.stringify(value)));
  }

  /** Whether the principal holds a permission (project permissions hold on every project). */
  hasPermission(principal: Principal, permission: string): boolean {
    return this.directory.hasPermission(principal, permission);
  }

  // ---- counters and log -----------------------------------------------------------------------

  counts(): JiraCallCounts {
    return this.log.counts();
  }

  resetCounts(): void {
    this.log.reset();
  }

  /** Every request since the last reset, oldest first. */
  calls(): JiraCall[] {
    return this.log.calls();
  }

  // ---- persistence ----------------------------------------------------------------------------

  snapshot(): JiraSnapshot {
    return JSON.parse(
      JSON.stringify({
        version: 1,
        users: this.directory.allUsers(),
        groups: this.directory.allGroups(),
        projects: this.issues.allProjects(),
        issues: this.issues.allIssues(),
      }),
    ) as JiraSnapshot;
  }

  restore(snapshot: JiraSnapshot): void {
    if (snapshot?.version !== 1) throw new Error('Unsupported Jira snapshot version');
    this.directory.clear();
    for (const g of snapshot.groups) this.addGroup(g);
    for (const u of snapshot.users) this.addUser(u);
    this.issues.restore(snapshot.projects, snapshot.issues);
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  async handle(req: JiraRequest): Promise<Reply> {
    await delay(this.latencyMs);
    const url = new URL(req.path, 'http://jira.invalid');
    const method = req.method.toUpperCase();
    const pathname = url.pathname.replace(/\/+$/, '') || '/';
    const { reply, route } = dispatch(this.routes, {
      method,
      pathname,
      query: url.searchParams,
      body: req.body,
      principal: req.principal,
    });
    const { principal } = req;
    this.log.record({
      method,
      path: pathname,
      route,
      provider: principal.kind === 'user' ? 'user' : principal.kind === 'app' ? 'app' : 'none',
      ...(principal.kind === 'user' ? { accountId: principal.accountId } : {}),
      status: reply.status,
    });
    return reply;
  }
}
