// Jira's issue navigator in the sandbox (/issues/?jql=...): the app's links to it from the record
// details and the issue context open it with their query, and it lists only the issues the
// signed-in user may browse, as Jira's search does.
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEMO_USERS } from '../../sandbox/forge-host';
import { CONTEXT, PANEL, frame, screenshot, switchUser, useE2e } from './harness';

const COMPANY = 'Nordbridge Logistics LLC';

const e2e = useE2e();

/** The id of the company linked to SUP-1 (and SUP-7, SUP-8) on first start: Nordbridge. */
function companyId(): string {
  const control = e2e().sandbox.simulator!.control;
  const id = control
    .entitiesLinkedToIssue('10001')
    .find((entityId) => control.getEntity(entityId)?.type === 'company');
  if (!id) throw new Error(`${COMPANY} is not linked to SUP-1`);
  return id;
}

function navigatorUrl(jql: string): string {
  return `${e2e().sandbox.url}/issues/?jql=${encodeURIComponent(jql)}`;
}

/** The issue keys listed, in their order. */
async function listedKeys(page: Page): Promise<string[]> {
  return (await page.locator('.nav-table tbody .nav-key').allInnerTexts()).map((k) => k.trim());
}

test("the record details' 'Open in Jira's issue search' opens the navigator with the record's issues", async () => {
  const { page, context, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const panel = frame(page, PANEL);
  await panel.getByRole('button', { name: COMPANY, exact: true }).first().click();
  await panel.getByText('Issues linked to this record').waitFor();
  await panel.getByRole('link', { name: 'SUP-7', exact: true }).waitFor();

  // The app asks for a new tab: the navigator opens there, as a page of the site, not in the frame.
  const [navigator] = await Promise.all([
    context.waitForEvent('page'),
    panel.getByRole('link', { name: "Open in Jira's issue search" }).click(),
  ]);
  await navigator.waitForLoadState();
  expect(new URL(navigator.url()).pathname).toBe('/issues/');
  await navigator.getByRole('heading', { name: 'Search issues' }).waitFor();
  const field = navigator.getByLabel('JQL query');
  expect(await field.inputValue()).toBe(`crmEntityId = "${companyId()}" ORDER BY updated DESC`);
  expect(await field.getAttribute('readonly')).not.toBeNull();
  await navigator.getByText('3 issues', { exact: true }).waitFor();
  expect((await listedKeys(navigator)).sort()).toEqual(['SUP-1', 'SUP-7', 'SUP-8']);
  const sup7 = navigator.locator('.nav-table tr', { hasText: 'SUP-7' });
  expect(await sup7.locator('.nav-status').innerText()).toMatch(/done/i);
  expect(await sup7.locator('.nav-updated time').getAttribute('datetime')).toMatch(/^\d{4}-/);
  // The app's "Atlas CRM customer" field as a list column, set from the link record.
  expect(await sup7.locator('.nav-customer').innerText()).toBe(COMPANY);
  await screenshot(navigator, 'navigator-record-issues');

  // From the keyboard: the key is a link to the issue.
  await navigator.getByRole('link', { name: 'SUP-8', exact: true }).focus();
  await Promise.all([navigator.waitForURL(/\/browse\/SUP-8$/), navigator.keyboard.press('Enter')]);
  await navigator.close();

  // A link to an issue without openNewTab replaces Jira's page (the top window), not the frame.
  await panel.getByRole('link', { name: 'SUP-7', exact: true }).click();
  await page.waitForURL(/\/browse\/SUP-7$/);
});

test("the issue context's 'other open issues' link shows those issues", async () => {
  const { page, context, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const link = frame(page, CONTEXT).getByRole('link', {
    name: `1 other open issue for ${COMPANY}`,
  });
  const [navigator] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await navigator.waitForLoadState();
  await navigator.getByText('1 issue', { exact: true }).waitFor();
  // SUP-7 is done and SUP-1 is the issue itself: only SUP-8 is left.
  expect(await listedKeys(navigator)).toEqual(['SUP-8']);
  expect(await navigator.getByLabel('JQL query').inputValue()).toContain('statusCategory != Done');
  await navigator.close();
});

test('as the viewer, the navigator lists only the issues the viewer may browse', async () => {
  const { page, sandbox } = e2e();
  const jql = `crmEntityId = "${companyId()}" ORDER BY updated DESC`;
  const { admin, agent } = DEMO_USERS;
  sandbox.host.jira.setIssueSecurity('SUP-8', {
    level: 'Staff',
    accountIds: [admin.accountId, agent.accountId],
  });
  try {
    await page.goto(navigatorUrl(jql));
    await page.getByText('3 issues', { exact: true }).waitFor();
    await switchUser(page, 'Vic Viewer');
    await page.getByText('2 issues', { exact: true }).waitFor();
    expect((await listedKeys(page)).sort()).toEqual(['SUP-1', 'SUP-7']);
    expect(await page.getByText('SUP-8').count()).toBe(0);

    // Straight from the server, with the viewer's session: the same.
    const res = await page.request.get(navigatorUrl(jql));
    expect(res.status()).toBe(200);
    const html = await res.text();
    expect(html).toContain('/browse/SUP-7');
    expect(html).not.toContain('SUP-8');
  } finally {
    sandbox.host.jira.setIssueSecurity('SUP-8', undefined);
    await switchUser(page, 'Ada Admin');
  }
});

test('a query Jira cannot run shows why, an empty result says so, and nothing is injected', async () => {
  const { page } = e2e();
  await page.goto(navigatorUrl('priority = High'));
  const error = page.getByRole('alert').filter({ hasText: 'This query could not be run.' });
  await error.waitFor();
  // Jira's own words for the field it does not know, under the query field.
  expect(await error.locator('li').count()).toBeGreaterThan(0);
  expect(await page.getByLabel('JQL query').getAttribute('aria-invalid')).toBe('true');
  expect(await page.locator('.nav-table').count()).toBe(0);

  const hostile = 'crmEntityId = "</textarea><img src=x id=injected>"';
  await page.goto(navigatorUrl(hostile));
  await page.getByRole('heading', { name: 'Search issues' }).waitFor();
  expect(await page.getByLabel('JQL query').inputValue()).toBe(hostile);
  expect(await page.locator('#injected').count()).toBe(0);

  await page.goto(navigatorUrl('crmEntityId = "no-such-record"'));
  await page.getByText('No issues that you can see match this search.').waitFor();
});

test('the navigator reads in one column at 400 px', async () => {
  const { page } = e2e();
  await page.setViewportSize({ width: 400, height: 800 });
  try {
    await page.goto(navigatorUrl(`crmEntityId = "${companyId()}" ORDER BY updated DESC`));
    await page.getByText('3 issues', { exact: true }).waitFor();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(400);
    await screenshot(page, 'navigator-narrow');
  } finally {
    await page.setViewportSize({ width: 1400, height: 1000 });
  }
});

test('the dashboard shows open issues by customer, Nordbridge first', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/dashboard`);
  const gadget = frame(page, 'iframe[data-module="atlas-crm-open-by-customer"]');
  const first = gadget.getByRole('row').nth(1);
  await first.getByText(COMPANY).waitFor();
  // SUP-1 and SUP-8 are open; SUP-7 is done.
  expect(await first.innerText()).toMatch(/Nordbridge Logistics LLC[\s\S]*\b2\b/);
  await screenshot(page, 'dashboard-open-by-customer');
});
