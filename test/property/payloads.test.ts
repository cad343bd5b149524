// Random and malformed payloads at every function key: always a well-formed envelope; invalid
// input answers VALIDATION, and not one CRM or Jira request is made for it.
import fc from 'fast-check';
import type { FunctionKey, Result } from '../../src/shared/contract';
import { validators } from '../../src/backend/validate';
import { ADMIN_PAGE, DEMO_USERS, PANEL, startHarness, type Harness } from '../integration/harness';
import { envelopeProblem } from '../faults/world';
import { invalidPayload } from './arbitraries';

jest.setTimeout(120_000);

/**
 * Cases per key. Each key's generator (./arbitraries) yields a handful of kinds of bad input, told
 * apart by the VALIDATION message they get: 1 to 7 per key, the rarest still 7% of the cases,
 * so 300 cases meet every kind many times over (sampled: no kind missed in 20 seeds).
 * entities/search has 14, two of them under 1% of the cases (an empty filter value, a filter that
 * is not an object): it keeps 2,000. A new seed every run keeps exploring; FC_RUNS raises the
 * count, e.g. FC_RUNS=2000 npx jest test/property/payloads.test.ts. (2,000 for every key took 49 s.)
 */
const RUNS = Math.max(300, Number(process.env.FC_RUNS ?? 0));
const RUNS_FOR: Partial<Record<FunctionKey, number>> = {
  'entities/search': Math.max(2_000, RUNS),
};

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
  const runs = RUNS_FOR[key] ?? RUNS;
  it(`answers malformed input with VALIDATION and makes no request (${runs} cases)`, async () => {
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
      { numRuns: runs },
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
    { numRuns: Math.max(500, RUNS) },
  );
});
