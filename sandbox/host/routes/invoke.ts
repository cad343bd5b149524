// POST /api/invoke: the frames' bridge `invoke`, run through the app's real resolver handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEMO_USERS } from '../../forge-host';
import type { IssueRef } from '../app-invoker';
import { MODULES } from '../modules';
import { sessionUser } from '../session';
import type { SandboxContext } from './context';
import { readBody, sendError, sendJson } from './http';

interface InvokeRequest {
  functionKey?: unknown;
  payload?: unknown;
  module?: unknown;
  issueKey?: unknown;
  accountId?: unknown;
}

export async function handleInvoke(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  let body: InvokeRequest;
  try {
    body = JSON.parse(await readBody(req)) as InvokeRequest;
  } catch {
    return sendError(res, 400, 'BAD_REQUEST', 'The request body is not JSON.');
  }
  const user = sessionUser(req);
  const mod = typeof body.module === 'string' ? MODULES[body.module] : undefined;
  if (typeof body.functionKey !== 'string' || !mod)
    return sendError(res, 400, 'BAD_REQUEST', 'functionKey and a known module are required.');
  // Identity comes from the session (Forge: the signed invocation), never from the body; a body
  // naming someone else is a frame left over from before a user switch.
  if (body.accountId !== undefined && body.accountId !== DEMO_USERS[user].accountId)
    return sendError(res, 409, 'SESSION_CHANGED', 'The signed-in user changed. Reload the page.');
  let issue: IssueRef | undefined;
  if (mod.needsIssue) {
    const ref =
      typeof body.issueKey === 'string' ? ctx.host.jira.issueRef(body.issueKey) : undefined;
    if (!ref) return sendError(res, 400, 'BAD_REQUEST', 'This module needs an existing issue.');
    issue = { id: ref.id, key: ref.key };
  }
  const functionKey = body.functionKey;
  const started = Date.now();
  try {
    const result = await ctx.invokeAs(user, functionKey, body.payload, mod, issue);
    const outcome =
      (result as { ok?: boolean; error?: { code?: string } } | undefined)?.ok === false
        ? (result as { error: { code?: string } }).error.code
        : 'ok';
    ctx.log(
      `invoke ${functionKey} as ${user} (${mod.extensionType}${issue ? ` ${issue.key}` : ''}) -> ${outcome} in ${Date.now() - started} ms`,
    );
    sendJson(res, 200, { result: result ?? null });
  } catch (error) {
    // Forge answers a crashed function with an error to invoke(); the UI shows its own message.
    ctx.log(
      `invoke ${functionKey} as ${user} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    sendError(res, 500, 'FUNCTION_ERROR', 'The app function failed. See the sandbox log.');
  }
}
