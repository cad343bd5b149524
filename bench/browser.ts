// What a person feels: in a real browser, the time from opening an issue to its linked records
// being on screen in the panel. Cold: a fresh browser (nothing cached) opening the issue first
// after the sandbox started; warm: the same issue opened again. The local sandbox, no injected
// latency: this is the UI's own cost (bundles, bridge, render) on top of the one resolver call.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Frame, type Page } from 'playwright-core';
import { startSandbox } from '../sandbox/host/server';
import { findChromium } from '../test/e2e/browser';

export interface BrowserFigures {
  issue: string;
  coldMs: number;
  /** Median of the warm runs. */
  warmMs: number;
  warmRuns: number[];
  browser: string;
}

const ISSUE = 'SUP-1';
const WARM_RUNS = 5;
/** Each wait is bounded: a panel that never shows its records fails the bench, never hangs it. */
const WAIT_MS = 30_000;
/** What the panel shows once its linked records are painted. */
const LINKED = /Companies \(\d+\)/;

async function panelFrame(page: Page): Promise<Frame> {
  const started = Date.now();
  for (;;) {
    const frame = page.frames().find((f) => /atlas-crm-issue-panel/.test(f.url()));
    if (frame) return frame;
    if (Date.now() - started > WAIT_MS) throw new Error('the issue panel frame did not appear');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** From the navigation's start (the page's time origin) to the frame painting the records. */
async function timeToLinkedRecords(page: Page, url: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit', timeout: WAIT_MS });
  const navigationStart = await page.evaluate(() => performance.timeOrigin);
  const frame = await panelFrame(page);
  // Checked every animation frame in the panel's own document: the time it was first painted.
  const painted = await frame.waitForFunction(
    (source: string) =>
      new RegExp(source).test(document.body?.innerText ?? '')
        ? performance.timeOrigin + performance.now()
        : 0,
    LINKED.source,
    { polling: 'raf', timeout: WAIT_MS },
  );
  return Math.round(((await painted.jsonValue()) as number) - navigationStart);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export async function benchBrowser(): Promise<BrowserFigures> {
  const stateDir = await mkdtemp(path.join(os.tmpdir(), 'atlas-bench-browser-'));
  const sandbox = await startSandbox({ port: 0, stateDir, fresh: true, log: () => undefined });
  try {
    await sandbox.uiReady;
    const found = await findChromium();
    const browser = await chromium.launch({
      executablePath: found.executablePath,
      env: { ...(process.env as Record<string, string>), ...found.env },
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const page = await (
        await browser.newContext({ viewport: { width: 1400, height: 1000 } })
      ).newPage();
      const url = `${sandbox.url}/browse/${ISSUE}`;
      const coldMs = await timeToLinkedRecords(page, url);
      const warmRuns: number[] = [];
      for (let run = 0; run < WARM_RUNS; run++) warmRuns.push(await timeToLinkedRecords(page, url));
      return {
        issue: ISSUE,
        coldMs,
        warmMs: median(warmRuns),
        warmRuns,
        browser: found.origin,
      };
    } finally {
      await browser.close();
    }
  } finally {
    await sandbox.close();
    await rm(stateDir, { recursive: true, force: true });
  }
}
