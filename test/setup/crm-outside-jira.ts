// Someone working in Atlas CRM itself, outside Jira: direct HTTP to the simulator with its own
// token (renaming or deleting a record while the panel is open, reading what the CRM holds).
import type { RunningSimulator } from '../../sandbox/crm-simulator';

export async function crmToken(sim: RunningSimulator): Promise<string> {
  const res = await fetch(`${sim.baseUrl}/api/1.0/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sim.clientId,
      client_secret: sim.clientSecret,
    }).toString(),
  });
  if (!res.ok) throw new Error(`token request failed: ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** One API request under /api/1.0/workspace/CRM; throws on a non-2xx answer. */
export async function crmRequest<T = unknown>(
  sim: RunningSimulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${sim.baseUrl}/api/1.0/workspace/CRM${path}`, {
    method,
    headers: { authorization: `Bearer ${await crmToken(sim)}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

export async function deleteInCrm(sim: RunningSimulator, entityId: string): Promise<void> {
  await crmRequest(sim, 'DELETE', `/entities/${entityId}`);
}

export async function commentsInCrm(
  sim: RunningSimulator,
  entityId: string,
): Promise<{ comment: string }[]> {
  const res = await fetch(`${sim.baseUrl}/__sim/entities/${entityId}/comments`);
  return ((await res.json()) as { comments: { comment: string }[] }).comments;
}
