// A linked company's open sales (status neither won nor lost) with stage and balance, read in
// one parallel round. Real handler against the simulator (with and without fields in lists).
import type { EntityType, OpenSalesData } from '../../src/shared/contract';
import { crmRequest, deleteInCrm } from '../setup/crm-outside-jira';
import { startHarness, type Harness } from './harness';

let h: Harness;

async function make(type: EntityType, fields: Record<string, unknown>): Promise<string> {
  return (await crmRequest<{ id: string }>(h.sim, 'POST', '/entities', { type, fields })).id;
}

async function saleOf(companyId: string, fields: Record<string, unknown>): Promise<string> {
  const id = await make('sale', fields);
  await crmRequest(h.sim, 'POST', `/entities/${companyId}/links`, { 'entity-id': id });
  return id;
}

const linkRequests = () => h.sim.control.stats().byEndpoint['GET /entities/:id/links'] ?? 0;

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => {
  await h.close();
});

describe('open sales of the companies linked to an issue', () => {
  it('lists open sales newest first with stage and balance, counts the rest, and leaves out won and lost', async () => {
    const company = await make('company', { 'company-name': 'Vennstraat Tools BV' });
    const newest = await saleOf(company, {
      'sale-name': 'Premium Support for Vennstraat',
      'sale-status': 'open',
      'sale-balance': 1200.5,
      'sale-opened-at': '2025-06-01',
    });
    for (const [name, opened] of [
      ['Training for Vennstraat', '2025-01-10'],
      ['Onboarding for Vennstraat', '2025-03-15'],
      ['Custom Integration for Vennstraat', '2024-11-02'],
    ] as const)
      await saleOf(company, { 'sale-name': name, 'sale-status': 'open', 'sale-opened-at': opened });
    await saleOf(company, { 'sale-name': 'Won deal', 'sale-status': 'won', 'sale-balance': 9 });
    await saleOf(company, { 'sale-name': 'Lost deal', 'sale-status': 'lost' });
    const quiet = await make('company', { 'company-name': 'Stillwater Rentals NV' });
    await saleOf(quiet, { 'sale-name': 'Old win', 'sale-status': 'won' });
    const contact = await make('contact', { 'contact-name': 'Ruben Venn' });
    for (const id of [company, quiet, contact])
      await h.ok('links/add', { entityId: id }, { issue: 'SUP-4' });

    h.sim.control.resetStats();
    const data: OpenSalesData = await h.ok('sales/open', undefined, { issue: 'SUP-4' });
    expect(Object.keys(data.byCompany).sort()).toEqual([company, quiet].sort());
    const sales = data.byCompany[company];
    expect(sales?.total).toBe(4);
    expect(sales?.items.map((sale) => sale.entity.name)).toEqual([
      'Premium Support for Vennstraat',
      'Onboarding for Vennstraat',
      'Training for Vennstraat',
    ]);
    expect(sales?.items[0]).toMatchObject({
      entity: { id: newest, type: 'sale' },
      stage: 'open',
      balance: 1200.5,
      currency: 'EUR',
    });
    expect(sales?.items[1]?.balance).toBeUndefined();
    expect(data.byCompany[quiet]).toEqual({ items: [], total: 0 });
    // One sales list per company, side by side.
    expect(linkRequests()).toBe(2);
  });

  it('answers for the other companies when one cannot be read', async () => {
    const gone = await make('company', { 'company-name': 'Gone Soon GmbH' });
    const kept = await make('company', { 'company-name': 'Kept Around AB' });
    await saleOf(kept, { 'sale-name': 'Renewal for Kept', 'sale-status': 'open' });
    for (const id of [gone, kept]) await h.ok('links/add', { entityId: id }, { issue: 'SUP-5' });
    await deleteInCrm(h.sim, gone);

    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const data = await h.ok('sales/open', undefined, { issue: 'SUP-5' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('open sales of a linked company'));
    warn.mockRestore();
    expect(data.byCompany[gone]).toBeUndefined();
    expect(data.byCompany[kept]?.items.map((sale) => sale.entity.name)).toEqual([
      'Renewal for Kept',
    ]);
  });

  it('reads nothing from Atlas CRM for an issue without a linked company', async () => {
    h.sim.control.resetStats();
    const data = await h.ok('sales/open', undefined, { issue: 'SUP-6' });
    expect(data).toEqual({ byCompany: {} });
    expect(linkRequests()).toBe(0);
  });
});
