// The host pages: a Jira-like issue view, the app's admin page, and the module iframes in them.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_ORGANIZATIONS, DEMO_USERS, type ForgeHost } from '../../forge-host';
import { FRAME_CONFIG_GLOBAL } from '../frame-config';
import { buildFrameConfig } from '../frame-context';
import { MODULES } from '../modules';
import {
  renderAdminPage,
  renderDashboardPage,
  renderFramePage,
  renderIssuePage,
  renderWaitingFrame,
  type PageData,
  type PageIssue,
  type PagePerson,
} from '../page/html';
import { USER_NAMES, sessionUser } from '../session';
import { bundleScripts } from '../ui-bundles';
import type { SandboxContext } from './context';
import { HTML, send } from './http';

function listIssues(host: ForgeHost): PageIssue[] {
  return host.jira.issueKeys().flatMap((key) => {
    const issue = host.jira.issueDetails(key);
    return issue
      ? [
          {
            id: issue.id,
            key: issue.key,
            type: issue.issueType,
            summary: issue.summary,
            description: issue.description,
            status: issue.status,
            projectKey: issue.project.key,
            ...(issue.reporter ? { reporter: issue.reporter.displayName } : {}),
          },
        ]
      : [];
  });
}

/** Everyone a new issue can be reported by: customers first, as a service desk lists them. */
function listPeople(host: ForgeHost): PagePerson[] {
  return host.jira
    .users()
    .map((u) => ({
      accountId: u.accountId,
      displayName: u.displayName,
      email: u.emailAddress,
      customer: u.accountType === 'customer',
      emailHidden: Boolean(u.emailHidden),
    }))
    .sort((a, b) => Number(b.customer) - Number(a.customer));
}

/** What every host page needs: the signed-in user, the issue list, the Create dialog's choices. */
export function pageData(ctx: SandboxContext, req: IncomingMessage, current?: string): PageData {
  return {
    user: sessionUser(req),
    users: USER_NAMES.map((name) => ({
      name,
      displayName: DEMO_USERS[name].displayName,
      accountId: DEMO_USERS[name].accountId,
    })),
    issues: listIssues(ctx.host),
    currentIssueKey: current,
    projects: ctx.host.jira
      .projects()
      .map((p) => ({ key: p.key, name: p.name, type: p.projectTypeKey })),
    people: listPeople(ctx.host),
    organizations: DEMO_ORGANIZATIONS.map((o) => ({ id: o.id, name: o.name })),
    crmBaseUrl: ctx.crmBaseUrl,
    simulated: ctx.simulated,
  };
}

/** `/` opens the first issue, as Jira lands on an issue view. */
export function redirectHome(ctx: SandboxContext, res: ServerResponse): void {
  send(res, 302, '', 'text/plain', {
    location: `/browse/${listIssues(ctx.host)[0]?.key ?? 'SUP-1'}`,
  });
}

/** `/browse/KEY`: an unknown key still gets the page (with its issue list), as a 404. */
export function serveIssuePage(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  key: string,
): void {
  const data = pageData(ctx, req, key);
  if (!data.issues.some((i) => i.key === key))
    return send(res, 404, renderIssuePage({ ...data, currentIssueKey: undefined }), HTML);
  send(res, 200, renderIssuePage(data), HTML);
}

export function serveAdminPage(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  send(res, 200, renderAdminPage(pageData(ctx, req)), HTML);
}

export function serveDashboardPage(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  send(res, 200, renderDashboardPage(pageData(ctx, req)), HTML);
}

/** `/frame/MODULE?issue=KEY`: the iframe page that loads the renderer, then the app's bundle. */
export async function serveModuleFrame(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  moduleKey: string,
  issueKey: string | undefined,
): Promise<void> {
  const mod = MODULES[moduleKey];
  if (!mod) return send(res, 404, 'unknown module');
  const config = buildFrameConfig(ctx.host, sessionUser(req), mod, issueKey);
  if (!config) return send(res, 404, 'unknown issue');
  const ui = ctx.ui.state();
  if (ui.status !== 'ready') return send(res, 200, renderWaitingFrame(config, ui), HTML);
  let scripts: string[];
  try {
    scripts = (await bundleScripts(mod.resource)).map((s) => `/bundles/${mod.resource}/${s}`);
  } catch {
    return send(res, 503, `dist/${mod.resource} is missing: run npm run build`);
  }
  send(res, 200, renderFramePage(FRAME_CONFIG_GLOBAL, config, scripts), HTML);
}
