// JQL search (`/rest/api/3/search/jql`, `/rest/api/3/search/approximate-count`), answered from the
// issues' indexed entity properties as the search index holds them (it may lag behind writes,
// except for the issues a search reconciles); only the clauses the app sends are understood.
import { createHash } from 'node:crypto';
import type { Reply } from '../http';
import type { AppFields } from './app-fields';
import type { JiraDirectory, Principal } from './directory';
import { appFieldValues } from './issue-routes';
import { statusCategoryOf, type IssueRecord, type IssueStore } from './issues';
import { parseJql } from './jql';
import { compileQuery, STATUS_CATEGORIES } from './jql-match';
import { jiraError, selfUrl } from './replies';
import { defineRoute, type Route, type RouteContext } from './routes';
import type { SearchIndex } from './search-index';

interface SearchServices {
  directory: JiraDirectory;
  issues: IssueStore;
  index: SearchIndex;
  fields: AppFields;
}

/** Jira's default page, and its cap once fields beyond the id are asked for. */
export const SEARCH_DEFAULT_MAX = 50;
export const SEARCH_FIELDS_MAX = 100;
const SEARCH_IDS_MAX = 5000;

const UNBOUNDED =
  'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';
const BAD_PAYLOAD = 'Invalid request payload. Refer to the REST API documentation and try again.';
const BAD_TOKEN = 'The provided next page token is invalid or expired.';

interface SearchRequest {
  jql: string;
  maxResults?: unknown;
  fields: string[];
  nextPageToken?: unknown;
  /** Issue ids answered as they are now, not as the lagging index holds them. */
  reconcile?: ReadonlySet<string>;
}

export function searchRoutes(services: SearchServices): Route[] {
  return [
    defineRoute('GET', '/rest/api/3/search/jql', (ctx) =>
      search(services, ctx.principal, fromQuery(ctx.query)),
    ),
    defineRoute('POST', '/rest/api/3/search/jql', (ctx) => {
      const body = jsonBody(ctx);
      if (!body) return jiraError(400, BAD_PAYLOAD);
      // Jira takes up to 50 issue ids whose latest changes the answer must reflect.
      const reconcile = body.reconcileIssues;
      if (
        reconcile !== undefined &&
        (!Array.isArray(reconcile) ||
          reconcile.length > 50 ||
          !reconcile.every((id) => Number.isSafeInteger(id) && (id as number) > 0))
      )
        return jiraError(400, 'reconcileIssues must be a list of at most 50 issue ids.');
      const fields = Array.isArray(body.fields) ? body.fields.map(String) : [];
      return search(services, ctx.principal, {
        jql: typeof body.jql === 'string' ? body.jql : '',
        maxResults: body.maxResults,
        fields,
        nextPageToken: body.nextPageToken,
        reconcile: new Set(((reconcile as number[] | undefined) ?? []).map(String)),
      });
    }),
    // An estimate from the index alone: it takes only `jql`, nothing reconciles it.
    defineRoute('POST', '/rest/api/3/search/approximate-count', (ctx) => {
      const body = jsonBody(ctx);
      if (!body) return jiraError(400, BAD_PAYLOAD);
      const found = matching(services, ctx.principal, typeof body.jql === 'string' ? body.jql : '');
      if (!found.ok) return found.reply;
      return { status: 200, body: { count: found.issues.length } };
    }),
  ];
}

function fromQuery(query: URLSearchParams): SearchRequest {
  const maxResults = query.get('maxResults');
  const nextPageToken = query.get('nextPageToken');
  return {
    jql: query.get('jql') ?? '',
    ...(maxResults !== null ? { maxResults: Number(maxResults) } : {}),
    fields: query.getAll('fields').flatMap((f) => f.split(',')),
    ...(nextPageToken !== null ? { nextPageToken } : {}),
  };
}

function jsonBody(ctx: RouteContext): Record<string, unknown> | undefined {
  try {
    const body: unknown = JSON.parse(ctx.body || '{}');
    return typeof body === 'object' && body !== null && !Array.isArray(body)
      ? (body as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

type Found = { ok: true; issues: IssueRecord[] } | { ok: false; reply: Reply };

/**
 * The issues the principal may browse that the query matches, in its order; each as the index
 * holds it, unless reconciled. Permissions are applied as they are now.
 */
function matching(
  services: SearchServices,
  principal: Principal,
  jql: string,
  reconcile: ReadonlySet<string> = new Set(),
): Found {
  const parsed = parseJql(jql, (name) => services.fields.byClauseName(name)?.id);
  if (!parsed.ok) return { ok: false, reply: jiraError(400, parsed.message) };
  if (parsed.query.clauses.length === 0) return { ok: false, reply: jiraError(400, UNBOUNDED) };
  const { issues, directory, index } = services;
  const visible = (ref: string) => issues.findVisible(ref, principal, directory);
  // A project the caller may not browse is refused as one that does not exist.
  const projectId = (ref: string) => {
    const project = issues.project(ref);
    return project && directory.hasPermission(principal, 'BROWSE_PROJECTS', project.key)
      ? project.id
      : undefined;
  };
  const compiled = compileQuery(parsed.query, visible, projectId);
  if (!compiled.ok) return { ok: false, reply: jiraError(400, compiled.message) };
  const found = issues
    .allIssues()
    .map((stored) => visible(stored.id))
    .map((issue) => (issue && !reconcile.has(issue.id) ? index.indexed(issue) : issue))
    .filter((issue): issue is IssueRecord => issue !== undefined && compiled.test(issue));
  return { ok: true, issues: found.sort(compiled.compare) };
}

function search(services: SearchServices, principal: Principal, req: SearchRequest): Reply {
  const found = matching(services, principal, req.jql, req.reconcile);
  if (!found.ok) return found.reply;
  const wantsFields = req.fields.some((f) => f.trim() !== '' && f.trim() !== 'id');
  const cap = wantsFields ? SEARCH_FIELDS_MAX : SEARCH_IDS_MAX;
  const asked = req.maxResults ?? SEARCH_DEFAULT_MAX;
  if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 0)
    return jiraError(400, 'The maxResults parameter must be a positive whole number.');
  const size = Math.min(asked, cap);
  let offset = 0;
  if (req.nextPageToken !== undefined) {
    const read = readToken(req.nextPageToken, req.jql);
    if (read === undefined) return jiraError(400, BAD_TOKEN);
    offset = read;
  }
  const page = found.issues.slice(offset, offset + size);
  const isLast = offset + page.length >= found.issues.length;
  return {
    status: 200,
    body: {
      issues: page.map((issue) => issueJson(issue, req.fields, services.fields)),
      // As Jira does: the token is absent on the last page.
      ...(isLast ? {} : { nextPageToken: makeToken(offset + page.length, req.jql) }),
      isLast,
    },
  };
}

function issueJson(
  issue: IssueRecord,
  fieldList: string[],
  appFields: AppFields,
): Record<string, unknown> {
  const asked = new Set(fieldList.map((f) => f.trim()).filter((f) => f !== '' && f !== 'id'));
  if (asked.size === 0) return { id: issue.id };
  const all = asked.has('*all') || asked.has('*navigable');
  const fields: Record<string, unknown> = {};
  if (all || asked.has('summary')) fields.summary = issue.summary;
  if (all || asked.has('status')) fields.status = statusJson(issue.status);
  if (all || asked.has('issuetype')) fields.issuetype = { name: issue.issueType };
  if (all || asked.has('created')) fields.created = issue.created;
  if (all || asked.has('updated')) fields.updated = issue.updated;
  Object.assign(fields, appFieldValues(appFields, [...asked].join(','), issue.fieldValues));
  return { id: issue.id, key: issue.key, self: selfUrl(`/rest/api/3/issue/${issue.id}`), fields };
}

function statusJson(name: string): Record<string, unknown> {
  const category = STATUS_CATEGORIES[statusCategoryOf(name)];
  return {
    name,
    statusCategory: {
      self: selfUrl(`/rest/api/3/statuscategory/${category.id}`),
      id: category.id,
      key: category.key,
      colorName: category.colorName,
      name: category.name,
    },
  };
}

// Opaque to callers, as Jira's are; tied to the query so another query's token is refused.
function queryTag(jql: string): string {
  return createHash('sha256').update(jql).digest('base64url').slice(0, 12);
}

function makeToken(offset: number, jql: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: queryTag(jql) })).toString('base64url');
}

function readToken(token: unknown, jql: string): number | undefined {
  if (typeof token !== 'string' || token === '') return undefined;
  try {
    const read = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
    if (typeof read !== 'object' || read === null) return undefined;
    const { o, q } = read as { o?: unknown; q?: unknown };
    if (typeof o !== 'number' || !Number.isInteger(o) || o < 0 || q !== queryTag(jql))
      return undefined;
    return o;
  } catch {
    return undefined;
  }
}
