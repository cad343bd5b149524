// One time budget per invocation: with Atlas CRM stalling on the first try of every request, a
// search answers a retryable error in plain words before Forge's 25 s limit (the platform
// stand-in ends an invocation at 25 s, as Forge does, so an overrun fails here).
//
// The REAL budget (INVOCATION_BUDGET_MS, 20 s), the client's real 8 s request timeouts and retry
// pauses and the stand-in's real 25 s limit all run on jest's fake clock, which jumps from one
// timer to the next once the real HTTP traffic of the moment has settled: the whole call plays out
// as it would over 20 s of wall-clock time, in about a second. (test/security/deadline.test.ts
// covers the same stall with a 2.5 s budget passed to withDeadline, on the real clock.)
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { templateOf } from '../../sandbox/crm-simulator/templates';
import { DEADLINE_MESSAGE, INVOCATION_BUDGET_MS } from '../../src/backend/deadline';
import type { EntityType, Result } from '../../src/shared/contract';
import { hostWithCrm } from '../setup/crm-host';

// Captured before the fake clock is installed: the real waits that let HTTP traffic settle.
const realSetTimeout = globalThis.setTimeout;
const realPause = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));

/**
 * What the sockets are up to. The app reaches Atlas CRM through @forge/api's fetch, which is the
 * global fetch as it was when src/ was loaded: wrapped here first, so every request is counted.
 */
const traffic = { pending: 0, stalled: 0, events: 0 };
const nodeFetch = globalThis.fetch;
globalThis.fetch = (async (...args: Parameters<typeof fetch>) => {
  traffic.pending++;
  traffic.events++;
  try {
    return await nodeFetch(...args);
  } finally {
    traffic.pending--;
    traffic.events++;
  }
}) as typeof fetch;

/** Every request answers only on its second try; the first hangs until the connection closes. */
function startStallingCrm(): Promise<{
  baseUrl: string;
  /** Each request as it arrived: which try, and when on the (fake) clock of the test. */
  arrivals: { request: string; attempt: number; at: number }[];
  close: () => Promise<void>;
}> {
  const tries = new Map<string, number>();
  const arrivals: { request: string; attempt: number; at: number }[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const request = `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`;
      const seen = (tries.get(`${req.method} ${req.url}`) ?? 0) + 1;
      tries.set(`${req.method} ${req.url}`, seen);
      arrivals.push({ request, attempt: seen, at: Date.now() });
      traffic.events++;
      if (seen === 1) {
        // Stalls until the client gives up on it and the connection closes.
        traffic.stalled++;
        res.on('close', () => {
          traffic.stalled--;
          traffic.events++;
        });
        return;
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const template = /\/template\/(company|contact|sale)$/.exec(path);
      const body = path.endsWith('/oauth/token')
        ? { access_token: 'token-1', expires_in: 3600 }
        : template
          ? templateOf(template[1] as EntityType)
          : { items: [], total: 0, page: 1, size: 20, _links: {} };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        arrivals,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    ),
  );
}

/**
 * Settles `work` on the fake clock: while a request is on its way or being answered, real time
 * passes; once every open request is one the CRM stalls and nothing has moved for a few real
 * milliseconds, the clock jumps to the next timer (a request timeout, a retry pause, the budget,
 * or Forge's limit).
 */
async function onFakeClock<T>(work: Promise<T>): Promise<T> {
  let settled = false;
  work.then(
    () => (settled = true),
    () => (settled = true),
  );
  let quiet = 0;
  let seen = traffic.events;
  for (let jumps = 0; !settled;) {
    await realPause(5);
    const busy = traffic.pending > traffic.stalled || traffic.events !== seen;
    seen = traffic.events;
    quiet = busy ? 0 : quiet + 1;
    if (settled || quiet < 3) continue;
    if (++jumps > 200) throw new Error('the call did not settle on the fake clock');
    await jest.advanceTimersToNextTimerAsync();
    quiet = 0;
  }
  return work;
}

let crm: Awaited<ReturnType<typeof startStallingCrm>>;
let host: ForgeHost;
let handler: ResolverHandler;
let warn: jest.SpyInstance;
beforeAll(async () => {
  crm = await startStallingCrm();
  host = hostWithCrm(crm.baseUrl);
  host.install();
  ({ handler } = (await import('../../src/index')) as unknown as { handler: ResolverHandler });
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  // Stored credentials, as after a save (saving would test them against the stalling CRM).
  host.kvs.seed('crm:client-id', 'client', { secret: true });
  host.kvs.seed('crm:client-secret', 'secret', { secret: true });
  host.kvs.seed('crm:credentials-version', 'v1', { secret: true });
  host.kvs.seed('settings:v1', { configured: true, allowedGroups: [] });
});
afterAll(async () => {
  jest.useRealTimers();
  warn.mockRestore();
  host.uninstall();
  await crm.close();
});

it('a search against a CRM stalling every first try answers in plain words before 25 s', async () => {
  // Timers and Date only: the sockets, and the event loop turns they need, stay real.
  jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  const started = Date.now();
  const answer = (await onFakeClock(
    host.invoke(
      handler,
      'entities/search',
      { type: 'company', text: 'nord' },
      {
        accountId: DEMO_USERS.agent.accountId,
        moduleKey: 'atlas-crm-issue-panel',
        extensionType: 'jira:issuePanel',
        issue: { id: '10001', key: 'SUP-1' },
      },
    ),
  )) as Result<unknown>;
  const took = Date.now() - started;
  jest.useRealTimers();

  // Not the platform's InvocationTimeoutError: the app's own answer, in plain words.
  expect(answer).toEqual({
    ok: false,
    error: {
      code: 'CRM_UNAVAILABLE',
      message: DEADLINE_MESSAGE,
      retryAfterMs: expect.any(Number) as number,
    },
  });
  // The real budget ended the call (not a shorter one, not Forge's 25 s limit), with time to spare.
  expect(took).toBeGreaterThanOrEqual(INVOCATION_BUDGET_MS - 1_000);
  expect(took).toBeLessThan(22_000);
  // On the way, the client's own request timeouts and retries played out inside that budget.
  expect(crm.arrivals.some((a) => a.attempt === 2)).toBe(true);
});
