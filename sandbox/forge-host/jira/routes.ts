// Route table plumbing: templates such as `/rest/api/3/issue/{issueIdOrKey}` matched against a
// request path, with Jira's 404 for an unknown path and 405 for a known path with another method.
import type { Reply } from '../http';
import type { Principal } from './directory';
import { jiraError } from './replies';

export interface RouteContext {
  /** Path parameters in template order, URI-decoded. */
  params: string[];
  query: URLSearchParams;
  body: string;
  principal: Principal;
}

export interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  handler: (ctx: RouteContext) => Reply;
}

export function defineRoute(method: string, template: string, handler: Route['handler']): Route {
  return {
    method,
    template,
    pattern: new RegExp('^' + template.replace(/\{[^}]+\}/g, '([^/]+)') + '$'),
    handler,
  };
}

export interface DispatchRequest {
  method: string;
  /** Path without query or trailing slash. */
  pathname: string;
  query: URLSearchParams;
  body: string;
  principal: Principal;
}

/**
 * Answers a request from the table; `route` names the template it matched, for the call log.
 * `before` may answer in the route's place (Jira's edge refusing before the route runs).
 */
export function dispatch(
  routes: readonly Route[],
  req: DispatchRequest,
  before: (route: string) => Reply | undefined = () => undefined,
): { reply: Reply; route: string } {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(req.pathname);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== req.method) continue;
    const name = `${req.method} ${route.template}`;
    const refused = before(name);
    if (refused) return { reply: refused, route: name };
    let params: string[];
    try {
      params = match.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return { reply: jiraError(400, 'Malformed path'), route: name };
    }
    const reply = route.handler({
      params,
      query: req.query,
      body: req.body,
      principal: req.principal,
    });
    return { reply, route: name };
  }
  const route = `${req.method} (unknown)`;
  return {
    reply:
      before(route) ??
      (pathMatched
        ? jiraError(405, 'Method Not Allowed')
        : jiraError(404, 'null for uri: ' + req.pathname)),
    route,
  };
}
