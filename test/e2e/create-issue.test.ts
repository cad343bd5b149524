// The sandbox's "Create issue": a new issue from a known customer reaches the app's real
// issue-created trigger, which links it to that customer with no click (automatic linking is on
// for SUP from the first start). As on Forge, the event arrives after Create answered: the panel,
// open by then, says it is looking for the customer and shows the links once they are made. The
// dialog works from the keyboard and fits a narrow window.
import { expect } from '@jest/globals';
import { DEMO_CUSTOMERS } from '../../sandbox/forge-host';
import { PANEL, frame, screenshot, switchUser, useE2e } from './harness';

const e2e = useE2e();

test('an issue reported by a known customer is created, fires the trigger and is linked to her', async () => {
  const { page, sandbox } = e2e();
  // Forge's event arrives only once the new issue's panel is open (here: once the test saw it).
  let letThrough: () => void = () => undefined;
  sandbox.host.events.setNext({ after: new Promise<void>((resolve) => (letThrough = resolve)) });
  await page.goto(`${sandbox.url}/browse/SUP-6`);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create issue' });
  await dialog.waitFor();
  // The summary has the focus; the rest is reached with Tab, as with a keyboard only.
  await page.keyboard.type('Dashboard shows last month’s figures');
  await page.keyboard.press('Tab');
  await page.keyboard.type('The energy dashboard still shows February after the month closed.');
  await dialog.getByLabel('Project').selectOption({ label: 'Customer Support (SUP)' });
  await dialog.getByLabel('Reporter').selectOption({
    label: `Anna Tanaka · ${DEMO_CUSTOMERS.anna.emailAddress}`,
  });
  await dialog.getByLabel(/Lucas Jansen/).check();
  await screenshot(page, 'create-issue-dialog');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();

  await page.waitForURL(/\/browse\/SUP-9$/);
  await page.getByRole('heading', { name: 'Dashboard shows last month’s figures' }).waitFor();
  await page.locator('.fields').getByText('Anna Tanaka').waitFor();
  await page.getByText('SUP-9 created').waitFor();
  await page.getByRole('link', { name: /SUP-9/ }).waitFor();
  expect(sandbox.host.jira.issueDetails('SUP-9')?.reporter?.accountId ?? '').toBe(
    DEMO_CUSTOMERS.anna.accountId,
  );
  // The trigger has not run yet: no stale "nothing linked", but the panel is looking.
  const panel = frame(page, PANEL);
  await panel.getByText("Looking for this issue's customer…").waitFor();
  expect(await panel.getByText(/No companies, contacts or sales/).count()).toBe(0);
  await screenshot(page, 'created-issue-looking');
  letThrough();
  // No click: Anna Tanaka's contact is linked by the trigger, and the panel shows it.
  await panel.getByText(/Contacts \(1\)/).waitFor();
  await panel.getByText("Looking for this issue's customer…").waitFor({ state: 'detached' });
  await sandbox.host.events.settled();
  // Jira's event reached the app's real trigger handler, which finished.
  expect(e2e().logs.join('\n')).toMatch(
    /trigger atlas-crm-issue-created \(auto-link\) on SUP-9 -> ok/,
  );
  const control = sandbox.simulator!.control;
  const linked = control.entitiesLinkedToIssue('10011').map((id) => control.getEntity(id));
  expect(linked.map((e) => e?.fields?.['contact-email'])).toContain(
    DEMO_CUSTOMERS.anna.emailAddress,
  );
  await screenshot(page, 'created-issue-linked');
});

test('the dialog refuses a missing summary in words, and Escape closes it', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create issue' });
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await dialog.getByText('Summary is required.').waitFor();
  // A software project has no request participants.
  await dialog.getByLabel('Project').selectOption({ label: 'Account Management (ACC)' });
  expect(await dialog.getByLabel(/Lucas Jansen/).isDisabled()).toBe(true);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect(sandbox.host.jira.issueKeys()).not.toContain('SUP-10');
});

test('the server checks the form itself and who asks', async () => {
  const { page, sandbox } = e2e();
  const post = (data: unknown) => page.request.post(`${sandbox.url}/api/issues`, { data });
  const base = {
    projectKey: 'SUP',
    summary: 'x',
    description: '',
    reporterAccountId: DEMO_CUSTOMERS.emma.accountId,
  };
  const noSuchReporter = await post({ ...base, reporterAccountId: 'someone-else' });
  expect(noSuchReporter.status()).toBe(400);
  expect(await noSuchReporter.json()).toEqual({
    error: { code: 'BAD_REQUEST', message: 'Choose a reporter from the list.' },
  });
  const blank = await post({ ...base, summary: '   ' });
  expect(((await blank.json()) as { error: { message: string } }).error.message).toBe(
    'Summary is required.',
  );
  const participantsInSoftware = await post({
    ...base,
    projectKey: 'ACC',
    participantAccountIds: [DEMO_CUSTOMERS.lucas.accountId],
  });
  expect(participantsInSoftware.status()).toBe(400);
  const unknownOrganization = await post({ ...base, organizationIds: ['999'] });
  expect(unknownOrganization.status()).toBe(400);
  // A request for a customer organisation carries it in Jira's Organizations field.
  const withOrganization = await post({ ...base, organizationIds: ['2'] });
  expect(withOrganization.status()).toBe(201);
  const { key } = (await withOrganization.json()) as { key: string };
  const read = await sandbox.host.jira.handle({
    method: 'GET',
    path: `/rest/api/3/issue/${key}?fields=customfield_10200`,
    body: '',
    principal: { kind: 'app' },
  });
  expect((read.body as { fields: Record<string, unknown> }).fields.customfield_10200).toEqual([
    expect.objectContaining({ id: '2', name: 'Nordbridge Logistics' }),
  ]);

  // The viewer may not create issues, as in Jira.
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  await switchUser(page, 'Vic Viewer');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create issue' });
  await dialog.getByLabel('Summary (required)').fill('Not allowed');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await dialog.getByText(/Vic Viewer may not create issues here/).waitFor();
  await page.keyboard.press('Escape');
  await switchUser(page, 'Ada Admin');
});

test('at 400 px the dialog fits the window and every field is one column', async () => {
  const { page, sandbox } = e2e();
  await page.setViewportSize({ width: 400, height: 800 });
  try {
    await page.goto(`${sandbox.url}/browse/SUP-2`);
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Create issue' });
    await dialog.waitFor();
    const box = await dialog.boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(400);
    for (const label of ['Project', 'Summary (required)', 'Reporter']) {
      const field = await dialog.getByLabel(label).boundingBox();
      expect(field!.x + field!.width).toBeLessThanOrEqual(box!.x + box!.width);
    }
    await screenshot(page, 'create-issue-400px');
    await page.keyboard.press('Escape');
  } finally {
    await page.setViewportSize({ width: 1400, height: 1000 });
  }
});
