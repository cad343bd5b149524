// The sandbox's "Create issue" with any customer's email, and Jira's rules for who may name the
// reporter: an address no account has becomes a Service Management customer (as a mail to the
// help desk does), naming someone else needs Modify Reporter, and customers report only in
// service projects.
import { expect } from '@jest/globals';
import { DEMO_CUSTOMERS, DEMO_USERS } from '../../sandbox/forge-host';
import { PANEL, frame, screenshot, switchUser, useE2e } from './harness';

const e2e = useE2e();
const FATIMA = 'fatima.garcia@bluepeakenergy.com';

interface Answer {
  key?: string;
  error?: { code: string; message: string };
}

async function post(data: Record<string, unknown>): Promise<{ status: number; answer: Answer }> {
  const { page, sandbox } = e2e();
  const res = await page.request.post(`${sandbox.url}/api/issues`, {
    data: { projectKey: 'SUP', summary: 'Created by a test', description: '', ...data },
  });
  return { status: res.status(), answer: (await res.json()) as Answer };
}

test('an issue created as a known Atlas CRM contact by her email is linked to her automatically', async () => {
  const { page, sandbox } = e2e();
  // Started from a software project's issue, so the new SUP key is a new page.
  await page.goto(`${sandbox.url}/browse/ACC-1`);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create issue' });
  await dialog.waitFor();
  await dialog.getByLabel('Project').selectOption({ label: 'Customer Support (SUP)' });
  await dialog.getByLabel('Summary (required)').fill('Quarterly invoice sent to the wrong address');
  await dialog.getByLabel('Reporter', { exact: true }).selectOption({
    label: 'Someone else, by email…',
  });
  // Choosing it moves the focus to the address, as a keyboard user expects.
  const email = dialog.getByLabel('Customer email');
  expect(await email.evaluate((el) => el === document.activeElement)).toBe(true);
  await page.keyboard.type('fatima.garcia@');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await dialog
    .getByText('“fatima.garcia@” is not an email address such as name@company.com.')
    .waitFor();
  expect(sandbox.host.jira.userByEmail(FATIMA)).toBeUndefined();

  await email.fill(FATIMA);
  await screenshot(page, 'create-issue-reporter-email');
  await dialog.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(/\/browse\/SUP-\d+$/);
  const key = page.url().split('/').pop()!;
  await page
    .getByRole('heading', { name: 'Quarterly invoice sent to the wrong address' })
    .waitFor();
  // Service Management made her a customer, named from her address.
  const fatima = sandbox.host.jira.userByEmail(FATIMA);
  expect(fatima).toMatchObject({ accountType: 'customer', displayName: 'Fatima.garcia' });
  expect(sandbox.host.jira.issueDetails(key)?.reporter?.accountId).toBe(fatima?.accountId);
  await page.locator('.fields').getByText('Fatima.garcia').waitFor();

  // Automatic linking (on for SUP from the first start) found her contact with no click.
  const panel = frame(page, PANEL);
  await panel.getByText(/Contacts \(1\)/).waitFor();
  await panel.getByText('Fatima García').first().waitFor();
  await panel.getByText('Linked automatically').first().waitFor();
  await panel.getByText(`The reporter, ${FATIMA}, is this contact`).waitFor();
  await screenshot(page, 'created-by-email-linked');
});

test('an address someone already has is that person, whatever its case', async () => {
  const { sandbox } = e2e();
  const { status, answer } = await post({
    reporterEmail: DEMO_CUSTOMERS.emma.emailAddress.toUpperCase(),
  });
  expect(status).toBe(201);
  expect(sandbox.host.jira.issueDetails(answer.key!)?.reporter?.accountId).toBe(
    DEMO_CUSTOMERS.emma.accountId,
  );
  const users = sandbox.host.jira.users();
  const emmas = users.filter((u) => u.emailAddress === DEMO_CUSTOMERS.emma.emailAddress);
  expect(emmas).toHaveLength(1);
});

test('customers, old or new, report only in service projects', async () => {
  const { sandbox } = e2e();
  const refusal = {
    code: 'BAD_REQUEST',
    message:
      'Account Management is not a service project: its reporter must be a Jira user, not a Service Management customer.',
  };
  const newCustomer = await post({
    projectKey: 'ACC',
    reporterEmail: 'olga.berg@bluepeakenergy.com',
  });
  expect(newCustomer).toEqual({ status: 400, answer: { error: refusal } });
  // Nobody was made for a refused request.
  expect(sandbox.host.jira.userByEmail('olga.berg@bluepeakenergy.com')).toBeUndefined();
  const known = await post({ projectKey: 'ACC', reporterAccountId: DEMO_CUSTOMERS.anna.accountId });
  expect(known).toEqual({ status: 400, answer: { error: refusal } });
  // A Jira user may report there.
  const teammate = await post({ projectKey: 'ACC', reporterAccountId: DEMO_USERS.agent.accountId });
  expect(teammate.status).toBe(201);
  expect(teammate.answer.key).toMatch(/^ACC-\d+$/);
});

test('naming someone else as reporter needs Modify Reporter in the project; oneself does not', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  await switchUser(page, 'Alex Agent');
  // A Jira admin takes Modify Reporter away from the support team in Customer Support only.
  sandbox.host.jira.setPermissionGrant('MODIFY_REPORTER', ['jira-admins'], 'SUP');
  try {
    const refusal = {
      code: 'FORBIDDEN',
      message:
        "Alex Agent may not set another reporter in Customer Support: that needs Jira's Modify Reporter permission. Choose yourself as reporter.",
    };
    const customer = await post({ reporterAccountId: DEMO_CUSTOMERS.emma.accountId });
    expect(customer).toEqual({ status: 403, answer: { error: refusal } });
    const byEmail = await post({ reporterEmail: 'olga.berg@bluepeakenergy.com' });
    expect(byEmail).toEqual({ status: 403, answer: { error: refusal } });
    expect(sandbox.host.jira.userByEmail('olga.berg@bluepeakenergy.com')).toBeUndefined();
    const himself = await post({ reporterAccountId: DEMO_USERS.agent.accountId });
    expect(himself.status).toBe(201);
    // Account Management keeps the site's grant: there he may name Ada.
    const elsewhere = await post({
      projectKey: 'ACC',
      reporterAccountId: DEMO_USERS.admin.accountId,
    });
    expect(elsewhere.status).toBe(201);

    // The dialog says the same in words.
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Create issue' });
    await dialog.getByLabel('Project').selectOption({ label: 'Customer Support (SUP)' });
    await dialog.getByLabel('Summary (required)').fill('On behalf of Emma');
    await dialog.getByLabel('Reporter', { exact: true }).selectOption({
      label: `Emma Meijer · ${DEMO_CUSTOMERS.emma.emailAddress}`,
    });
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await dialog.getByText(refusal.message).waitFor();
    await page.keyboard.press('Escape');
  } finally {
    sandbox.host.jira.setPermissionGrant('MODIFY_REPORTER', ['jira-admins', 'support-team'], 'SUP');
  }
  // With it back, the agent names her again.
  const again = await post({ reporterAccountId: DEMO_CUSTOMERS.emma.accountId });
  expect(again.status).toBe(201);

  await switchUser(page, 'Ada Admin');
});

test('Create Issues is per project: without it there, the refusal names the project', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  await switchUser(page, 'Alex Agent');
  sandbox.host.jira.setPermissionGrant('CREATE_ISSUES', ['jira-admins'], 'ACC');
  try {
    const refused = await post({
      projectKey: 'ACC',
      reporterAccountId: DEMO_USERS.agent.accountId,
    });
    expect(refused).toEqual({
      status: 403,
      answer: {
        error: {
          code: 'FORBIDDEN',
          message:
            'Alex Agent may not create issues here: Account Management gives them no Create Issues permission. Switch to Ada Admin or Alex Agent.',
        },
      },
    });
    const inSupport = await post({ reporterAccountId: DEMO_USERS.agent.accountId });
    expect(inSupport.status).toBe(201);
  } finally {
    sandbox.host.jira.setPermissionGrant('CREATE_ISSUES', ['jira-admins', 'support-team'], 'ACC');
  }
  // The viewer still may not create at all.
  await switchUser(page, 'Vic Viewer');
  const viewer = await post({ reporterAccountId: DEMO_USERS.viewer.accountId });
  expect(viewer.status).toBe(403);
  expect(viewer.answer.error?.message).toMatch(/Vic Viewer may not create issues here/);
  await switchUser(page, 'Ada Admin');
});
