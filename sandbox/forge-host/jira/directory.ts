// Who is who on the in-memory Jira site and what they may do. Permissions come from group
// membership (see DEMO_PERMISSION_GRANTS), so adding a user to a group changes what they may do.
// The app's own user holds project permissions through the atlassian-addons-project-access role,
// as granted by each project's scheme, like any user (DEMO_PROJECT_GRANTS can leave it out).
import { APP_PROJECT_ROLE, type DemoGroup, type DemoUser, type ProjectGrants } from '../demo';

/** Who a request is made as: the invoking user (asUser), the app (asApp) or nobody (plain requestJira). */
export type Principal =
  | { kind: 'user'; accountId: string }
  /** `appId` names another app on the site; without it, the installed app. */
  | { kind: 'app'; appId?: string }
  | { kind: 'anonymous' };

/** Forge app's own Jira user, what asApp() calls are made as. */
export const APP_USER = {
  accountId: '712020:8a1b2c3d-4e5f-4a6b-9c8d-7e6f5a4b3c2d',
  displayName: 'Atlas CRM for Jira',
  accountType: 'app',
} as const;

export interface PermissionDefinition {
  id: string;
  name: string;
  type: 'GLOBAL' | 'PROJECT';
  description: string;
}

/** The permission keys mypermissions knows, with Jira's ids, names and descriptions. */
export const PERMISSIONS: Readonly<Record<string, PermissionDefinition>> = {
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
  MODIFY_REPORTER: {
    id: '30',
    name: 'Modify Reporter',
    type: 'PROJECT',
    description: 'Ability to modify the reporter when creating or editing an issue.',
  },
  USER_PICKER: {
    id: '27',
    name: 'Browse users and groups',
    type: 'GLOBAL',
    description:
      'View and select users or groups from the user picker, and share issues. Users with this permission can see the names of all users and groups on your site.',
  },
};

/** The key of a grant that holds in one project only. */
function projectGrant(permission: string, projectKey: string): string {
  return `${permission}@${projectKey}`;
}

export class JiraDirectory {
  private readonly users = new Map<string, DemoUser>();
  private readonly groups = new Map<string, DemoGroup>();
  private readonly grants = new Map<string, Set<string>>();
  /** The app user's global "Browse users and groups"; admins can take it away. */
  appBrowsesUsers = true;

  constructor(
    grants: Readonly<Record<string, readonly string[]>>,
    projectGrants: ProjectGrants = {},
  ) {
    for (const [permission, groups] of Object.entries(grants))
      this.grants.set(permission, new Set(groups));
    for (const [projectKey, byPermission] of Object.entries(projectGrants))
      for (const [permission, groups] of Object.entries(byPermission))
        this.grants.set(projectGrant(permission, projectKey), new Set(groups));
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

  /**
   * Whether the principal holds a permission. A project permission holds on every project unless
   * that project's scheme grants it otherwise (setGrant with a project key); without a project,
   * the site-wide grant decides. The app holds what its role is granted, and "Browse users and
   * groups" while `appBrowsesUsers`.
   */
  hasPermission(principal: Principal, permission: string, projectKey?: string): boolean {
    if (principal.kind === 'anonymous') return false;
    if (principal.kind === 'app' && permission === 'USER_PICKER') return this.appBrowsesUsers;
    const held = this.groupsHeld(principal);
    const groups =
      (projectKey !== undefined
        ? this.grants.get(projectGrant(permission, projectKey))
        : undefined) ?? this.grants.get(permission);
    return !!groups && held.some((g) => groups.has(g));
  }

  /** Groups (and, for the app, its project role) the principal holds grants through. */
  private groupsHeld(principal: Principal): readonly string[] {
    if (principal.kind === 'app') return [APP_PROJECT_ROLE];
    if (principal.kind === 'anonymous') return [];
    return this.users.get(principal.accountId)?.groups ?? [];
  }

  user(accountId: string): DemoUser | undefined {
    return this.users.get(accountId);
  }

  /** The account with this email address, compared without case, as Jira matches a sender. */
  userByEmail(email: string): DemoUser | undefined {
    const wanted = email.toLowerCase();
    return [...this.users.values()].find((u) => u.emailAddress.toLowerCase() === wanted);
  }

  /** An admin's change to the permission scheme: who holds it from now on (in one project). */
  setGrant(permission: string, groups: readonly string[], projectKey?: string): void {
    const key = projectKey !== undefined ? projectGrant(permission, projectKey) : permission;
    this.grants.set(key, new Set(groups));
  }

  /** The user's groups, in the order the user lists them. */
  groupsOf(user: DemoUser): DemoGroup[] {
    return user.groups
      .map((name) => this.groups.get(name))
      .filter((g): g is DemoGroup => g !== undefined);
  }

  allUsers(): DemoUser[] {
    return [...this.users.values()];
  }

  allGroups(): DemoGroup[] {
    return [...this.groups.values()];
  }

  /** Forgets users and groups; grants stay, as they are the site's configuration. */
  clear(): void {
    this.users.clear();
    this.groups.clear();
  }
}
