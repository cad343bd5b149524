// Driving a module frame by keyboard alone, as a person without a pointer does: Tab to a control
// by its name, and read which control has the focus.
import type { Frame, Page } from 'playwright-core';

/** The focused control's name in the frame: its label, aria-label, text or placeholder. */
export async function focusedName(frame: Frame): Promise<string> {
  return frame.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return '';
    const label = element.id
      ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`)?.textContent
      : undefined;
    return (
      element.getAttribute('aria-label') ??
      label ??
      element.textContent ??
      element.getAttribute('placeholder') ??
      ''
    ).trim();
  });
}

/** Presses Tab (Shift+Tab backwards) until the control named `name` has the focus. */
export async function tabTo(
  page: Page,
  frame: Frame,
  name: string | RegExp,
  { backwards = false, most = 40 } = {},
): Promise<number> {
  const matches = (text: string) => (typeof name === 'string' ? text === name : name.test(text));
  for (let presses = 1; presses <= most; presses++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (matches(await focusedName(frame))) return presses;
  }
  throw new Error(`${String(name)} not reached in ${most} presses of Tab`);
}

/** The module frame behind an iframe selector. */
export async function moduleFrame(page: Page, selector: string): Promise<Frame> {
  const frame = await (await page.locator(selector).elementHandle())?.contentFrame();
  if (!frame) throw new Error(`no frame at ${selector}`);
  return frame;
}
