// Shared by the browser tests: a sandbox server on a free port with fresh state, and a Chromium
// (see ./browser) driven by playwright-core.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type FrameLocator, type Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../sandbox/host/server';
import { simulatorListFields } from '../setup/list-fields';
import { findChromium } from './browser';

export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');
/** The 2-core CI machine is slow: generous, but waits are on text, never on sleeps. */
export const UI_TIMEOUT = 45_000;

export const PANEL = 'iframe[data-module="atlas-crm-issue-panel"]';
export const CONTEXT = 'iframe[data-module="atlas-crm-issue-context"]';
export const ADMIN = 'iframe[data-module="atlas-crm-admin-page"]';

export interface E2e {
  sandbox: RunningSandbox;
  context: BrowserContext;
  page: Page;
  logs: string[];
  close(): Promise<void>;
}

export async function startE2e(): Promise<E2e> {
  const browser = await findChromium();
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'atlas-sandbox-state-'));
  const profile = await mkdtemp(path.join(os.tmpdir(), 'atlas-sandbox-chromium-'));
  const logs: string[] = [`browser: ${browser.executablePath} (${browser.origin})`];
  const sandbox = await startSandbox({
    port: 0,
    stateDir,
    fresh: true,
    listFields: simulatorListFields(),
    log: (l) => logs.push(l),
  });
  await sandbox.uiReady;
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: browser.executablePath,
    env: { ...definedEnv(), ...browser.env },
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  context.setDefaultTimeout(UI_TIMEOUT);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    sandbox,
    context,
    page,
    logs,
    async close() {
      await context.close().catch(() => undefined);
      await sandbox.close();
      await rm(stateDir, { recursive: true, force: true });
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** A test may run this long: a page load or a Forge round trip on the 2-core CI machine is slow. */
export const E2E_TEST_TIMEOUT = 240_000;
/** Starting the sandbox and Chromium may take this long. */
export const E2E_START_TIMEOUT = 300_000;

/**
 * One sandbox and browser for the calling test file: started before its tests, closed after them.
 * Call at the top of the file; the getter returns what is running (inside tests and hooks only).
 */
export function useE2e(): () => E2e {
  jest.setTimeout(E2E_TEST_TIMEOUT);
  let running: E2e | undefined;
  beforeAll(async () => {
    running = await startE2e();
  }, E2E_START_TIMEOUT);
  afterAll(async () => {
    await running?.close();
  });
  return () => {
    if (!running) throw new Error('The e2e sandbox is not running: use it inside tests or hooks.');
    return running;
  };
}

function definedEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}

export function frame(page: Page, selector: string): FrameLocator {
  return page.frameLocator(selector);
}

/**
 * A full-page picture for people to look at (about half a second each); it asserts nothing. Taken
 * in the run with fields in list answers only: the "lists without fields" run of the same suite
 * would write the same names again, over them.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(SCREENSHOTS, `${name}.png`);
  if (simulatorListFields() === 'omit') return file;
  await page.evaluate(() => window.scrollTo(0, 0)); // the sticky top bar stays on top in full-page shots
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The user switch in the top bar, as a person would use it (sets the session, reloads). */
export async function switchUser(page: Page, displayName: string): Promise<void> {
  await Promise.all([
    page.waitForEvent('load'),
    page.selectOption('#user-switch', { label: displayName }),
  ]);
}
