// axe-core (pinned in package.json) in one module frame: the WCAG 2.1 A and AA rules, and what a
// browser test expects of every view: no critical or serious violation.
import { readFileSync } from 'node:fs';
import { expect } from '@jest/globals';
import type { Page } from 'playwright-core';
import { simulatorListFields } from '../setup/list-fields';

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING = new Set(['critical', 'serious']);

export interface AxeFinding {
  rule: string;
  impact: string;
  /** The first few elements, as CSS selectors. */
  targets: string[];
}

/** The critical and serious WCAG 2.1 AA violations in the module frame `selector` holds. */
export async function axeFindings(page: Page, selector: string): Promise<AxeFinding[]> {
  const handle = await page.locator(selector).elementHandle();
  const frame = await handle?.contentFrame();
  if (!frame) throw new Error(`no frame at ${selector}`);
  if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  const found = await frame.evaluate(async (tags: string[]) => {
    type Result = {
      violations: { id: string; impact?: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<Result> } })
      .axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      targets: violation.nodes.slice(0, 3).map((node) => node.target.map(String).join(' ')),
    }));
  }, WCAG_21_AA);
  return found.filter((finding) => BLOCKING.has(finding.impact));
}

/**
 * Fails the test with axe's findings in `view` of the frame. Run once per browser suite: the
 * second run of a suite (lists without fields) renders the same markup.
 */
export async function expectNoAxeViolations(
  page: Page,
  selector: string,
  view: string,
): Promise<void> {
  if (simulatorListFields() === 'omit') return;
  const findings = await axeFindings(page, selector);
  expect({ view, findings }).toEqual({ view, findings: [] });
}
