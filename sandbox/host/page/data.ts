// What the host pages are drawn from: the signed-in user, the site's issues, projects and people.

export interface PageIssue {
  id: string;
  key: string;
  type: string;
  summary: string;
  description: string;
  status: string;
  projectKey: string;
  /** The reporter's display name. */
  reporter?: string;
}

export interface PageProject {
  key: string;
  name: string;
  /** Jira's projectTypeKey, e.g. service_desk or software. */
  type: string;
}

/** Someone a new issue can be reported by, customers with their email. */
export interface PagePerson {
  accountId: string;
  displayName: string;
  email: string;
  customer: boolean;
  emailHidden: boolean;
}

export interface PageData {
  user: string;
  users: { name: string; displayName: string; accountId: string }[];
  issues: PageIssue[];
  currentIssueKey?: string;
  projects: PageProject[];
  people: PagePerson[];
  /** Service Management customer organisations a new request can belong to. */
  organizations: { id: string; name: string }[];
  crmBaseUrl: string;
  simulated: boolean;
}
