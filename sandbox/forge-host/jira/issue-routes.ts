// GET issue: the fields and entity properties asked for, `schema` and `names` when expanded, and
// a 404 when the caller may not see the issue.
import type { Reply } from '../http';
import { appFieldJson, type AppFields } from './app-fields';
import type { JiraDirectory } from './directory';
import { FIELDS, fieldValue, selectFields } from './issue-fields';
import type { IssueStore } from './issues';
import { issueNotFound, selfUrl } from './replies';
import { defineRoute, type Route, type RouteContext } from './routes';

interface IssueServices {
  directory: JiraDirectory;
  issues: IssueStore;
  fields: AppFields;
}

/** App fields a `fields` parameter names (by id, `*all` or `*navigable`), with their values. */
export function appFieldValues(
  fields: AppFields,
  raw: string | null,
  values: ReadonlyMap<string, unknown>,
): Record<string, unknown> {
  const asked = (raw ?? '*all').split(',').map((f) => f.trim());
  const out: Record<string, unknown> = {};
  for (const field of fields.all()) {
    const wanted =
      asked.includes(field.id) || asked.includes('*all') || asked.includes('*navigable');
    // Jira answers an empty custom field with null.
    if (wanted && !asked.includes(`-${field.id}`)) out[field.id] = values.get(field.id) ?? null;
  }
  return out;
}

export function issueRoutes(services: IssueServices): Route[] {
  return [defineRoute('GET', '/rest/api/3/issue/{issueIdOrKey}', (ctx) => getIssue(services, ctx))];
}

function getIssue(
  { issues, directory, fields: appFields }: IssueServices,
  ctx: RouteContext,
): Reply {
  const [issueRef = ''] = ctx.params;
  const issue = issues.findVisible(issueRef, ctx.principal, directory);
  if (!issue) return issueNotFound();
  const project = issues.projectOf(issue);
  const ids = selectFields(ctx.query.get('fields'), project);
  const services = { directory, project, viewer: ctx.principal };
  const fields: Record<string, unknown> = {};
  for (const id of ids) fields[id] = fieldValue(id, issue, services);
  Object.assign(fields, appFieldValues(appFields, ctx.query.get('fields'), issue.fieldValues));
  const body: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: selfUrl(`/rest/api/3/issue/${issue.id}`),
    key: issue.key,
  };
  const expand = (ctx.query.get('expand') ?? '').split(',').map((e) => e.trim());
  const shown = appFields.all().filter((f) => f.id in fields);
  if (expand.includes('names'))
    body.names = Object.fromEntries([
      ...ids.map((id) => [id, FIELDS[id]!.name]),
      ...shown.map((f) => [f.id, f.name]),
    ]);
  if (expand.includes('schema'))
    body.schema = Object.fromEntries([
      ...ids.map((id) => [id, FIELDS[id]!.schema]),
      ...shown.map((f) => [f.id, appFieldJson(f).schema]),
    ]);
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
