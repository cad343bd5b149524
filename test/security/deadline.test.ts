// A slow Atlas CRM must not hold a call past the platform's limit, and an oversized page must not
// fan out into one entity read per item: a CRM whose first attempt at every request stalls, and a
// CRM answering 2,000 items without fields to a request for 20.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { DEADLINE_MESSAGE, withDeadline } from '../../src/backend/deadline';
import { respond } from '../../src/backend/envelope';
import { lazyCrm } from '../../src/backend/services/crm';
import { searchEntities } from '../../src/backend/services/search';
import type { Result, SearchResult } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { invokeAs } from './invoke-as';
import { hostWithCrm } from '../setup/crm-host';

// Without the bound, a stalled search takes 8 s per request; the limit lets it fail by assertion.
jest.setTimeout(60_000);

/** A budget far below the real 20 s keeps the test fast; the client sees only "time left". */
const BUDGET_MS = 2_500;

function entity(id: string, withFields: boolean) {
  return {
    id,
    type: 'company',
    ...(withFields ? { fields: { 'company-name': `Company ${id}` } } : {}),
    _links: {},
  };
}

let crm: FakeCrm;
let host: ForgeHost;
let handler: ResolverHandler;
beforeAll(async () => {
  crm = await startFakeCrm(({ method, path }) => {
    if (method === 'GET' && path.endsWith('/entities')) {
      const items = Array.from({ length: 2_000 }, (_, i) => entity(`e${i}`, false));
      return { status: 200, body: { items, total: 2_000, _links: {} } };
    }
    const one = /\/entities\/([^/]+)$/.exec(path);
    if (method === 'GET' && one) return { status: 200, body: entity(one[1] as string, true) };
    return { status: 404, body: { message: 'no' } };
  });
  host = hostWithCrm(crm.baseUrl);
  host.install();
  handler = ((await import('../../src/index')) as unknown as { handler: ResolverHandler }).handler;
  const saved = await invokeAs(host, handler, 'admin', 'admin/credentials/save', {
    clientId: 'c',
    clientSecret: 'secret-value',
  });
  expect(saved.ok).toBe(true);
});
afterAll(async () => {
  host.uninstall();
  await crm.close();
});

function searchWithin(budgetMs: number): Promise<Result<SearchResult>> {
  return host.runAs(DEMO_USERS.agent.accountId, () =>
    respond('entities/search', () =>
      withDeadline(() => searchEntities({ type: 'company', text: 'Comp' }, lazyCrm()), budgetMs),
    ),
  );
}

it('a CRM whose first attempt at each request stalls: CRM_UNAVAILABLE in plain words, in time', async () => {
  crm.stallFirstAttempts = true;
  try {
    const started = Date.now();
    const answer = await searchWithin(BUDGET_MS);
    const elapsed = Date.now() - started;
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'CRM_UNAVAILABLE',
        message: DEADLINE_MESSAGE,
        retryAfterMs: expect.any(Number),
      },
    });
    // Answered within the budget (plus scheduling slack), not after 8 s timeouts and retries.
    expect(elapsed).toBeLessThan(BUDGET_MS + 1_000);
  } finally {
    crm.stallFirstAttempts = false;
  }
});

it('a CRM answering 2,000 items to a request for 20: 20 results and at most 20 entity reads', async () => {
  const before = crm.requests.length;
  const answer = await host.invoke(
    handler,
    'entities/search',
    { type: 'company', text: 'Comp', pageSize: 20 },
    {
      accountId: DEMO_USERS.agent.accountId,
      moduleKey: 'atlas-crm-issue-panel',
      extensionType: 'jira:issuePanel',
      issue: { id: '10001', key: 'SUP-1' },
    },
  );
  const reads = crm.requests
    .slice(before)
    .filter((r) => r.method === 'GET' && /\/entities\/[^/]+$/.test(r.path));
  expect(reads.length).toBeLessThanOrEqual(20);
  const result = answer as Result<SearchResult>;
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  expect(result.data.items).toHaveLength(20);
  expect(result.data.items[0]).toMatchObject({ id: 'e0', name: 'Company e0' });
});
