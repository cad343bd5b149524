// Random and malformed payloads at every function key: always a well-formed envelope; invalid
// input answers VALIDATION, and not one CRM or Jira request is made for it.
import fc from 'fast-check';
import type { FunctionKey, Result } from '../../src/shared/contract';
import { validators } from '../../src/backend/validate';
import { ADMIN_PAGE, DEMO_USERS, PANEL, startHarness, type Harness } from '../integration/harness';
import { envelopeProblem } from '../faults/world';
import { invalidPayload, RUNS } from './arbitraries';

jest.setTimeout(300_000);

// Every key of the contract (test/backend/validate.test.ts pins the validators to that list).
const KEYS = Object.keys(validators) as FunctionKey[];

let h: Harness;
let warn: jest.SpyInstance;
beforeAll(async () => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  h = await startHarness();
  await h.configure();
});
afterAll(async () => {
  warn.mockRestore();
  await h.close();
});

function call(key: FunctionKey, payload: unknown): Promise<Result<unknown>> {
  const admin = key.startsWith('admin/');
  return h.host.invoke(h.handler, key, payload, {
    accountId: (admin ? DEMO_USERS.admin : DEMO_USERS.agent).accountId,
    moduleKey: admin ? ADMIN_PAGE : PANEL,
    extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
    ...(admin ? {} : { issue: { id: '10001', key: 'SUP-1' } }),
  }) as Promise<Result<unknown>>;
}

it('covers every key of the contract', async () => {
  const { resolvers } = await import('../../src/backend/resolvers');
  expect(Object.keys(resolvers).sort()).toEqual([...KEYS].sort());
});

describe.each(KEYS)('%s', (key) => {
  it(`answers malformed input with VALIDATION and makes no request (${RUNS} cases)`, async () => {
    h.sim.control.resetStats();
    h.host.jira.resetCounts();
    await fc.assert(
      fc.asyncProperty(invalidPayload(key), async (payload) => {
        const r = await call(key, payload);
        expect(envelopeProblem(r)).toBeUndefined();
        if (r.ok) throw new Error(`accepted ${JSON.stringify(payload).slice(0, 200)}`);
        expect(r.error.code).toBe('VALIDATION');
        expect(r.error.message.length).toBeLessThanOrEqual(400);
        expect(JSON.stringify(r).length).toBeLessThan(20_000);
      }),
      { numRuns: RUNS },
    );
    expect(h.sim.control.stats().total).toBe(0);
    expect(h.host.jira.counts().total).toBe(0);
    // Nothing was polluted on the way.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

it('answers any JSON value at any key with a well-formed envelope', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...KEYS.filter((k) => k !== 'admin/credentials/remove')),
      fc.jsonValue({ maxDepth: 4 }),
      async (key, payload) => {
        expect(envelopeProblem(await call(key, payload))).toBeUndefined();
      },
    ),
    { numRuns: Math.max(300, Math.floor(RUNS / 4)) },
  );
});
