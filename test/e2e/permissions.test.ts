// The viewer: sees the records linked to the issue but no search and no actions, and the server
// refuses a forged links/add or search.
import { expect } from '@jest/globals';
import { PANEL, frame, screenshot, switchUser, useE2e } from './harness';

const e2e = useE2e();

test('the viewer sees linked records but no search, Link or Unlink buttons', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  await frame(page, PANEL)
    .getByText(/Companies \(1\)/)
    .waitFor();
  await switchUser(page, 'Vic Viewer');
  expect(await page.locator('#user-switch').inputValue()).toBe('viewer');

  const panel = frame(page, PANEL);
  await panel.getByText(/Companies \(1\)/).waitFor();
  await panel.getByText('Read-only', { exact: true }).waitFor();
  expect(await panel.getByRole('button', { name: 'Unlink' }).count()).toBe(0);

  await panel
    .getByText(/Searching Atlas CRM, opening other records and changing anything/)
    .waitFor();
  expect(await panel.getByPlaceholder('Search companies by name').count()).toBe(0);
  expect(await panel.getByRole('button', { name: 'Link', exact: true }).count()).toBe(0);
  await screenshot(page, 'viewer-read-only');
});

test('the server refuses links/add as the viewer with FORBIDDEN', async () => {
  const { page, sandbox } = e2e();
  const entityId = sandbox.simulator!.control.entitiesLinkedToIssue('10001')[0];
  // page.request shares the browser's session cookie: the viewer, as switched above.
  const res = await page.request.post(`${sandbox.url}/api/invoke`, {
    data: {
      functionKey: 'links/add',
      payload: { entityId: entityId ?? 'x' },
      module: 'atlas-crm-issue-panel',
      issueKey: 'SUP-2',
    },
  });
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { result: { ok: boolean; error?: { code: string } } };
  expect(body.result.ok).toBe(false);
  expect(body.result.error?.code).toBe('FORBIDDEN');

  // Searching reaches the whole CRM: refused to the viewer, whatever the page shows.
  const search = await page.request.post(`${sandbox.url}/api/invoke`, {
    data: {
      functionKey: 'entities/search',
      payload: { type: 'contact' },
      module: 'atlas-crm-issue-panel',
      issueKey: 'SUP-1',
    },
  });
  const searched = (await search.json()) as { result: { ok: boolean; error?: { code: string } } };
  expect(searched.result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  // Claiming another account in the body does not help: identity comes from the session.
  const forged = await page.request.post(`${sandbox.url}/api/invoke`, {
    data: {
      functionKey: 'links/add',
      payload: { entityId: entityId ?? 'x' },
      module: 'atlas-crm-issue-panel',
      issueKey: 'SUP-2',
      accountId: '557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f01',
    },
  });
  expect(forged.status()).toBe(409);
  // An unknown module is refused before any resolver runs.
  const unknown = await page.request.post(`${sandbox.url}/api/invoke`, {
    data: { functionKey: 'links/add', payload: {}, module: 'nope' },
  });
  expect(unknown.status()).toBe(400);
});
