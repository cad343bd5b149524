// GET issue: the fields and entity properties asked for, `schema` and `names` when expanded, and
// a 404 when the caller may not see the issue.
import type { Reply } from '../http';
import type { JiraDirectory } from './directory';
import { FIELDS, fieldValue, selectFields } from './issue-fields';
import type { IssueStore } from './issues';
import { issueNotFound, selfUrl } from './replies';
import { defineRoute, type Route, type RouteContext } from './routes';

interface IssueServices {
  directory: JiraDirectory;
  issues: IssueStore;
}

export function issueRoutes(services: IssueServices): Route[] {
  return [defineRoute('GET', '/rest/api/3/issue/{issueIdOrKey}', (ctx) => getIssue(services, ctx))];
}

function getIssue({ issues, directory }: IssueServices, ctx: RouteContext): Reply {
  const [issueRef = ''] = ctx.params;
  const issue = issues.findVisible(issueRef, ctx.principal, directory);
  if (!issue) return issueNotFound();
  const project = issues.projectOf(issue);
  const ids = selectFields(ctx.query.get('fields'), project);
  const services = { directory, project, viewer: ctx.principal };
  const fields: Record<string, unknown> = {};
  for (const id of ids) fields[id] = fieldValue(id, issue, services);
  const body: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: selfUrl(`/rest/api/3/issue/${issue.id}`),
    key: issue.key,
  };
  const expand = (ctx.query.get('expand') ?? '').split(',').map((e) => e.trim());
  if (expand.includes('names'))
    body.names = Object.fromEntries(ids.map((id) => [id, FIELDS[id]!.name]));
  if (expand.includes('schema'))
    body.schema = Object.fromEntries(ids.map((id) => [id, FIELDS[id]!.schema]));
  body.fields = fields;
  const wanted = (ctx.query.get('properties') ?? '').split(',').map((p) => p.trim());
  if (wanted.some(Boolean)) {
    // Jira lists only the properties that exist; a missing one is simply absent.
    const properties: Record<string, unknown> = {};
    for (const [key, value] of issue.properties)
      if (wanted.includes('*all') || wanted.includes(key)) properties[key] = value;
    body.properties = properties;
  }
  return { status: 200, body };
}
