// npm start's state: links and settings survive a restart; a fresh start wipes them.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@jest/globals';
import { DEMO_USERS } from '../../sandbox/forge-host';
import { startSandbox, type RunningSandbox } from '../../sandbox/host/server';

jest.setTimeout(240_000);

let stateDir: string;
let running: RunningSandbox | undefined;

beforeAll(async () => {
  stateDir = await mkdtemp(path.join(os.tmpdir(), 'atlas-sandbox-restart-'));
});
afterAll(async () => {
  await running?.close();
  await rm(stateDir, { recursive: true, force: true });
});

async function invoke(
  sandbox: RunningSandbox,
  user: string,
  functionKey: string,
  payload?: unknown,
): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> {
  const res = await fetch(`${sandbox.url}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `atlas_sandbox_user=${user}` },
    body: JSON.stringify({
      functionKey,
      payload,
      module: 'atlas-crm-issue-panel',
      issueKey: 'SUP-6',
    }),
  });
  expect(res.status).toBe(200);
  return (
    (await res.json()) as { result: { ok: boolean; data?: unknown; error?: { code: string } } }
  ).result;
}

const linkIds = (result: { data?: unknown }) =>
  ((result.data as { links: { id: string }[] }).links ?? []).map((l) => l.id);

test('a link made before a restart is there after it, and --fresh removes it', async () => {
  const log = () => undefined;
  running = await startSandbox({ port: 0, stateDir, fresh: true, log });
  const found = await invoke(running, 'agent', 'entities/search', { type: 'company', text: 'Oak' });
  const entityId = (found.data as { items: { id: string }[] }).items[0]!.id;
  const added = await invoke(running, 'agent', 'links/add', { entityId });
  expect(added.ok).toBe(true);
  await running.close();

  running = await startSandbox({ port: 0, stateDir, log });
  expect(linkIds(await invoke(running, 'agent', 'links/refresh'))).toContain(entityId);
  // The demo credentials are still configured (KVS restored), not saved twice.
  await running.close();

  running = await startSandbox({ port: 0, stateDir, fresh: true, log });
  expect(linkIds(await invoke(running, 'agent', 'links/refresh'))).not.toContain(entityId);
  await running.close();
  running = undefined;
});

test('an issue created in the sandbox is still there after a restart', async () => {
  const log = () => undefined;
  running = await startSandbox({ port: 0, stateDir, fresh: true, log });
  const res = await fetch(`${running.url}/api/issues`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'atlas_sandbox_user=agent' },
    body: JSON.stringify({
      projectKey: 'ACC',
      summary: 'Kept across restarts',
      description: '',
      reporterAccountId: DEMO_USERS.agent.accountId,
    }),
  });
  expect(res.status).toBe(201);
  expect(await res.json()).toMatchObject({ key: 'ACC-3' });
  await running.close();

  running = await startSandbox({ port: 0, stateDir, log });
  expect(running.host.jira.issueDetails('ACC-3')).toMatchObject({
    summary: 'Kept across restarts',
    reporter: { displayName: 'Alex Agent' },
  });
  expect((await fetch(`${running.url}/browse/ACC-3`)).status).toBe(200);
  await running.close();
  running = undefined;
});

test('pointed at another Atlas CRM, nothing is pre-configured and the demo state is kept apart', async () => {
  running = await startSandbox({
    port: 0,
    stateDir,
    crmBaseUrl: 'http://127.0.0.1:9',
    log: () => undefined,
  });
  expect(running.simulator).toBeUndefined();
  const res = await fetch(`${running.url}/api/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'atlas_sandbox_user=admin' },
    body: JSON.stringify({ functionKey: 'admin/settings/get', module: 'atlas-crm-admin-page' }),
  });
  const settings = (
    (await res.json()) as { result: { data: { configured: boolean; baseUrl: string } } }
  ).result.data;
  expect(settings).toMatchObject({ configured: false, baseUrl: 'http://127.0.0.1:9' });
  await running.close();
  running = undefined;
});
