// An issue's fields in Jira's REST v3 shapes: reporter and participants as user objects (with
// profile visibility), project, status with its category, description as an ADF document, and the
// Service Management custom fields; plus the `schema` and `names` maps `expand` adds.
import type { DemoProject } from '../demo';
import type { JiraDirectory, Principal } from './directory';
import { statusCategoryOf, type IssueRecord, type StatusCategoryKey } from './issues';
import { selfUrl } from './replies';
import { userJson } from './users';

/** Jira Service Management's "Request participants" and "Organizations" fields on this site. */
export const PARTICIPANTS_FIELD = 'customfield_10100';
export const ORGANIZATIONS_FIELD = 'customfield_10200';

interface FieldDef {
  name: string;
  schema: Record<string, unknown>;
  /** Only on issues of service projects (the field's context). */
  serviceDesk?: boolean;
  /** Shown by `*navigable` (Jira leaves some fields out of the navigator). */
  navigable: boolean;
}

const system = (type: string, id: string, navigable = true, name = id): FieldDef => ({
  name,
  schema: { type, system: id },
  navigable,
});

export const FIELDS: Readonly<Record<string, FieldDef>> = {
  summary: system('string', 'summary', true, 'Summary'),
  status: system('status', 'status', true, 'Status'),
  issuetype: system('issuetype', 'issuetype', true, 'Issue Type'),
  project: system('project', 'project', true, 'Project'),
  reporter: system('user', 'reporter', true, 'Reporter'),
  creator: system('user', 'creator', true, 'Creator'),
  created: system('datetime', 'created', true, 'Created'),
  updated: system('datetime', 'updated', true, 'Updated'),
  description: system('string', 'description', false, 'Description'),
  [PARTICIPANTS_FIELD]: {
    name: 'Request participants',
    schema: {
      type: 'array',
      items: 'user',
      custom: 'com.atlassian.servicedesk:sd-request-participants',
      customId: 10100,
    },
    serviceDesk: true,
    navigable: true,
  },
  [ORGANIZATIONS_FIELD]: {
    name: 'Organizations',
    schema: {
      type: 'array',
      items: 'sd-customerorganization',
      custom: 'com.atlassian.servicedesk:sd-customer-organizations',
      customId: 10200,
    },
    serviceDesk: true,
    navigable: true,
  },
};

const STATUS_CATEGORIES: Record<StatusCategoryKey, { id: number; name: string; color: string }> = {
  new: { id: 2, name: 'To Do', color: 'blue-gray' },
  indeterminate: { id: 4, name: 'In Progress', color: 'yellow' },
  done: { id: 3, name: 'Done', color: 'green' },
};

/** Which field ids a `fields` query parameter selects on an issue of this project. */
export function selectFields(raw: string | null, project: DemoProject): string[] {
  const onIssue = Object.keys(FIELDS).filter(
    (id) => !FIELDS[id]!.serviceDesk || project.projectTypeKey === 'service_desk',
  );
  const asked = (raw ?? '*all')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const chosen = new Set<string>();
  for (const f of asked) {
    if (f === '*all') onIssue.forEach((id) => chosen.add(id));
    else if (f === '*navigable')
      onIssue.filter((id) => FIELDS[id]!.navigable).forEach((id) => chosen.add(id));
    else if (!f.startsWith('-') && onIssue.includes(f)) chosen.add(f);
  }
  for (const f of asked) if (f.startsWith('-')) chosen.delete(f.slice(1));
  return onIssue.filter((id) => chosen.has(id));
}

export function statusJson(status: string): Record<string, unknown> {
  const key = statusCategoryOf(status);
  const category = STATUS_CATEGORIES[key];
  const id = String(10000 + [...status].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 9000, 0));
  return {
    self: selfUrl(`/rest/api/3/status/${id}`),
    description: '',
    iconUrl: selfUrl('/images/icons/statuses/generic.png'),
    name: status,
    id,
    statusCategory: {
      self: selfUrl(`/rest/api/3/statuscategory/${category.id}`),
      id: category.id,
      key,
      colorName: category.color,
      name: category.name,
    },
  };
}

export function projectJson(project: DemoProject): Record<string, unknown> {
  return {
    self: selfUrl(`/rest/api/3/project/${project.id}`),
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    avatarUrls: {
      '48x48': selfUrl(`/rest/api/3/universal_avatar/view/type/project/avatar/${project.id}`),
    },
  };
}

/** Plain text as an Atlassian Document Format doc: blank lines part paragraphs. */
export function adfDoc(text: string): Record<string, unknown> {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => ({
      type: 'paragraph',
      content: p
        .split('\n')
        .flatMap((line, i) => [
          ...(i > 0 ? [{ type: 'hardBreak' }] : []),
          ...(line ? [{ type: 'text', text: line }] : []),
        ]),
    })),
  };
}

export interface FieldServices {
  directory: JiraDirectory;
  project: DemoProject;
  viewer: Principal;
}

function userField(accountId: string | undefined, s: FieldServices): unknown {
  const user = accountId ? s.directory.user(accountId) : undefined;
  return user ? userJson(user, s.viewer) : null;
}

/** The value of one field of the issue, as the viewer sees it. */
export function fieldValue(id: string, issue: IssueRecord, s: FieldServices): unknown {
  switch (id) {
    case 'summary':
      return issue.summary;
    case 'status':
      return statusJson(issue.status);
    case 'issuetype':
      return {
        self: selfUrl('/rest/api/3/issuetype/10001'),
        id: '10001',
        name: issue.issueType,
        subtask: false,
      };
    case 'project':
      return projectJson(s.project);
    case 'reporter':
      return userField(issue.reporterAccountId, s);
    case 'creator':
      return userField(issue.creatorAccountId ?? issue.reporterAccountId, s);
    case 'created':
      return issue.created;
    case 'updated':
      return issue.updated;
    case 'description':
      return issue.description ? adfDoc(issue.description) : null;
    case PARTICIPANTS_FIELD: {
      const users = issue.participantAccountIds.map((a) => userField(a, s)).filter(Boolean);
      // Jira answers an empty custom field with null.
      return users.length > 0 ? users : null;
    }
    case ORGANIZATIONS_FIELD:
      return issue.organizations.length > 0
        ? issue.organizations.map((o) => ({
            id: o.id,
            name: o.name,
            _links: { self: selfUrl(`/rest/servicedeskapi/organization/${o.id}`) },
          }))
        : null;
    default:
      return undefined;
  }
}
