// Direct HTTP to the simulator, for what happens in Atlas CRM outside Jira (someone deletes a record).
import type { RunningSimulator } from '../../../sandbox/crm-simulator';

async function token(sim: RunningSimulator): Promise<string> {
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

export async function deleteInCrm(sim: RunningSimulator, entityId: string): Promise<void> {
  const res = await fetch(`${sim.baseUrl}/api/1.0/workspace/CRM/entities/${entityId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${await token(sim)}` },
  });
  if (!res.ok) throw new Error(`delete failed: ${res.status}`);
}

export async function commentsInCrm(
  sim: RunningSimulator,
  entityId: string,
): Promise<{ comment: string }[]> {
  const res = await fetch(`${sim.baseUrl}/__sim/entities/${entityId}/comments`);
  return ((await res.json()) as { comments: { comment: string }[] }).comments;
}
