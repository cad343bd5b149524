// Sandbox controls outside the app: switching the demo user, and a health check for scripts.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { USER_NAMES, isUserName, sessionCookie } from '../session';
import type { SandboxContext } from './context';
import { readBody, sendError, sendJson } from './http';

/** POST /api/session {user}: signs in as another demo user (the page then reloads its frames). */
export async function switchUser(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let name: unknown;
  try {
    name = (JSON.parse(await readBody(req)) as { user?: unknown }).user;
  } catch {
    name = undefined;
  }
  if (!isUserName(name))
    return sendError(res, 400, 'BAD_REQUEST', `user must be one of ${USER_NAMES.join(', ')}`);
  sendJson(res, 200, { user: name }, { 'set-cookie': sessionCookie(name) });
}

/** GET /api/health: whether the UI bundles are ready, and which Atlas CRM is in use. */
export function reportHealth(ctx: SandboxContext, res: ServerResponse): void {
  sendJson(res, 200, {
    ok: true,
    ui: ctx.ui.state().status,
    crmBaseUrl: ctx.crmBaseUrl,
    simulated: ctx.simulated,
  });
}
