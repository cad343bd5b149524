// The site's projects and issues, each issue carrying its entity properties, its reporter and, in
// service projects, its request participants and customer organisations.
import type { DemoIssue, DemoOrganization, DemoProject } from '../demo';
import { APP_USER, type JiraDirectory, type Principal } from './directory';

export interface IssueRecord {
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
  /** Values of app-declared custom fields, by `customfield_N` (absent: empty). */
  fieldValues: Map<string, unknown>;
  reporterAccountId?: string;
  /** Who created it; the reporter unless someone raised it on the reporter's behalf. */
  creatorAccountId?: string;
  participantAccountIds: string[];
  organizations: DemoOrganization[];
  /** An issue security level: only these accounts (the app's included, or not) see the issue. */
  security?: IssueSecurity;
}

export interface IssueSecurity {
  level: string;
  accountIds: string[];
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

const DONE_STATUSES = ['done', 'closed', 'resolved', 'canceled', 'cancelled', 'declined'];
const NEW_STATUSES = ['open', 'to do', 'new', 'backlog', 'waiting for support'];

/** Jira's status category of a demo status name: "Done" and the like are done. */
export function statusCategoryOf(status: string): StatusCategoryKey {
  const name = status.toLowerCase();
  if (DONE_STATUSES.includes(name)) return 'done';
  return NEW_STATUSES.includes(name) ? 'new' : 'indeterminate';
}

/** An issue as the invocation runtime and the browser sandbox describe it. */
export interface IssueRef {
  id: string;
  key: string;
  project: DemoProject;
  issueType: string;
}

/** An issue as a snapshot stores it (JSON-safe). */
export type StoredIssue = DemoIssue & {
  projectId: string;
  creatorAccountId?: string;
  created: string;
  updated: string;
  properties: Record<string, unknown>;
  fieldValues?: Record<string, unknown>;
  security?: IssueSecurity;
};

type NewIssue = DemoIssue & { projectId?: string; fieldValues?: Record<string, unknown> };

export class IssueStore {
  private readonly projects = new Map<string, DemoProject>();
  private readonly issues = new Map<string, IssueRecord>();

  addProject(project: DemoProject): void {
    this.projects.set(project.id, { ...project });
  }

  /** Adds an issue; its project is the one whose key prefixes the issue key. */
  addIssue(issue: NewIssue): IssueRecord {
    const project =
      (issue.projectId ? this.projects.get(issue.projectId) : undefined) ??
      [...this.projects.values()].find((p) => issue.key.startsWith(`${p.key}-`));
    if (!project) throw new Error(`No project for issue ${issue.key}`);
    if (this.issues.has(issue.id) || this.find(issue.key))
      throw new Error(`Issue ${issue.key} exists`);
    const now = new Date(Date.UTC(2025, 0, 6, 9, 30) + Number(issue.id) * 3_600_000)
      .toISOString()
      .replace('Z', '+0000');
    const record: IssueRecord = {
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
      fieldValues: new Map(Object.entries(issue.fieldValues ?? {})),
      participantAccountIds: [...(issue.participantAccountIds ?? [])],
      organizations: (issue.organizations ?? []).map((o) => ({ id: o.id, name: o.name })),
      ...(issue.reporterAccountId ? { reporterAccountId: issue.reporterAccountId } : {}),
    };
    this.issues.set(issue.id, record);
    return record;
  }

  /** Looks an issue up by id or (case-insensitive) key. */
  find(idOrKey: string): IssueRecord | undefined {
    const byId = this.issues.get(idOrKey);
    if (byId) return byId;
    const key = idOrKey.toUpperCase();
    for (const issue of this.issues.values()) if (issue.key === key) return issue;
    return undefined;
  }

  /** The issue if the principal may browse it, else undefined (Jira answers both cases 404). */
  findVisible(
    idOrKey: string,
    principal: Principal,
    directory: JiraDirectory,
  ): IssueRecord | undefined {
    const issue = this.find(idOrKey);
    if (!issue || !directory.hasPermission(principal, 'BROWSE_PROJECTS', this.projectOf(issue).key))
      return undefined;
    // Security levels bind the app's own user as well as people.
    if (issue.security && !issue.security.accountIds.includes(accountIdOf(principal)))
      return undefined;
    return issue;
  }

  hasProject(idOrKey: string): boolean {
    return this.project(idOrKey) !== undefined;
  }

  /** A project by id or (case-insensitive) key. */
  project(idOrKey: string): DemoProject | undefined {
    const key = idOrKey.toUpperCase();
    return [...this.projects.values()].find((p) => p.id === idOrKey || p.key === key);
  }

  projectOf(issue: IssueRecord): DemoProject {
    return this.projects.get(issue.projectId) as DemoProject;
  }

  /** The next free issue id (site-wide) and key (per project), as Jira numbers them. */
  nextIssueNumbers(project: DemoProject): { id: string; key: string } {
    let id = 10000;
    let n = 0;
    for (const issue of this.issues.values()) {
      id = Math.max(id, Number(issue.id) || 0);
      if (issue.projectId === project.id)
        n = Math.max(n, Number(issue.key.slice(project.key.length + 1)) || 0);
    }
    return { id: String(id + 1), key: `${project.key}-${n + 1}` };
  }

  ref(idOrKey: string): IssueRef | undefined {
    const issue = this.find(idOrKey);
    if (!issue) return undefined;
    return {
      id: issue.id,
      key: issue.key,
      project: { ...(this.projects.get(issue.projectId) as DemoProject) },
      issueType: issue.issueType,
    };
  }

  keys(): string[] {
    return [...this.issues.values()].map((i) => i.key);
  }

  allProjects(): DemoProject[] {
    return [...this.projects.values()];
  }

  allIssues(): StoredIssue[] {
    return [...this.issues.values()].map((i) => ({
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
      ...(i.fieldValues.size > 0 ? { fieldValues: Object.fromEntries(i.fieldValues) } : {}),
      participantAccountIds: [...i.participantAccountIds],
      organizations: i.organizations.map((o) => ({ ...o })),
      ...(i.reporterAccountId ? { reporterAccountId: i.reporterAccountId } : {}),
      ...(i.creatorAccountId ? { creatorAccountId: i.creatorAccountId } : {}),
      ...(i.security ? { security: { ...i.security } } : {}),
    }));
  }

  /** Puts back issues as a snapshot stored them, timestamps included. */
  restore(projects: DemoProject[], issues: StoredIssue[]): void {
    this.projects.clear();
    this.issues.clear();
    for (const p of projects) this.addProject(p);
    for (const stored of issues) {
      const record = this.addIssue(stored);
      record.created = stored.created;
      record.updated = stored.updated;
      if (stored.creatorAccountId) record.creatorAccountId = stored.creatorAccountId;
      if (stored.security) record.security = { ...stored.security };
    }
  }
}

function accountIdOf(principal: Principal): string {
  if (principal.kind === 'user') return principal.accountId;
  return principal.kind === 'app' ? APP_USER.accountId : '';
}
