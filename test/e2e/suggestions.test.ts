// The issue view's panel suggests the customer behind the ticket: a demo issue whose reporter is a
// contact in Atlas CRM shows her with the reason, and one click links her. An issue created by a
// known customer shows the records the app linked by itself, and why.
import { expect } from '@jest/globals';
import { DEMO_CUSTOMERS } from '../../sandbox/forge-host';
import { PANEL, frame, screenshot, useE2e } from './harness';

const EMMA_REASON = 'The reporter, emma.meijer@nordbridgelogistics.co.uk, is this contact';

const e2e = useE2e();

test('a demo issue suggests its reporter with the reason, and Link links her', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const panel = frame(page, PANEL);
  // The suggestions' heading is painted with the linked list, not after it: the list does not
  // jump down when they arrive.
  await panel.getByText('Linked to this issue', { exact: true }).waitFor();
  expect(await panel.getByText('Suggested for this issue').isVisible()).toBe(true);
  await panel.getByText(EMMA_REASON).waitFor();
  // Nordbridge is linked on the first start: it is not suggested again.
  await panel.getByText(/Companies \(1\)/).waitFor();
  expect(await panel.getByText(/Contacts \(\d+\)/).count()).toBe(0);
  await screenshot(page, 'suggestions');

  // The card that gives the reason holds its own Link.
  const card = panel
    .locator('div', { hasText: EMMA_REASON })
    .filter({ has: panel.getByRole('button', { name: 'Dismiss' }) })
    .last();
  await card.getByRole('button', { name: 'Link', exact: true }).click();
  await panel.getByText('Emma Meijer is linked to this issue.').waitFor();
  await panel.getByText(/Contacts \(1\)/).waitFor();
  // The card stays in place, saying so.
  await panel.getByText(EMMA_REASON).waitFor();
  await panel.getByText('Linked', { exact: true }).first().waitFor();
  await screenshot(page, 'suggestion-linked');
  const control = sandbox.simulator!.control;
  const linked = control.entitiesLinkedToIssue('10001').map((id) => control.getEntity(id));
  expect(linked.map((entity) => entity?.fields?.['contact-email'])).toContain(
    DEMO_CUSTOMERS.emma.emailAddress,
  );

  // Opened again: linked, and no longer suggested.
  await page.reload();
  await frame(page, PANEL)
    .getByText(/Contacts \(1\)/)
    .waitFor();
  expect(await frame(page, PANEL).getByText(EMMA_REASON).count()).toBe(0);
});

test('an issue a known customer created shows her as linked automatically, with the reason', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const created = await page.request.post(`${sandbox.url}/api/issues`, {
    data: {
      projectKey: 'SUP',
      summary: 'Credit note for the duplicate charge',
      description: 'Please send the credit note again.',
      reporterAccountId: DEMO_CUSTOMERS.emma.accountId,
    },
  });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };

  await page.goto(`${sandbox.url}/browse/${key}`);
  const panel = frame(page, PANEL);
  await panel.getByText(/Contacts \(1\)/).waitFor();
  await panel.getByText('Linked automatically').first().waitFor();
  await panel.getByText(EMMA_REASON).waitFor();
  await screenshot(page, 'linked-automatically');
});

test("Dismiss leaves a line with Undo in the card's place, and Undo brings the card back", async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-6`);
  const panel = frame(page, PANEL);
  const reason = 'The reporter, lotte.dubois@harborlightsoftware.de, is this contact';
  const dismissed = "Lotte Dubois won't be suggested on this issue again.";
  await panel.getByText(reason).waitFor();
  const card = panel
    .locator('div', { hasText: reason })
    .filter({ has: panel.getByRole('button', { name: 'Dismiss' }) })
    .last();
  await card.getByRole('button', { name: 'Dismiss' }).click();
  await panel.getByText(dismissed).waitFor();
  expect(await panel.getByText(reason).count()).toBe(0);
  await screenshot(page, 'suggestion-dismissed');

  await panel.getByRole('button', { name: 'Undo' }).click();
  await panel.getByText(reason).waitFor();
  expect(await panel.getByText(dismissed).count()).toBe(0);
  // Suggested again when the issue is opened next time.
  await page.reload();
  await frame(page, PANEL).getByText(reason).waitFor();
});
