// fireEvent(): a product event reaches the triggers manifest.yml subscribes to it, each run as
// Forge runs a trigger: the event as JSON, no user (asUser() fails, asApp() works), the time limit
// enforced. A throwaway app (its own manifest.yml and handler) records what it was given; the
// real app's manifest is checked to wire the issue-created trigger to its handler.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CUSTOMERS, DEMO_USERS, ForgeHost, InMemoryJira } from '../../sandbox/forge-host';
import { ISSUE_CREATED } from '../../sandbox/forge-host/jira';
import { triggersFor } from '../../sandbox/forge-host/triggers';

const FORGE_API = path.resolve(__dirname, '..', '..', 'node_modules', '@forge', 'api');

const MANIFEST = `modules:
  trigger:
    - key: record-created
      function: record
      events:
        - avi:jira:created:issue
    - key: fail-on-update
      function: broken
      events:
        - avi:jira:updated:issue
    - key: slow-on-delete
      function: slow
      events:
        - avi:jira:deleted:issue
  function:
    - key: record
      handler: handlers/events.onCreated
    - key: broken
      handler: handlers/events.broken
    - key: slow
      handler: handlers/events.slow
`;

const HANDLERS = `const api = require(${JSON.stringify(FORGE_API)});
const runs = (globalThis.__triggerRuns = globalThis.__triggerRuns || []);
exports.onCreated = async (event, context) => {
  const run = { event, context, appContext: api.getAppContext() };
  try {
    await api.asUser().requestJira(api.route\`/rest/api/3/myself\`);
    run.asUser = 'answered';
  } catch (error) {
    run.asUser = 'refused: ' + error.name;
  }
  const res = await api.asApp().requestJira(
    api.route\`/rest/api/3/issue/\${event.issue.id}?fields=reporter\`,
  );
  run.reporter = (await res.json()).fields.reporter;
  runs.push(run);
};
exports.broken = async () => {
  throw new Error('the handler broke');
};
exports.slow = async () => {
  await new Promise((r) => setTimeout(r, 300));
  try {
    await api.asApp().requestJira(api.route\`/rest/api/3/myself\`);
    globalThis.__lateCall = 'reached Jira';
  } catch {
    globalThis.__lateCall = 'refused';
  }
};
`;

type Recorded = {
  event: { eventType: string; issue: { id: string; key: string } };
  context: { installContext: string };
  appContext: { moduleKey: string };
  asUser: string;
  reporter: { accountId: string; emailAddress?: string };
};
const g = globalThis as { __triggerRuns?: Recorded[]; __lateCall?: string };

let appDir: string;
let jira: InMemoryJira;
let host: ForgeHost;

beforeAll(async () => {
  appDir = await mkdtemp(path.join(os.tmpdir(), 'atlas-trigger-app-'));
  await mkdir(path.join(appDir, 'src', 'handlers'), { recursive: true });
  await writeFile(path.join(appDir, 'manifest.yml'), MANIFEST);
  await writeFile(path.join(appDir, 'src', 'handlers', 'events.js'), HANDLERS);
  jira = new InMemoryJira();
  host = new ForgeHost({ jira, appDir });
  host.install();
});
afterAll(async () => {
  host.uninstall();
  await rm(appDir, { recursive: true, force: true });
});
beforeEach(() => {
  g.__triggerRuns = [];
});

const newIssue = () =>
  jira.createIssue({
    projectKey: 'SUP',
    summary: 'Pallet labels print blank',
    description: 'Since this morning.',
    reporterAccountId: DEMO_CUSTOMERS.emma.accountId,
    creatorAccountId: DEMO_USERS.agent.accountId,
  });

test('delivers the issue-created event to the subscribed trigger, as the app and for no user', async () => {
  const created = newIssue();
  const runs = await host.fireEvent(ISSUE_CREATED, created.event);
  expect(runs).toEqual([
    { triggerKey: 'record-created', functionKey: 'record', outcome: 'ok', ms: expect.any(Number) },
  ]);
  const [run] = g.__triggerRuns ?? [];
  expect(run?.event).toEqual(created.event);
  expect(run?.event).toMatchObject({
    eventType: 'avi:jira:created:issue',
    issue: { id: created.id, key: created.key },
  });
  expect(run?.context.installContext).toBe(`ari:cloud:jira::site/${jira.site.cloudId}`);
  expect(run?.appContext.moduleKey).toBe('record-created');
  // A trigger runs for nobody: asUser() is refused by the platform, asApp() reads the issue.
  expect(run?.asUser).toBe('refused: PROXY_ERR');
  expect(run?.reporter).toMatchObject({
    accountId: DEMO_CUSTOMERS.emma.accountId,
    emailAddress: 'emma.meijer@nordbridgelogistics.co.uk',
  });
});

test('an event no trigger subscribes to runs nothing', async () => {
  expect(await host.fireEvent('avi:jira:commented:issue', {})).toEqual([]);
  expect(g.__triggerRuns).toEqual([]);
});

test('a trigger that throws is reported, not thrown', async () => {
  const runs = await host.fireEvent('avi:jira:updated:issue', { eventType: 'x' });
  expect(runs).toEqual([
    expect.objectContaining({
      triggerKey: 'fail-on-update',
      outcome: 'failed',
      error: 'the handler broke',
    }),
  ]);
});

test('a trigger that overruns the time limit is ended; its late calls reach nothing', async () => {
  const quick = new ForgeHost({ jira, appDir, app: { timeoutMs: 100 } });
  quick.install();
  try {
    const runs = await quick.fireEvent('avi:jira:deleted:issue', {});
    expect(runs).toEqual([
      expect.objectContaining({
        triggerKey: 'slow-on-delete',
        outcome: 'timed out',
        error: "Function 'slow' timed out after 0.1 seconds",
      }),
    ]);
    await new Promise((r) => setTimeout(r, 350));
    expect(g.__lateCall).toBe('refused');
  } finally {
    quick.uninstall();
    host.install();
  }
});

test("the app's own manifest wires issue creation to index.autoLinkOnCreate", () => {
  const appRoot = path.resolve(__dirname, '..', '..');
  expect(triggersFor(appRoot, ISSUE_CREATED)).toEqual([
    {
      key: 'atlas-crm-issue-created',
      functionKey: 'auto-link',
      handler: 'index.autoLinkOnCreate',
      events: [ISSUE_CREATED],
    },
  ]);
  expect(new ForgeHost().appDir).toBe(appRoot);
});
