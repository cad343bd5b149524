// Contract: paging through more than 100 entities via _links.next, absolute and relative.

import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type Entity } from '../../src/crm';
import { startHarness, type Harness } from './harness';

async function collect(it: AsyncIterable<Entity>): Promise<string[]> {
  const ids: string[] = [];
  for await (const e of it) ids.push(e.id);
  return ids;
}

describe.each([
  ['absolute next links', false],
  ['relative next links', true],
])('%s', (_name, relativeNextLinks) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ dataset: 'demo', relativeNextLinks });
  });
  afterAll(async () => {
    await h.sim.close();
  });

  it('first page: default size 20, total and a next link', async () => {
    const page = await h.client.listEntities({ type: 'contact' });
    expect(page.items).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(page.total).toBeGreaterThan(MAX_PAGE_SIZE);
    expect(page._links.next?.href).toBeDefined();
    if (relativeNextLinks) expect(page._links.next?.href.startsWith('/')).toBe(true);
    const second = await h.client.listEntitiesPage(page._links.next?.href ?? '');
    expect(second.items).toHaveLength(DEFAULT_PAGE_SIZE);
    expect(second.items.map((e) => e.id)).not.toContain(page.items[0]?.id);
  });

  it.each([100, 33, 500])(
    'walks every contact with size %i: no duplicates, no gaps',
    async (size) => {
      const { total } = await h.client.listEntities({ type: 'contact', size: 1 });
      h.sim.control.resetStats();
      const ids = await collect(h.client.iterateEntities({ type: 'contact', size }));
      expect(ids).toHaveLength(total);
      expect(new Set(ids).size).toBe(total);
      const pageSize = Math.min(size, MAX_PAGE_SIZE);
      expect(h.sim.control.stats().byEndpoint['GET /entities']).toBe(Math.ceil(total / pageSize));
    },
  );

  it('walks all types together without a type filter', async () => {
    const ids: string[] = [];
    for await (const e of h.client.iterateEntities({ size: 100 })) ids.push(e.id);
    const { total } = await h.client.listEntities({ size: 1 });
    expect(new Set(ids).size).toBe(total);
    expect(total).toBeGreaterThan(300);
  });

  it('paging keeps filters and sort across pages', async () => {
    const filters = [{ fieldId: 'sale-balance', operator: 'gte' as const, value: 0 }];
    const balances: number[] = [];
    for await (const e of h.client.iterateEntities({
      type: 'sale',
      filters,
      sortBy: 'sale-balance',
      size: 7,
    })) {
      balances.push(Number(e.fields?.['sale-balance']));
    }
    const { total } = await h.client.listEntities({ type: 'sale', filters, size: 1 });
    expect(balances).toHaveLength(total);
    expect(balances).toEqual([...balances].sort((a, b) => a - b));
  });
});
