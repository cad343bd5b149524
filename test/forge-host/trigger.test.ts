// fireEvent() / events.deliver(): a product event reaches the triggers manifest.yml subscribes to
// it, each run as Forge runs a trigger: the event as JSON, no user (asUser() fails, asApp()
// works), the time limit enforced; after the caller's turn, at least once, again on an
// InvocationError or a timeout (with retryContext and Forge's limits), never after a throw. A
// throwaway app (its own manifest.yml and handlers) records what it was given; the real app's
// manifest is checked to wire the issue-created trigger to its handler.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DEMO_CUSTOMERS, DEMO_USERS, ForgeHost, InMemoryJira } from '../../sandbox/forge-host';
import { ISSUE_CREATED } from '../../sandbox/forge-host/jira';
import {
  MAX_RETRIES,
  MAX_RETRY_AFTER_S,
  PLATFORM_RETRY_AFTER_S,
} from '../../sandbox/forge-host/events';
import { triggersFor } from '../../sandbox/forge-host/triggers';

const FORGE_API = path.resolve(__dirname, '..', '..', 'node_modules', '@forge', 'api');
const FORGE_EVENTS = path.resolve(__dirname, '..', '..', 'node_modules', '@forge', 'events');

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
    - key: retry-on-assign
      function: retrier
      events:
        - avi:jira:assigned:issue
  function:
    - key: record
      handler: handlers/events.onCreated
    - key: broken
      handler: handlers/events.broken
    - key: slow
      handler: handlers/events.slow
    - key: retrier
      handler: handlers/events.retrier
`;

const HANDLERS = `const api = require(${JSON.stringify(FORGE_API)});
const { InvocationError } = require(${JSON.stringify(FORGE_EVENTS)});
exports.retrier = async (event) => {
  (globalThis.__retried = globalThis.__retried || []).push(event);
  const options = globalThis.__retryOptions && globalThis.__retryOptions(event);
  return options ? new InvocationError(options) : undefined;
};
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
  (globalThis.__triggerRuns = globalThis.__triggerRuns || []).push(run);
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

type Assigned = { eventType?: string; retryContext?: Record<string, unknown> };
type Recorded = {
  event: { eventType: string; issue: { id: string; key: string } };
  context: { installContext: string };
  appContext: { moduleKey: string };
  asUser: string;
  reporter: { accountId: string; emailAddress?: string };
};
const g = globalThis as {
  __triggerRuns?: Recorded[];
  __lateCall?: string;
  __retried?: Assigned[];
  __retryOptions?: (event: Assigned) => Record<string, unknown> | undefined;
};

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
  // A second of a redelivery's wait lasts 2 ms here.
  host.events.msPerSecond = 2;
  host.install();
});
afterAll(async () => {
  host.uninstall();
  await rm(appDir, { recursive: true, force: true });
});
beforeEach(() => {
  g.__triggerRuns = [];
  g.__retried = [];
  g.__retryOptions = undefined;
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

test('a trigger that throws is reported, not thrown, and not delivered again', async () => {
  const runs = await host.fireEvent('avi:jira:updated:issue', { eventType: 'x' });
  expect(runs).toEqual([
    expect.objectContaining({
      triggerKey: 'fail-on-update',
      outcome: 'failed',
      error: 'the handler broke',
    }),
  ]);
  expect(runs[0]?.retryAfter).toBeUndefined();
});

test('a trigger that overruns the time limit is ended, its late calls reach nothing, and Forge delivers it again', async () => {
  const quick = new ForgeHost({ jira, appDir, app: { timeoutMs: 100 } });
  quick.events.msPerSecond = 1;
  quick.install();
  try {
    const runs = await quick.fireEvent('avi:jira:deleted:issue', {});
    // The first delivery and MAX_RETRIES redeliveries, each ended at the limit.
    expect(runs).toHaveLength(1 + MAX_RETRIES);
    expect(runs[0]).toEqual(
      expect.objectContaining({
        triggerKey: 'slow-on-delete',
        outcome: 'timed out',
        error: "Function 'slow' timed out after 0.1 seconds",
        retryAfter: PLATFORM_RETRY_AFTER_S,
      }),
    );
    expect(runs.map((run) => run.retryCount)).toEqual([undefined, 1, 2, 3, 4]);
    expect(runs[MAX_RETRIES]?.error).toContain(`at most ${MAX_RETRIES} times`);
    await new Promise((r) => setTimeout(r, 350));
    expect(g.__lateCall).toBe('refused');
  } finally {
    quick.uninstall();
    host.install();
  }
});

describe('delivery as Forge does it', () => {
  const ASSIGNED = 'avi:jira:assigned:issue';

  test('after the caller’s own turn: deliver() answers before the handler runs; settled() waits', async () => {
    const delivered = host.events.deliver(ASSIGNED, { eventType: ASSIGNED });
    expect(g.__retried).toEqual([]);
    await host.events.settled();
    expect(g.__retried).toHaveLength(1);
    expect(await delivered).toEqual([expect.objectContaining({ outcome: 'ok' })]);
  });

  test('at least once: on demand, twice and later', async () => {
    const started = Date.now();
    const runs = await host.events.deliver(
      ASSIGNED,
      { eventType: ASSIGNED },
      {
        times: 2,
        delayMs: 50,
      },
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(runs.map((run) => run.outcome)).toEqual(['ok', 'ok']);
    // A duplicate is no retry: it carries no retryContext.
    expect(g.__retried?.map((event) => event.retryContext)).toEqual([undefined, undefined]);
  });

  test('setNext: the next delivery (the sandbox’s Create) is delayed or duplicated', async () => {
    host.events.setNext({ times: 2 });
    expect(await host.fireEvent(ASSIGNED, {})).toHaveLength(2);
    expect(await host.fireEvent(ASSIGNED, {})).toHaveLength(1);
  });

  test('an InvocationError is delivered again with retryContext, at most four times', async () => {
    g.__retryOptions = () => ({
      retryAfter: 3,
      retryReason: 'FUNCTION_RETRY_REQUEST',
      retryData: { page: 2 },
    });
    const runs = await host.fireEvent(ASSIGNED, { eventType: ASSIGNED });
    expect(runs.map((run) => run.outcome)).toEqual(
      Array.from({ length: 1 + MAX_RETRIES }, () => 'retry requested'),
    );
    expect(runs.slice(0, MAX_RETRIES).map((run) => run.retryAfter)).toEqual([3, 3, 3, 3]);
    expect(runs[MAX_RETRIES]?.error).toContain('no redelivery');
    expect(g.__retried?.map((event) => event.retryContext)).toEqual([
      undefined,
      ...[1, 2, 3, 4].map((retryCount) => ({
        retryCount,
        retryReason: 'FUNCTION_RETRY_REQUEST',
        retryData: { page: 2 },
      })),
    ]);
  });

  test('retryAfter is kept within Forge’s limits; retryData goes back only as an object', async () => {
    let asked = 0;
    g.__retryOptions = () =>
      ++asked === 1
        ? { retryAfter: 5000, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: 'text' }
        : undefined;
    host.events.msPerSecond = 0;
    try {
      const runs = await host.fireEvent(ASSIGNED, {});
      expect(runs[0]?.retryAfter).toBe(MAX_RETRY_AFTER_S);
      expect(g.__retried?.[1]?.retryContext).toEqual({
        retryCount: 1,
        retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
      });
    } finally {
      host.events.msPerSecond = 2;
    }
  });

  test('retryData over 4 KB gets no redelivery', async () => {
    g.__retryOptions = () => ({ retryAfter: 1, retryData: { blob: 'x'.repeat(5000) } });
    const runs = await host.fireEvent(ASSIGNED, {});
    expect(runs).toHaveLength(1);
    expect(runs[0]?.error).toContain('over the 4096 allowed');
  });

  test('the event’s users carry their account id only', async () => {
    const created = newIssue();
    const rich = {
      ...created.event,
      issue: {
        ...created.event.issue,
        fields: {
          ...created.event.issue.fields,
          reporter: { accountId: DEMO_CUSTOMERS.emma.accountId, emailAddress: 'leak@example.com' },
        },
      },
    };
    expect(await host.fireEvent(ISSUE_CREATED, rich)).toEqual([
      expect.objectContaining({ outcome: 'ok' }),
    ]);
    const [run] = g.__triggerRuns ?? [];
    expect(JSON.stringify(run?.event)).not.toContain('leak@example.com');
    expect(
      (run?.event as unknown as { issue: { fields: { reporter: unknown } } }).issue.fields.reporter,
    ).toEqual({ accountId: DEMO_CUSTOMERS.emma.accountId });
  });
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
