// runScheduledTrigger(): a manifest scheduledTrigger run once as Forge runs it: the documented
// request, no user, the function's time limit (55 s, or its timeoutSeconds), and an answer
// without a statusCode recorded as Forge's 424. A throwaway app records what it was given; the
// real app's manifest is checked to wire the personal data report to its handler.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  SCHEDULED_DEFAULT_TIMEOUT_MS,
  scheduledTriggersOf,
  type ForgeHost,
} from '../../sandbox/forge-host';
import { hostWithCrm } from '../setup/crm-host';

const FORGE_API = path.resolve(__dirname, '..', '..', 'node_modules', '@forge', 'api');

const MANIFEST = `modules:
  scheduledTrigger:
    - key: weekly-job
      function: job
      interval: week
    - key: no-answer
      function: silent
      interval: day
    - key: too-slow
      function: slow
      interval: hour
    - key: broken-job
      function: broken
      interval: fiveMinute
  function:
    - key: job
      handler: handlers/jobs.job
      timeoutSeconds: 900
    - key: silent
      handler: handlers/jobs.silent
    - key: slow
      handler: handlers/jobs.slow
    - key: broken
      handler: handlers/jobs.broken
permissions:
  external:
    fetch:
      backend:
        - address: https://atlascrm.avisi-apps.com
`;

const HANDLERS = `const api = require(${JSON.stringify(FORGE_API)});
exports.job = async (request, context) => {
  const run = { request, context, remaining: api.getAppContext().invocationRemainingTimeInMillis() };
  try {
    await api.asUser().requestJira(api.route\`/rest/api/3/myself\`);
    run.asUser = 'answered';
  } catch (error) {
    run.asUser = 'refused: ' + error.name;
  }
  globalThis.__scheduledRuns = [...(globalThis.__scheduledRuns || []), run];
  return { statusCode: 204 };
};
exports.silent = async () => undefined;
exports.slow = async () => {
  await new Promise((r) => setTimeout(r, 300));
  return { statusCode: 204 };
};
exports.broken = async () => {
  throw new Error('the job broke');
};
`;

type Recorded = {
  request: { context: { cloudId: string; moduleKey: string }; contextToken: string };
  context: { installContext: string };
  remaining: number;
  asUser: string;
};
const g = globalThis as { __scheduledRuns?: Recorded[] };

let appDir: string;
let host: ForgeHost;

beforeAll(async () => {
  appDir = await mkdtemp(path.join(os.tmpdir(), 'atlas-scheduled-app-'));
  await mkdir(path.join(appDir, 'src', 'handlers'), { recursive: true });
  await writeFile(path.join(appDir, 'manifest.yml'), MANIFEST);
  await writeFile(path.join(appDir, 'src', 'handlers', 'jobs.js'), HANDLERS);
  host = hostWithCrm('http://127.0.0.1:9', { appDir });
  host.install();
});
afterAll(async () => {
  host.uninstall();
  await rm(appDir, { recursive: true, force: true });
});

test('reads the scheduled triggers and their time limits from the manifest', () => {
  expect(scheduledTriggersOf(appDir).map((t) => [t.key, t.interval, t.timeoutMs])).toEqual([
    ['weekly-job', 'week', 900_000],
    ['no-answer', 'day', SCHEDULED_DEFAULT_TIMEOUT_MS],
    ['too-slow', 'hour', SCHEDULED_DEFAULT_TIMEOUT_MS],
    ['broken-job', 'fiveMinute', SCHEDULED_DEFAULT_TIMEOUT_MS],
  ]);
});

test('runs the handler with the documented request, for no user, within its time limit', async () => {
  g.__scheduledRuns = [];
  const run = await host.runScheduledTrigger('weekly-job');
  expect(run).toEqual({ triggerKey: 'weekly-job', outcome: 'ok', ms: expect.any(Number) });
  const [recorded] = g.__scheduledRuns;
  expect(recorded?.request).toEqual({
    context: { cloudId: host.jira.site.cloudId, moduleKey: 'weekly-job' },
    contextToken: expect.any(String),
  });
  expect(recorded?.context.installContext).toBe(`ari:cloud:jira::site/${host.jira.site.cloudId}`);
  expect(recorded?.asUser).toMatch(/^refused/);
  expect(recorded?.remaining).toBeGreaterThan(890_000);
});

test('records an answer without a statusCode, a throw and a timeout, and never throws', async () => {
  expect(await host.runScheduledTrigger('no-answer')).toMatchObject({ outcome: 'bad answer' });
  expect(await host.runScheduledTrigger('broken-job')).toMatchObject({
    outcome: 'failed',
    error: 'the job broke',
  });
  expect(await host.runScheduledTrigger('too-slow', { timeoutMs: 100 })).toMatchObject({
    outcome: 'timed out',
  });
  await expect(host.runScheduledTrigger('unknown')).rejects.toThrow(/no scheduledTrigger/);
});

test("the app's manifest runs the personal data report daily from its exported handler", () => {
  const [report] = scheduledTriggersOf(path.resolve(__dirname, '..', '..'));
  expect(report).toEqual({
    key: 'atlas-crm-personal-data',
    functionKey: 'personal-data',
    handler: 'index.personalDataReport',
    interval: 'day',
    timeoutMs: SCHEDULED_DEFAULT_TIMEOUT_MS,
  });
});
