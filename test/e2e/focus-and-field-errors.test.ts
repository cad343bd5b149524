// The panel by keyboard where a control goes away under the focus (Show more, Load more, a form's
// Cancel), and a create form's date and time problems, each said once under its own input.
import { expect } from '@jest/globals';
import type { FrameLocator } from 'playwright-core';
import { focusedName, moduleFrame, tabTo } from './keyboard';
import { PANEL, frame, screenshot, useE2e } from './harness';

const e2e = useE2e();

/** The search results' record names, in the order shown: each row's first button. */
async function shownNames(panel: FrameLocator): Promise<string[]> {
  const rows = panel.locator('tbody tr');
  const names: string[] = [];
  for (let n = 0; n < (await rows.count()); n++)
    names.push((await rows.nth(n).getByRole('button').first().innerText()).trim());
  return names;
}

test('Show more and Load more hand the focus to the first record they add', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const panel = frame(page, PANEL);
  await panel.getByText(/Companies \(1\)/).waitFor();
  const app = await moduleFrame(page, PANEL);

  await panel.getByPlaceholder(/^Search companies/).focus();
  await page.keyboard.type('en');
  await panel.getByText(/^Showing 5 of \d+$/).waitFor();
  await tabTo(page, app, /^Show \d+ more$/);
  await page.keyboard.press('Enter');
  await panel.getByText(/^Showing 10 of \d+$/).waitFor();
  const afterShow = await shownNames(panel);
  await expect(focusedName(app)).resolves.toBe(afterShow[5]);
  // The next Tab stays in that row, not past the list.
  await page.keyboard.press('Tab');
  await expect(focusedName(app)).resolves.not.toMatch(/^(Refresh|Load more|)$/);

  await tabTo(page, app, 'Load more');
  await page.keyboard.press('Enter');
  await panel.getByText(/^Showing 1[1-9] of \d+$/).waitFor();
  const afterLoad = await shownNames(panel);
  await expect(focusedName(app)).resolves.toBe(afterLoad[10]);
  await screenshot(page, 'load-more-focus');
});

test('Cancel on a typed form asks with the focus on Keep editing, which returns it to Cancel', async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const panel = frame(page, PANEL);
  await panel.getByText(/Companies \(1\)/).waitFor();
  const app = await moduleFrame(page, PANEL);

  await panel.getByRole('button', { name: 'New company' }).click();
  await panel.getByLabel('Name').waitFor();
  await expect(focusedName(app)).resolves.toMatch(/^Name/); // the form opens on its first field
  await page.keyboard.type('Half-typed company');
  await tabTo(page, app, 'Cancel');
  await page.keyboard.press('Enter');
  await panel.getByText('Discard this company?').waitFor();
  await expect(focusedName(app)).resolves.toBe('Keep editing');
  await screenshot(page, 'discard-question-focus');

  await page.keyboard.press('Enter');
  await panel.getByText('Discard this company?').waitFor({ state: 'detached' });
  await expect(focusedName(app)).resolves.toBe('Cancel');
  await expect(panel.getByLabel('Name').inputValue()).resolves.toBe('Half-typed company');

  // Asked again, Discard is one Shift+Tab away, and leaves the form.
  await page.keyboard.press('Enter');
  await panel.getByText('Discard this company?').waitFor();
  await expect(focusedName(app)).resolves.toBe('Keep editing');
  await page.keyboard.press('Shift+Tab');
  await expect(focusedName(app)).resolves.toBe('Discard');
  await page.keyboard.press('Enter');
  await panel.getByRole('button', { name: 'New company' }).waitFor();
  expect(await panel.getByLabel('Name').count()).toBe(0);
});

test("a new contact's date and time each say their own problem once, under the inputs", async () => {
  const { page, sandbox } = e2e();
  await page.goto(`${sandbox.url}/browse/SUP-1`);
  const panel = frame(page, PANEL);
  await panel.getByText(/Companies \(1\)/).waitFor();
  await panel.getByRole('button', { name: 'New contact' }).click();
  const date = panel.getByLabel('Last contacted', { exact: true });
  const time = panel.getByLabel('Time', { exact: true });
  await date.waitFor();
  await panel.getByLabel(/^Name/).first().fill('Ines Duarte');
  const said = (text: string) => panel.getByText(text, { exact: false }).count();
  const control = sandbox.simulator!.control;
  control.resetStats();

  await date.fill('2026-13-01');
  await time.fill('25:99');
  await panel.getByRole('button', { name: 'Create contact' }).click();
  await panel.getByText('The contact was not created').waitFor();
  expect(await said('"2026-13-01" is not a day of the calendar')).toBe(1);
  expect(await said('"25:99" is not a time of day')).toBe(1);
  await expect(date.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(time.getAttribute('aria-invalid')).resolves.toBe('true');
  await screenshot(page, 'create-contact-date-time-problems');

  // The date fixed, only the time is outlined and has a message.
  await date.fill('2026-03-01');
  await panel.getByRole('button', { name: 'Create contact' }).click();
  await panel.getByText('"25:99" is not a time of day', { exact: false }).waitFor();
  expect(await said('"25:99" is not a time of day')).toBe(1);
  expect(await said('2026-13-01')).toBe(0);
  await expect(date.getAttribute('aria-invalid')).resolves.not.toBe('true');
  await expect(time.getAttribute('aria-invalid')).resolves.toBe('true');
  expect(control.stats().byEndpoint['POST /entities']).toBeUndefined();
});
