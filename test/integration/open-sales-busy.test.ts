// A company with tens of thousands of sales: its open sales are one request, filtered by status
// and sorted newest first by Atlas CRM, with the rest left in Atlas CRM behind a link, instead of
// pages read until the deadline. Real handler against a simulator seeded with the busy company
// (with and without fields in lists), 80 ms per CRM request as in the bench.
import { ATLAS_CRM_ORIGIN, busyCompany } from '../../sandbox/crm-simulator';
import { startHarness, type Harness } from './harness';

jest.setTimeout(60_000);

const SALES = 40_000;
const busy = busyCompany(SALES);
const companyId = busy.entities[0]!.id;
const openSales = busy.entities.filter((e) => e.fields['sale-status'] === 'open');
const openedOf = new Map(openSales.map((e) => [e.id, e.fields['sale-opened-at']]));
/** The opened dates of the three newest open sales, as the seed made them. */
const newestDates = openSales
  .map((e) => e.fields['sale-opened-at'])
  .filter((d): d is string => typeof d === 'string')
  .sort()
  .reverse()
  .slice(0, 3);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ busyCompanySales: SALES });
  await h.configure();
  await h.ok('links/add', { entityId: companyId }, { issue: 'SUP-3' });
});
afterAll(async () => h.close());

it('shows the three newest open sales of 40,000 sales, counts them all, and links to the rest in one request', async () => {
  expect(openSales.length).toBeGreaterThan(10_000);
  h.sim.control.resetStats();
  h.sim.control.setFaults({ latencyMs: 80 });
  const started = Date.now();
  let data;
  try {
    data = await h.ok('sales/open', undefined, { issue: 'SUP-3' });
  } finally {
    h.sim.control.clearFaults();
  }
  const ms = Date.now() - started;
  const stats = h.sim.control.stats().byEndpoint;
  console.info(
    `[measure] open sales of a company with ${SALES} sales (${openSales.length} open): ${ms} ms, ${stats['GET /entities/:id/links'] ?? 0} list and ${stats['GET /entities/:id'] ?? 0} entity requests`,
  );

  expect(Object.keys(data.byCompany)).toEqual([companyId]);
  const sales = data.byCompany[companyId]!;
  expect(sales.items.map((sale) => openedOf.get(sale.entity.id))).toEqual(newestDates);
  expect(sales.items.every((sale) => sale.stage === 'open')).toBe(true);
  expect(sales.total).toBe(openSales.length);
  expect(sales.moreUrl).toBe(`${ATLAS_CRM_ORIGIN}/app/CRM/company/${companyId}`);
  // One list request; without fields in lists, the three shown read by id beside each other.
  expect(stats['GET /entities/:id/links']).toBe(1);
  expect(stats['GET /entities/:id'] ?? 0).toBeLessThanOrEqual(3);
  expect(ms).toBeLessThan(2_000);
});
