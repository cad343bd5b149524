// global.__forge_fetch__: the one door through which @forge/api (requestJira, asUser, asApp) and
// @forge/kvs reach the platform. It returns WHATWG Responses, as the real runtime does.
// @forge/api's plain `fetch` does NOT come through here: it is Node's fetch, held to the
// manifest's egress list by the gate in egress.ts.
import { currentInvocation } from './context';
import { bodyText, toResponse } from './http';
import type { InMemoryJira, Principal } from './jira';
import type { InMemoryKvs } from './kvs';
import { isReportPath, type InMemoryPrivacy } from './privacy';

/** What @forge/api and @forge/kvs put in the first argument of __forge_fetch__. */
export interface ForgeFetchDescriptor {
  type: string;
  provider?: string;
  remote?: string;
  accountId?: string;
  contextAri?: string;
}

export type ForgeFetch = (
  descriptor: ForgeFetchDescriptor,
  path: string,
  init?: RequestInit,
) => Promise<Response>;

/** A response the Forge egress proxy itself produces; @forge/api turns it into ProxyRequestError. */
function proxyError(status: number, reason: string): Response {
  return new Response(null, { status, headers: { 'forge-proxy-error': reason } });
}

export function createForgeFetch(services: {
  jira: InMemoryJira;
  kvs: InMemoryKvs;
  privacy?: InMemoryPrivacy;
}): ForgeFetch {
  return async (descriptor, path, init = {}) => {
    if (currentInvocation()?.ended)
      throw new Error(
        'The invocation was ended at its time limit; its platform calls are refused.',
      );
    const text = await bodyText(init.body);
    if (descriptor.type === 'kvs') {
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        return toResponse({
          status: 400,
          body: { code: 'BAD_REQUEST', message: 'Provided request body is invalid' },
        });
      }
      return toResponse(services.kvs.handle(path, body));
    }
    // privacy.reportPersonalData: Atlassian's API, as the app (privacy.ts).
    const stargate = descriptor.type === 'fpp' && descriptor.remote === 'stargate';
    if (stargate && descriptor.provider === 'app' && services.privacy && isReportPath(path))
      return toResponse(services.privacy.handleText(init.method ?? 'GET', text));
    if (descriptor.type === 'fpp' && descriptor.remote === 'jira') {
      let principal: Principal;
      if (descriptor.provider === 'app') {
        principal = { kind: 'app' };
      } else if (descriptor.provider === 'user') {
        // asUser(accountId) names the user; asUser() means the user of the running invocation.
        const accountId = descriptor.accountId ?? currentInvocation()?.accountId;
        if (!accountId) return proxyError(401, 'NO_INVOCATION_USER');
        principal = { kind: 'user', accountId };
      } else {
        // Plain requestJira(): unauthenticated, as documented for @forge/api.
        principal = { kind: 'anonymous' };
      }
      const reply = await services.jira.handle({
        method: init.method ?? 'GET',
        path,
        body: text,
        principal,
      });
      return toResponse(reply);
    }
    throw new Error(
      `The sandbox Forge host does not emulate ${JSON.stringify(descriptor)} (path ${path}); ` +
        'only Jira (requestJira / asUser / asApp) and KVS are available.',
    );
  };
}
