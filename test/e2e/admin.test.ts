// The admin page at its own address: configured on start, test connection, save credentials.
import { expect } from '@jest/globals';
import { expectNoAxeViolations } from './axe';
import { ADMIN, frame, screenshot, useE2e } from './harness';

const e2e = useE2e();

test('the admin page shows the demo credentials as configured and tests the connection', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/admin`);
  const admin = frame(page, ADMIN);
  await admin.getByRole('heading', { name: 'Atlas CRM settings' }).waitFor();
  await admin.getByText('Connected', { exact: true }).first().waitFor();
  await admin.getByText(sandbox.crmBaseUrl).waitFor();
  await admin.getByRole('button', { name: 'Test connection' }).click();
  await admin.getByText('Connection works').waitFor();
  await screenshot(page, 'admin-connection-tested');
  await expectNoAxeViolations(page, ADMIN, 'admin page');
});

test('the admin page refuses wrong credentials and saves right ones', async () => {
  const { page, sandbox } = e2e();
  const simulator = sandbox.simulator!;
  await page.goto(`${sandbox.url}/admin`);
  const admin = frame(page, ADMIN);
  await admin.getByText('Replace the API token').waitFor();

  await admin.getByLabel('Client id').fill(simulator.clientId);
  await admin.getByLabel('Client secret').fill('not-the-secret');
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await admin.getByText('The credentials were not saved').waitFor();

  await admin.getByLabel('Client secret').fill(simulator.clientSecret);
  await admin.getByRole('button', { name: 'Save', exact: true }).click();
  await admin.getByText('Atlas CRM accepted the credentials').waitFor();
  await admin.getByRole('button', { name: 'Test connection' }).click();
  await admin.getByText('Connection works').waitFor();
  // The secret never reaches the page; the client id only masked.
  const html = await page.frameLocator(ADMIN).locator('body').innerText();
  expect(html).not.toContain(simulator.clientSecret);
  await screenshot(page, 'admin-credentials-saved');
});

test('limiting Atlas CRM to groups asks first, since it may lock out the admin saving it', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/admin`);
  const admin = frame(page, ADMIN);
  await admin.getByLabel('Add a group').fill('sales');
  await admin.getByRole('button', { name: 'Add sales-team' }).click();
  await admin.getByRole('button', { name: 'Save access policy' }).click();
  await admin.getByText('You may lock yourself out').waitFor();
  await admin.getByText(/only members of sales-team can use Atlas CRM on issues/).waitFor();
  await screenshot(page, 'admin-policy-lockout-warning');
  // Cancel: nothing saved.
  await admin.getByRole('button', { name: 'Cancel', exact: true }).click();
  expect(await admin.getByText('You may lock yourself out').count()).toBe(0);
  expect(await admin.getByText('Access policy saved').count()).toBe(0);
});

test("a policy that keeps one of the admin's own groups saves without asking", async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/admin`);
  const admin = frame(page, ADMIN);
  // Ada Admin is in support-team.
  await admin.getByLabel('Add a group').fill('support');
  await admin.getByRole('button', { name: 'Add support-team' }).click();
  await admin.getByRole('button', { name: 'Save access policy' }).click();
  await admin.getByText('Access policy saved').waitFor();
  expect(await admin.getByText('You may lock yourself out').count()).toBe(0);
  // Back to everyone, as the other tests expect.
  await admin.getByRole('button', { name: 'Remove support-team' }).click();
  await admin.getByRole('button', { name: 'Save access policy' }).click();
  await admin.getByText('Everyone with access to an issue can use Atlas CRM on it.').waitFor();
});
