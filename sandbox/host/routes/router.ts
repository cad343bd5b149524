// Maps each request to its route; a route that throws answers 500 and is logged.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveBundleFile, serveFavicon, serveHostAsset, serveStaticFile } from './assets';
import type { SandboxContext } from './context';
import { reportHealth, switchUser } from './control';
import { send, sendError } from './http';
import { handleInvoke } from './invoke';
import { handleCreateIssue } from './issues';
import { serveNavigatorPage } from './navigator';
import {
  redirectHome,
  serveAdminPage,
  serveDashboardPage,
  serveIssuePage,
  serveModuleFrame,
} from './pages';

async function route(ctx: SandboxContext, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const p = url.pathname;
  const after = (prefix: string) => (p.startsWith(prefix) ? p.slice(prefix.length) : undefined);

  if (req.method === 'POST' && p === '/api/invoke') return handleInvoke(ctx, req, res);
  if (req.method === 'POST' && p === '/api/session') return switchUser(req, res);
  if (req.method === 'POST' && p === '/api/issues') return handleCreateIssue(ctx, req, res);
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed');
  if (p === '/') return redirectHome(ctx, res);
  if (p === '/api/health') return reportHealth(ctx, res);
  if (p === '/admin') return serveAdminPage(ctx, req, res);
  if (p === '/dashboard') return serveDashboardPage(ctx, req, res);
  if (p === '/favicon.ico') return serveFavicon(res);
  if (p === '/issues/' || p === '/issues')
    return serveNavigatorPage(ctx, req, res, url.searchParams.get('jql') ?? '');

  const issueKey = after('/browse/');
  if (issueKey !== undefined) return serveIssuePage(ctx, req, res, decodeURIComponent(issueKey));
  const moduleKey = after('/frame/');
  if (moduleKey !== undefined)
    return serveModuleFrame(
      ctx,
      req,
      res,
      decodeURIComponent(moduleKey),
      url.searchParams.get('issue') ?? undefined,
    );
  const bundleFile = after('/bundles/');
  if (bundleFile !== undefined) return serveBundleFile(res, bundleFile);
  const hostAsset = after('/host-assets/');
  if (hostAsset !== undefined) return serveHostAsset(ctx, res, hostAsset);
  const staticFile = after('/static/');
  if (staticFile !== undefined) return serveStaticFile(res, staticFile);
  send(res, 404, 'not found');
}

export function createRequestListener(
  ctx: SandboxContext,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(ctx, req, res).catch((error: unknown) => {
      ctx.log(
        `request ${req.method} ${req.url} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      if (!res.headersSent) sendError(res, 500, 'INTERNAL', 'sandbox host error');
      else res.end();
    });
  };
}
