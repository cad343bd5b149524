// The issue view with the real issue panel: linked entities, search, link, comment, unlink.
import { expect } from '@jest/globals';
import { crmRequest } from '../setup/crm-outside-jira';
import { simulatorListFields } from '../setup/list-fields';
import { expectNoAxeViolations } from './axe';
import { focusedName, moduleFrame, tabTo } from './keyboard';
import { CONTEXT, PANEL, UI_TIMEOUT, frame, screenshot, useE2e } from './harness';

const e2e = useE2e();

test('an issue opens with its linked CRM records in the panel and the context', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  await page.getByRole('heading', { name: /Invoice INV-2291 charged twice/ }).waitFor();
  const panel = frame(page, PANEL);
  // Seeded on first start through the real resolvers: the company only (its reporter, Emma
  // Meijer, is left for the suggestions).
  await panel.getByText(/Companies \(1\)/).waitFor();
  expect(await panel.getByText(/Contacts \(\d+\)/).count()).toBe(0);
  await frame(page, CONTEXT).getByText('Companies').first().waitFor();
  expect(await page.locator('.issue-list a').count()).toBeGreaterThanOrEqual(10);
  // The reporter is the issue's own, a Service Management customer.
  await page.locator('.fields').getByText('Emma Meijer').waitFor();
  await panel.getByText(/is this contact/).waitFor(); // the suggestions have arrived
  await screenshot(page, 'issue-view');
  await expectNoAxeViolations(page, PANEL, 'issue panel');
  await expectNoAxeViolations(page, CONTEXT, 'issue context');

  // Another issue from the list: its own panel.
  await page.getByRole('link', { name: /SUP-4/ }).click();
  await page.getByRole('heading', { name: /Data export times out/ }).waitFor();
  await frame(page, PANEL)
    .getByText(/linked to this issue/)
    .waitFor();
});

test('search, link, comment and unlink through the panel', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-5`);
  const panel = frame(page, PANEL);
  await panel.getByText(/No companies, contacts or sales/).waitFor();

  // Search: type a name, see results in the table.
  await panel.getByPlaceholder('Search companies by name').fill('Rapid');
  const row = panel.locator('tr', { hasText: 'Rapid' }).first();
  await row.waitFor();
  const name = (await row.getByRole('button').first().innerText()).trim();
  expect(name).toMatch(/Rapid/);
  await screenshot(page, 'search-results');
  await expectNoAxeViolations(page, PANEL, 'search results');

  // Link it: it shows in the linked list and the search row says Linked.
  await row.getByRole('button', { name: 'Link' }).click();
  await panel.getByText(/Companies \(1\)/).waitFor();
  await row.getByText('Linked').waitFor();
  expect(sandbox.simulator?.control.issueIdsOf).toBeDefined();

  // Open it and comment on it.
  await panel.getByRole('button', { name, exact: true }).first().click();
  const comment = panel.getByPlaceholder('Posted as you, as plain text');
  await comment.waitFor();
  await expectNoAxeViolations(page, PANEL, 'record details');
  await comment.fill('Customer called about the duplicate charge; refund approved.');
  await panel.getByRole('button', { name: 'Add comment' }).click();
  await panel.getByText('Comment added').waitFor();
  // The comment shows under the record at once, with the issue it was written on.
  await panel.getByText('Customer called about the duplicate charge; refund approved.').waitFor();
  await panel
    .getByText(/^on SUP-5 · /)
    .first()
    .waitFor();
  await screenshot(page, 'comment-added');
  await panel.getByRole('button', { name: /Back/ }).first().click();

  // Opened again, the record still lists it (the app keeps comments posted from Jira).
  await panel.getByRole('button', { name, exact: true }).first().click();
  await panel.getByText('Customer called about the duplicate charge; refund approved.').waitFor();
  await panel.getByRole('button', { name: /Back/ }).first().click();

  // Unlink it again.
  await panel.getByRole('button', { name: 'Unlink' }).first().click();
  await panel.getByRole('button', { name: 'Confirm unlink' }).click();
  await panel.getByText(/No companies, contacts or sales/).waitFor({ timeout: UI_TIMEOUT });
  await screenshot(page, 'unlinked');
});

test('a UI Kit component without a mapping shows a visible placeholder naming it', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-6`);
  const context = page.frame({ url: /atlas-crm-issue-context/ });
  if (!context) throw new Error('issue context frame not found');
  await frame(page, CONTEXT)
    .getByText(/linked to this issue/)
    .waitFor();
  // Drive the frame's renderer with a forgeDoc the app never sends, through the same bridge call.
  await context.evaluate(() => {
    const bridge = (
      window as unknown as { __bridge: { callBridge(c: string, p: unknown): Promise<unknown> } }
    ).__bridge;
    const text = (t: string) => ({ type: 'String', props: { text: t }, children: [] });
    return bridge.callBridge('reconcile', {
      forgeDoc: {
        type: 'Root',
        props: {},
        children: [
          { type: 'FancyChart', props: {}, children: [] },
          { type: 'Text', props: {}, children: [text('<b>not bold</b>')] },
          { type: 'Lozenge', props: { appearance: 'success' }, children: [text('Mapped')] },
        ],
      },
    });
  });
  const ctx = frame(page, CONTEXT);
  await ctx.getByText('[Unsupported UI Kit component: FancyChart]').waitFor();
  await ctx.getByText('<b>not bold</b>').waitFor(); // text, never HTML
  expect(await ctx.locator('b').count()).toBe(0);
  await ctx.getByText('Mapped').waitFor();
  // Unknown bridge commands are answered with an error, not silence.
  const answer = await context.evaluate(() =>
    (window as unknown as { __bridge: { callBridge(c: string): Promise<unknown> } }).__bridge
      .callBridge('noSuchCommand')
      .then(
        () => 'resolved',
        (e: Error) => e.message,
      ),
  );
  expect(answer).toMatch(/does not support the bridge command "noSuchCommand"/);
});

test('a new sale is created from the form (text, select, user picker, date picker) and linked', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-4`);
  const panel = frame(page, PANEL);
  await panel.getByRole('button', { name: 'New sale' }).click();
  await panel.getByText('New sale').waitFor();
  await expectNoAxeViolations(page, PANEL, 'create form');

  // Submitting without the required name is refused at the field.
  await panel.getByRole('button', { name: 'Create sale' }).click();
  await panel.getByText('Name is required.').first().waitFor();

  await panel.getByLabel('Name').fill('Export add-on for SUP-4');
  await panel.getByLabel('Owner').click();
  await panel.getByText('Alex Agent', { exact: true }).click();
  await panel.getByLabel('Opened at').fill('3/1/2025');
  await panel.getByLabel('Opened at').press('Enter');
  await screenshot(page, 'create-sale-form');
  await panel.getByRole('button', { name: 'Create sale' }).click();
  await panel.getByText(/Sales \(1\)/).waitFor();
  await panel.getByRole('button', { name: 'Export add-on for SUP-4' }).waitFor();
  // The CRM knows the link too (SUP-4 has id 10004).
  const linked = sandbox.simulator!.control.entitiesLinkedToIssue('10004');
  expect(linked).toHaveLength(1);
  // What the widgets handed the app reached the CRM: the ISO date and the picked user's account.
  const fields = sandbox.simulator!.control.getEntity(linked[0]!)?.fields ?? {};
  expect(fields['sale-name']).toBe('Export add-on for SUP-4');
  expect(fields['sale-opened-at']).toBe('2025-03-01');
  expect(fields['sale-owner']).toBe('557058:0d6e1a5c-8f3b-4c2d-9e7a-1b2c3d4e5f02');
});

test('a linked company is edited; a change made in Atlas CRM meanwhile is shown before saving over it', async () => {
  const { page, sandbox } = e2e();
  const sim = sandbox.simulator!;
  const id = sim.control
    .entitiesLinkedToIssue('10001')
    .find((entityId) => sim.control.getEntity(entityId)?.type === 'company')!;
  const name = String(sim.control.getEntity(id)?.fields?.['company-name']);
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const panel = frame(page, PANEL);
  await panel.getByRole('button', { name, exact: true }).first().click();
  await panel.getByRole('button', { name: 'Edit', exact: true }).click();
  const nameInput = panel.getByLabel(/^Name\b/);
  await expect(nameInput.inputValue()).resolves.toBe(name);
  await nameInput.fill(`${name} (edited)`);

  // Someone renames it in Atlas CRM while the form is open.
  await crmRequest(sim, 'PUT', `/entities/${id}`, {
    fields: { 'company-name': 'Renamed in Atlas CRM' },
  });

  await panel.getByRole('button', { name: 'Save changes' }).click();
  await panel.getByText('Changed in Atlas CRM since you opened this form').waitFor();
  await panel.getByText('Renamed in Atlas CRM').waitFor();
  expect(sim.control.getEntity(id)?.fields?.['company-name']).toBe('Renamed in Atlas CRM');
  await screenshot(page, 'edit-conflict');

  await panel.getByRole('button', { name: 'Save mine over theirs' }).click();
  await panel.getByText(`Your changes to ${name} (edited) are saved in Atlas CRM.`).waitFor();
  expect(sim.control.getEntity(id)?.fields?.['company-name']).toBe(`${name} (edited)`);
  await panel.getByRole('button', { name: /Back/ }).first().click();
  await panel.getByRole('button', { name: `${name} (edited)`, exact: true }).waitFor();
});

test('a finished link moves no search result: a second click at the same spot links the row under it', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-5`);
  const panel = frame(page, PANEL);
  await panel.getByText(/No companies, contacts or sales/).waitFor();
  await panel.getByPlaceholder('Search companies by name').fill('Nord');
  const rows = panel.locator('tr', { has: panel.getByRole('button', { name: 'Link' }) });
  await rows.nth(2).waitFor();
  const names = await Promise.all(
    [0, 1].map(async (n) => (await rows.nth(n).getByRole('button').first().innerText()).trim()),
  );
  const first = await rows.nth(0).getByRole('button', { name: 'Link' }).boundingBox();
  const second = await rows.nth(1).getByRole('button', { name: 'Link' }).boundingBox();
  if (!first || !second) throw new Error('Link buttons not on screen');

  // Click by position, as a person does: where the buttons were before anything finished.
  await page.mouse.click(first.x + first.width / 2, first.y + first.height / 2);
  await panel.getByText(`${names[0]} is linked to this issue.`).waitFor();
  const after = await panel
    .locator('tr', { hasText: names[1]! })
    .getByRole('button', { name: 'Link' })
    .boundingBox();
  expect(after?.y).toBeCloseTo(second.y, 0);
  await page.mouse.click(second.x + second.width / 2, second.y + second.height / 2);
  await panel.getByText(`${names[1]} is linked to this issue.`).waitFor();
  const linked = sandbox.simulator!.control.entitiesLinkedToIssue('10005');
  const linkedNames = linked.map((id) =>
    String(sandbox.simulator!.control.getEntity(id)?.fields?.['company-name']),
  );
  expect(linkedNames.sort()).toEqual([...names].sort());
});

test('at 400 px the cards read alike, web addresses stay whole, and a link moves no result row', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-5`);
  const panel = frame(page, PANEL);
  await panel.getByText(/Companies \(\d+\)/).waitFor();
  const iframe = page.locator(PANEL);
  await iframe.evaluate((element) => {
    (element as HTMLElement).style.width = '400px';
  });
  await panel.getByPlaceholder('Search companies by name').fill('Rapid');
  const rows = panel.locator('tr', { has: panel.getByRole('button', { name: 'Link' }) });
  await rows.nth(1).waitFor();
  const next = await rows.nth(1).boundingBox();
  await rows.nth(0).getByRole('button', { name: 'Link' }).click();
  await panel.getByText(/is linked to this issue\./).waitFor();
  const nextName = (await rows.nth(0).getByRole('button').first().innerText()).trim();
  const after = await panel.locator('tr', { hasText: nextName }).first().boundingBox();
  expect(after?.y).toBeCloseTo(next!.y, 0);
  expect(after?.height).toBeCloseTo(next!.height, 0);
  await screenshot(page, 'panel-400px');

  // Every card: name, then details, then its actions below them.
  const unlinks = panel.getByRole('button', { name: 'Unlink' });
  const opens = panel.getByRole('link', { name: /Open in Atlas CRM/ });
  const count = await unlinks.count();
  expect(count).toBeGreaterThanOrEqual(2);
  const xs = new Set<number>();
  for (let n = 0; n < count; n++) {
    const open = await opens.nth(n).boundingBox();
    xs.add(Math.round(open!.x));
  }
  expect(xs.size).toBe(1); // the actions start at the same place in every card
  // A web address in a card is on one line, not broken mid-word.
  const site = panel.getByRole('link', { name: /^[a-z0-9-]+\.[a-z]/ }).first();
  const box = await site.boundingBox();
  expect(box!.height).toBeLessThan(24);
});

test('relate a linked record to a contact with a new role, then remove the relation', async () => {
  const { page, sandbox } = e2e();
  const control = sandbox.simulator!.control;
  const companyId = control
    .entitiesLinkedToIssue('10001')
    .find((id) => control.getEntity(id)?.type === 'company')!;
  const company = String(control.getEntity(companyId)?.fields?.['company-name']);
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const panel = frame(page, PANEL);
  await panel.getByRole('button', { name: company, exact: true }).first().click();
  await panel.getByText(/Related \(\d+\)/).waitFor();

  await panel.getByRole('button', { name: 'Relate to another record' }).click();
  await panel.getByPlaceholder('Find contacts by name').fill('Emma');
  const pick = panel.getByRole('button', { name: /^Pick / }).first();
  await pick.waitFor();
  const contact = (await pick.innerText()).replace(/^Pick /, '').trim();
  await pick.click();
  await panel.getByPlaceholder('Or type a new role').fill('Escalation contact');
  await panel.getByRole('button', { name: 'Add role' }).click();
  await panel.getByRole('button', { name: 'Relate', exact: true }).click();
  await panel.getByText(`${contact} is now related to ${company}.`).waitFor();
  await panel.getByText('Escalation contact').first().waitFor();
  await screenshot(page, 'relation-added');

  // The relation's actions are behind its one compact "Edit relation", in its own row.
  const row = panel
    .locator('div', { has: panel.getByRole('button', { name: contact, exact: true }) })
    .filter({ has: panel.getByRole('button', { name: 'Edit relation' }) })
    .last();
  await row.getByRole('button', { name: 'Edit relation' }).click();
  await panel.getByRole('button', { name: 'Remove relation…' }).click();
  await panel.getByRole('button', { name: 'Remove relation', exact: true }).click();
  await panel.getByText(`${contact} is no longer related to ${company}.`).waitFor();
});

test('creating a company that already exists offers the existing one, and linking it creates nothing', async () => {
  const { page, sandbox } = e2e();
  const control = sandbox.simulator!.control;
  await page.goto(`${sandbox.url}/browse/SUP-3`);
  const panel = frame(page, PANEL);
  await panel.getByRole('button', { name: 'New company' }).click();
  await panel.getByText('New company').waitFor();
  await panel.getByLabel('Name').fill('blueline software nv');
  control.resetStats();
  await panel.getByRole('button', { name: 'Create company' }).click();
  await panel.getByText('This company may already exist in Atlas CRM').waitFor();
  await panel.getByText('Same name.').waitFor();
  await panel.getByRole('button', { name: 'Create anyway' }).waitFor();
  await screenshot(page, 'create-duplicate-found');

  await panel.getByRole('button', { name: 'Link the existing one' }).click();
  await panel.getByRole('button', { name: 'Blueline Software NV', exact: true }).waitFor();
  await panel.getByRole('button', { name: 'New company' }).waitFor();
  // Nothing was created; the seeded company is the one now linked (SUP-3 has id 10003).
  expect(control.stats().byEndpoint['POST /entities']).toBeUndefined();
  const linked = control.entitiesLinkedToIssue('10003').map((id) => control.getEntity(id));
  expect(linked.map((entity) => entity?.fields?.['company-name'])).toContain(
    'Blueline Software NV',
  );
});

// Once: keyboard behaviour does not depend on the shape of the CRM's list answers.
const once = simulatorListFields() === 'omit' ? test.skip : test;

once('link, comment and unlink by keyboard alone: focus goes where the next step is', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-7`);
  const panel = frame(page, PANEL);
  await panel.getByText(/Companies \(1\)/).waitFor();
  const app = await moduleFrame(page, PANEL);
  const focused = () => focusedName(app);

  // Search and link: the Link button goes, so focus stays in its row, on the record's name.
  await panel.getByPlaceholder(/^Search companies/).focus();
  await page.keyboard.type('Rapid');
  const row = panel.locator('tr', { has: panel.getByRole('button', { name: 'Link' }) }).first();
  await row.waitFor();
  const name = (await row.getByRole('button').first().innerText()).trim();
  await tabTo(page, app, 'Link');
  await page.keyboard.press('Enter');
  await panel.getByText(`${name} is linked to this issue.`).waitFor();
  await expect(focused()).resolves.toBe(name);

  // Its page: focus starts at Back; a posted comment leaves the emptied field focused.
  await page.keyboard.press('Enter');
  await panel.getByRole('button', { name: /Back to search/ }).waitFor();
  await expect(focused()).resolves.toMatch(/Back to search/);
  // The record's page fills in after its own fetch: tab only once the comment field is there.
  await panel.getByLabel(`Comment on ${name} in Atlas CRM`).waitFor();
  await tabTo(page, app, `Comment on ${name} in Atlas CRM`);
  await page.keyboard.type('Called by keyboard only.');
  await tabTo(page, app, 'Add comment');
  await page.keyboard.press('Enter');
  await panel.getByText('Comment added').waitFor();
  await expect(focused()).resolves.toBe(`Comment on ${name} in Atlas CRM`);

  // Back: focus returns to the record the page was opened from.
  await tabTo(page, app, /Back to search/, { backwards: true });
  await page.keyboard.press('Enter');
  await panel.getByPlaceholder(/^Search companies/).waitFor();
  await expect(focused()).resolves.toBe(name);

  // Unlink asks first, with the focus on the confirmation; then on Undo; Undo links it again.
  await panel.getByRole('button', { name: 'Unlink' }).first().waitFor();
  await tabTo(page, app, 'Unlink');
  const unlinking = (await focused()) === 'Unlink';
  expect(unlinking).toBe(true);
  await page.keyboard.press('Enter');
  await panel.getByRole('button', { name: 'Confirm unlink' }).waitFor();
  await expect(focused()).resolves.toBe('Confirm unlink');
  await page.keyboard.press('Enter');
  await panel
    .getByText(/was unlinked from this issue/)
    .first()
    .waitFor();
  await expect(focused()).resolves.toBe('Undo');
  await page.keyboard.press('Enter');
  await panel.getByText(/ is linked to this issue\./).waitFor();
  await expect(focused()).resolves.toMatch(/\S/);

  // "Last contacted" of a new contact: two tab stops (date, time), and no calendar opens.
  await panel.getByRole('button', { name: 'New contact' }).click();
  const date = panel.getByLabel('Last contacted');
  await date.focus();
  await page.keyboard.press('Tab');
  await expect(focused()).resolves.toBe('Time');
  await page.keyboard.press('Tab');
  await expect(focused()).resolves.not.toMatch(/^(Last contacted|Time)$/);
  expect(await panel.getByRole('grid').count()).toBe(0);
  await expectNoAxeViolations(page, PANEL, 'create form, contact');
});
