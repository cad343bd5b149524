// The contract's part about the admin page: settings, connection test, groups and projects.
import type { AppError } from './contract-base';
import type { JiraProject } from './contract-customer';

export interface JiraGroup {
  groupId: string;
  name: string;
}

export interface AdminSettings {
  configured: boolean;
  clientIdMasked?: string;
  baseUrl: string;
  allowedGroups: JiraGroup[];
  configuredAt?: string;
  /** Projects where new issues are linked to their customer automatically; none by default. */
  autoLinkProjects: JiraProject[];
  /** The calling admin's own group ids; absent when Jira could not tell. */
  myGroupIds?: string[];
}

export interface ConnectionTest {
  latencyMs: number;
  tokenOk: boolean;
  templatesOk: boolean;
  /**
   * Why tokenOk or templatesOk is false. A refused token leaves both false; a token endpoint that
   * does not answer is an error of the call instead.
   */
  problem?: AppError;
  /** What the app's own Jira user may do in the projects it works in as itself. */
  projects?: ProjectAccess[];
  /** Why `projects` is missing: Jira could not be asked. */
  projectsError?: AppError;
}

/** Why a project was checked: automatic linking is on there, or Jira refused the JQL index. */
export type ProjectAccessReason = 'auto-link' | 'index-refused';

/** The app user's Browse Projects and Edit Issues in one project, and what to grant if missing. */
export interface ProjectAccess {
  project: { id: string; key: string; name?: string };
  reasons: ProjectAccessReason[];
  browse: boolean;
  edit: boolean;
  /** Plain words: what is missing, what it stops, and what to grant. Absent when both are held. */
  problem?: string;
}
