// GET issue, reduced to what the app asks of it: the fields and entity properties it names, and a
// 404 when the caller may not see the issue.
import type { Reply } from '../http';
import type { JiraDirectory } from './directory';
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
  // Only the fields asked for, as Jira does; the app asks for none it needs.
  const asked = new Set((ctx.query.get('fields') ?? '*all').split(',').map((f) => f.trim()));
  const all = asked.has('*all') || asked.has('*navigable');
  const fields: Record<string, unknown> = {};
  if (all || asked.has('summary')) fields.summary = issue.summary;
  if (all || asked.has('status')) fields.status = { name: issue.status };
  if (all || asked.has('issuetype')) fields.issuetype = { name: issue.issueType };
  if (all || asked.has('created')) fields.created = issue.created;
  if (all || asked.has('updated')) fields.updated = issue.updated;
  const body: Record<string, unknown> = {
    id: issue.id,
    key: issue.key,
    self: selfUrl(`/rest/api/3/issue/${issue.id}`),
    fields,
  };
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
