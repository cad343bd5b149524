// In-memory Jira Cloud answering the REST v3 endpoints the app calls, with Jira's JSON shapes,
// status codes and per-user permissions: the directory (users, groups, permissions), the issues
// with their properties, and the route table that serves them.
import {
  DEMO_CUSTOMERS,
  DEMO_GROUPS,
  DEMO_ISSUES,
  DEMO_PERMISSION_GRANTS,
  DEMO_PROJECT_GRANTS,
  DEMO_PROJECTS,
  DEMO_SITE,
  DEMO_USERS,
  type DemoGroup,
  type DemoIssue,
  type DemoOrganization,
  type DemoProject,
  type DemoUser,
} from '../demo';
import { randomUUID } from 'node:crypto';
import { delay, type Reply } from '../http';
import { createRng } from '../../shared/prng';
import { appFieldRoutes } from './app-field-routes';
import { AppFields, type AppField, type AppFieldDeclaration } from './app-fields';
import { JiraCallLog, type JiraCall, type JiraCallCounts } from './call-log';
import { JiraDirectory, type Principal } from './directory';
import { directoryRoutes } from './directory-routes';
import { issueCreatedEvent, type IssueCreatedEvent } from './issue-events';
import { issueRoutes } from './issue-routes';
import { IssueStore, type IssueRef, type IssueSecurity, type StoredIssue } from './issues';
import { permissionCheckRoutes } from './permission-check';
import { propertyRoutes, type PropertyWriteFaults } from './properties';
import { projectRoutes } from './project-routes';
import { RateLimiter, type RateLimitFault } from './rate-limit';
import { dispatch, type Route } from './routes';
import { SearchIndex } from './search-index';
import { searchRoutes } from './search-routes';
import { customerNameFromEmail } from './users';

export { APP_USER, type Principal } from './directory';
export { APP_FIELD_STRING_MAX, appFieldsFromManifest, type AppField } from './app-fields';
export { PROPERTY_KEY_MAX, PROPERTY_VALUE_MAX } from './properties';
export type { JiraCall } from './call-log';
export type { RateLimitFault } from './rate-limit';
export { ISSUE_CREATED, type IssueCreatedEvent } from './issue-events';
export { statusCategoryOf, type IssueRef } from './issues';

export interface NewIssue {
  projectKey: string;
  summary: string;
  description: string;
  reporterAccountId: string;
  /** Who created it (the event's atlassianId); the reporter when absent. */
  creatorAccountId?: string;
  participantAccountIds?: string[];
  organizations?: DemoOrganization[];
  issueType?: string;
}

/** What the sandbox page shows of an issue. */
export interface IssueDetails {
  id: string;
  key: string;
  project: DemoProject;
  issueType: string;
  summary: string;
  description: string;
  status: string;
  reporter?: { accountId: string; displayName: string };
}

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
  /** 429 with Retry-After, for one route or all, always or at a rate; null lifts it. */
  rateLimit?: RateLimitFault | null;
  /** How far JQL search lags behind property writes (ms); 0 makes it current at once. */
  searchLagMs?: number;
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
  private readonly directory = new JiraDirectory(DEMO_PERMISSION_GRANTS, DEMO_PROJECT_GRANTS);
  private readonly issues = new IssueStore();
  private readonly log = new JiraCallLog();
  private readonly routes: Route[];
  private readonly searchIndex = new SearchIndex();
  private readonly rateLimiter: RateLimiter;
  private readonly appFields = new AppFields();
  private installedAppId: string | undefined;

  constructor(options: InMemoryJiraOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
    this.writeFaults = {
      failureRate: options.propertyWriteFailureRate ?? 0,
      lostAnswerRate: options.propertyWriteLostAnswerRate ?? 0,
      rng: createRng(options.seed ?? 1),
    };
    this.rateLimiter = new RateLimiter(() => this.writeFaults.rng);
    this.rateLimiter.set(options.rateLimit ?? undefined);
    this.searchIndex.lagMs = options.searchLagMs ?? 0;
    if (options.demo !== false) {
      for (const g of DEMO_GROUPS) this.addGroup(g);
      for (const u of [...Object.values(DEMO_USERS), ...Object.values(DEMO_CUSTOMERS)])
        this.addUser({ ...u, groups: [...u.groups] });
      for (const p of DEMO_PROJECTS) this.issues.addProject(p);
      for (const issue of DEMO_ISSUES) this.addIssue(issue);
    }
    const services = { directory: this.directory, issues: this.issues, fields: this.appFields };
    this.routes = [
      ...directoryRoutes(services),
      ...permissionCheckRoutes(services),
      ...issueRoutes(services),
      ...projectRoutes(services),
      ...propertyRoutes({ ...services, faults: this.writeFaults, index: this.searchIndex }),
      ...searchRoutes({ ...services, index: this.searchIndex }),
      ...appFieldRoutes({
        ...services,
        index: this.searchIndex,
        installedAppId: () => this.installedAppId,
      }),
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
    if (faults.rateLimit !== undefined) this.rateLimiter.set(faults.rateLimit ?? undefined);
    if (faults.searchLagMs !== undefined) this.searchIndex.lagMs = faults.searchLagMs;
  }

  /** Lets the search index catch up with every write now (lagging writes become searchable). */
  catchUpSearchIndex(): void {
    this.searchIndex.catchUp();
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

  /**
   * Makes a Service Management customer for an email no account has, as Service Management does
   * when someone it does not know writes to the help desk. The caller checks the address.
   */
  addCustomer(emailAddress: string): DemoUser {
    if (this.directory.userByEmail(emailAddress))
      throw new Error(`An account already has ${emailAddress}`);
    const customer: DemoUser = {
      accountId: `qm:${randomUUID()}:${randomUUID()}`,
      displayName: customerNameFromEmail(emailAddress),
      emailAddress,
      groups: [],
      accountType: 'customer',
    };
    this.addUser(customer);
    return { ...customer, groups: [] };
  }

  /**
   * An admin's change to the permission scheme, site-wide or for one project (not kept in
   * snapshots, as the grants are not).
   */
  setPermissionGrant(permission: string, groups: readonly string[], projectKey?: string): void {
    this.directory.setGrant(permission, groups, projectKey);
  }

  /**
   * Installs an app on the site: its `jira:customField`s get ids; only it may set their values.
   * Answers the fields (an app installed again keeps its fields).
   */
  installApp(
    appId: string,
    environmentId: string,
    fields: readonly AppFieldDeclaration[],
  ): AppField[] {
    this.installedAppId ??= appId;
    return this.appFields.install(appId, environmentId, fields);
  }

  /** An app field by `customfield_N`, `cf[N]` or name (as JQL names it). */
  appField(ref: string): AppField | undefined {
    return this.appFields.byClauseName(ref);
  }

  /**
   * An admin deletes an app field (its values go with it). Installing the app again makes the
   * field anew, under the site's next free id.
   */
  deleteAppField(id: string): void {
    if (!this.appFields.remove(id)) throw new Error(`No app field ${id}`);
    for (const key of this.issues.keys()) this.issues.find(key)?.fieldValues.delete(id);
  }

  /** A field's value on an issue as Jira holds it (no counters, no permissions). */
  fieldValue(idOrKey: string, fieldId: string): unknown {
    return this.issues.find(idOrKey)?.fieldValues.get(fieldId);
  }

  /** Set-up write of a field value (searchable at once, as set-up property writes are). */
  setFieldValue(idOrKey: string, fieldId: string, value: unknown): void {
    const issue = this.issues.find(idOrKey);
    if (!issue) throw new Error(`Unknown issue ${idOrKey}`);
    if (value === null || value === undefined) issue.fieldValues.delete(fieldId);
    else issue.fieldValues.set(fieldId, JSON.parse(JSON.stringify(value)));
  }

  /** Adds an issue; its project is the one whose key prefixes the issue key. */
  addIssue(issue: DemoIssue & { projectId?: string; fieldValues?: Record<string, unknown> }): void {
    this.issues.addIssue(issue);
  }

  /**
   * Creates an issue as Jira does (the next id, the next key of the project, created and updated
   * now) and answers it with the product event Jira then sends to subscribed Forge triggers.
   */
  createIssue(input: NewIssue): { id: string; key: string; event: IssueCreatedEvent } {
    const project = this.issues.project(input.projectKey);
    if (!project) throw new Error(`No project ${input.projectKey}`);
    for (const accountId of [
      input.reporterAccountId,
      ...(input.creatorAccountId ? [input.creatorAccountId] : []),
      ...(input.participantAccountIds ?? []),
    ])
      if (!this.directory.user(accountId)) throw new Error(`No user ${accountId}`);
    const serviceDesk = project.projectTypeKey === 'service_desk';
    const { id, key } = this.issues.nextIssueNumbers(project);
    const record = this.issues.addIssue({
      id,
      key,
      projectId: project.id,
      summary: input.summary,
      description: input.description,
      issueType: input.issueType ?? (serviceDesk ? 'Service Request' : 'Task'),
      status: serviceDesk ? 'Waiting for support' : 'To Do',
      reporterAccountId: input.reporterAccountId,
      // Participants and organisations exist in service projects only.
      ...(serviceDesk
        ? {
            participantAccountIds: input.participantAccountIds ?? [],
            organizations: input.organizations ?? [],
          }
        : {}),
    });
    record.created = record.updated = new Date().toISOString().replace('Z', '+0000');
    if (input.creatorAccountId) record.creatorAccountId = input.creatorAccountId;
    return { id, key, event: issueCreatedEvent(record, project) };
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

  /** An issue as the sandbox page shows it (no counters, no permissions). */
  issueDetails(idOrKey: string): IssueDetails | undefined {
    const issue = this.issues.find(idOrKey);
    if (!issue) return undefined;
    const reporter = issue.reporterAccountId
      ? this.directory.user(issue.reporterAccountId)
      : undefined;
    return {
      id: issue.id,
      key: issue.key,
      project: { ...this.issues.projectOf(issue) },
      issueType: issue.issueType,
      summary: issue.summary,
      description: issue.description,
      status: issue.status,
      ...(reporter
        ? { reporter: { accountId: reporter.accountId, displayName: reporter.displayName } }
        : {}),
    };
  }

  /** The site's people, Service Management customers included. */
  users(): DemoUser[] {
    return this.directory.allUsers().map((u) => ({ ...u, groups: [...u.groups] }));
  }

  /** The account with this email address (case ignored), customers included. */
  userByEmail(email: string): DemoUser | undefined {
    const user = this.directory.userByEmail(email);
    return user && { ...user, groups: [...user.groups] };
  }

  projects(): DemoProject[] {
    return this.issues.allProjects().map((p) => ({ ...p }));
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

  /** Whether the principal holds a permission, in the project when one is named. */
  hasPermission(principal: Principal, permission: string, projectKey?: string): boolean {
    return this.directory.hasPermission(principal, permission, projectKey);
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
    // A restored site's index holds what the snapshot holds.
    this.searchIndex.catchUp();
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  async handle(req: JiraRequest): Promise<Reply> {
    await delay(this.latencyMs);
    const url = new URL(req.path, 'http://jira.invalid');
    const method = req.method.toUpperCase();
    const pathname = url.pathname.replace(/\/+$/, '') || '/';
    const { reply, route } = dispatch(
      this.routes,
      { method, pathname, query: url.searchParams, body: req.body, principal: req.principal },
      (name) => this.rateLimiter.check(name),
    );
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
