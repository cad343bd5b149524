// GET /issues/?jql=...: Jira's issue navigator, as the app's "Open in Jira's issue search" and
// "N other open issues" links reach it. The query runs through the Jira stand-in as the signed-in
// user, so only issues they may browse are listed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isRecord } from '../../../src/shared/guards';
import { DEMO_USERS, type ForgeHost } from '../../forge-host';
import { renderNavigatorPage, type NavigatorIssue, type NavigatorResult } from '../page/navigator';
import { sessionUser } from '../session';
import type { SandboxContext } from './context';
import { HTML, send } from './http';
import { pageData } from './pages';

/** Jira's navigator shows 50 issues a page. */
const PAGE_SIZE = 50;
/** Longer than any query the app writes; a longer one is not run. */
const JQL_MAX = 2000;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function toIssue(value: unknown, customerField: string): NavigatorIssue | undefined {
  if (!isRecord(value) || typeof value.key !== 'string' || !isRecord(value.fields))
    return undefined;
  const status = isRecord(value.fields.status) ? value.fields.status : {};
  const category = isRecord(status.statusCategory) ? status.statusCategory : {};
  return {
    key: value.key,
    summary: text(value.fields.summary),
    status: text(status.name),
    statusCategory: text(category.key),
    updated: text(value.fields.updated),
    customers: Array.isArray(value.fields[customerField])
      ? (value.fields[customerField] as unknown[]).filter((v): v is string => typeof v === 'string')
      : [],
  };
}

function errorMessages(body: unknown): string[] {
  if (!isRecord(body)) return [];
  const listed = Array.isArray(body.errorMessages) ? body.errorMessages : [];
  const keyed = isRecord(body.errors) ? Object.values(body.errors) : [];
  return [...listed, ...keyed].filter((m): m is string => typeof m === 'string' && m !== '');
}

/** One page of Jira's search, made as the user (never as the app). */
export async function runNavigatorSearch(
  host: ForgeHost,
  accountId: string,
  jql: string,
): Promise<NavigatorResult> {
  if (jql.trim() === '') return { kind: 'no-query' };
  if (jql.length > JQL_MAX)
    return { kind: 'invalid', messages: [`The query is longer than ${JQL_MAX} characters.`] };
  // The app's customer field is a column here, as a user adds it to Jira's list view.
  const customerField = host.jira.appField('Atlas CRM customer')?.id ?? '';
  const query = new URLSearchParams({
    jql,
    fields: ['summary', 'status', 'updated', customerField].filter(Boolean).join(','),
    maxResults: String(PAGE_SIZE),
  });
  const reply = await host.jira.handle({
    method: 'GET',
    path: `/rest/api/3/search/jql?${query.toString()}`,
    body: '',
    principal: { kind: 'user', accountId },
  });
  if (reply.status === 400) return { kind: 'invalid', messages: errorMessages(reply.body) };
  if (reply.status !== 200 || !isRecord(reply.body) || !Array.isArray(reply.body.issues))
    return { kind: 'failed' };
  const issues = reply.body.issues.flatMap((i) => toIssue(i, customerField) ?? []);
  return { kind: 'issues', issues, more: reply.body.isLast === false };
}

export async function serveNavigatorPage(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  jql: string,
): Promise<void> {
  const user = sessionUser(req);
  const result = await runNavigatorSearch(ctx.host, DEMO_USERS[user].accountId, jql);
  // The page chrome (user switch, Create dialog) as elsewhere; the page lists no issues aside.
  const chrome = { ...pageData(ctx, req), issues: [] };
  // Jira answers the page itself with 200, a query error included.
  send(res, 200, renderNavigatorPage(chrome, jql, result), HTML);
}
