import type { Entity, EntityLink, Template } from '../../src/crm/types';
import { allPages, API, E, TestClient } from './helpers';

describe('simulator: demo data', () => {
  let c: TestClient;
  const byType: Record<string, Entity[]> = {};
  beforeAll(async () => {
    c = await TestClient.start();
    for (const type of ['company', 'contact', 'sale'])
      byType[type] = (await allPages<Entity>(c, `${E}?type=${type}&size=100`)).flatMap(
        (p) => p.items,
      );
  });
  afterAll(() => c.close());

  it('has at least 50 companies, 200 contacts and 100 sales', () => {
    expect(byType.company?.length).toBeGreaterThanOrEqual(50);
    expect(byType.contact?.length).toBeGreaterThanOrEqual(200);
    expect(byType.sale?.length).toBeGreaterThanOrEqual(100);
  });

  it('populates every template field on some entity, each in a valid format', async () => {
    for (const type of ['company', 'contact', 'sale']) {
      const t = (await c.get<Template>(`${API}/workspace/CRM/template/${type}`)).body;
      for (const field of t.sections.flatMap((s) => s.fields)) {
        const values = (byType[type] ?? [])
          .map((e) => e.fields?.[field.id])
          .filter((v) => v !== undefined);
        expect({ field: field.id, populated: values.length > 0 }).toEqual({
          field: field.id,
          populated: true,
        });
        if (field.type === 'date') for (const v of values) expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        if (field.type === 'decimal') for (const v of values) expect(typeof v).toBe('number');
        if (field.type === 'multi-select')
          for (const v of values) expect(Array.isArray(v)).toBe(true);
      }
    }
    const contact = byType.contact?.find((e) => e.fields?.['contact-email']);
    expect(contact?.fields?.['contact-email']).toMatch(/^[a-z0-9.]+@[a-z0-9.]+\.[a-z.]+$/);
  });

  it('links contacts to companies with roles, and sales to a company and contacts', async () => {
    const contact = byType.contact?.[0] as Entity;
    const links = (await c.links(contact.id, 'type=company')).body.items;
    expect(links).toHaveLength(1);
    expect(links[0]?.roles).toContain('Employee');
    const roles = new Set<string>();
    for (const company of (byType.company ?? []).slice(0, 20))
      for (const l of (await c.links(company.id, 'type=contact&size=100')).body.items)
        for (const r of l.roles) roles.add(r);
    expect([...roles]).toEqual(
      expect.arrayContaining(['Employee', 'Decision maker', 'Billing contact']),
    );
    const sale = byType.sale?.[0] as Entity;
    const saleLinks: EntityLink[] = (await c.links(sale.id)).body.items;
    expect(saleLinks.filter((l) => l.entity.type === 'company')).toHaveLength(1);
    expect(saleLinks.some((l) => l.entity.type === 'contact')).toBe(true);
  });

  it('is deterministic: another simulator serves the same ids and values', async () => {
    const other = await TestClient.start();
    try {
      const a = (await c.list('type=sale&size=50')).body.items;
      const b = (await other.list('type=sale&size=50')).body.items;
      expect(b.map((e) => [e.id, e.fields])).toEqual(a.map((e) => [e.id, e.fields]));
      expect(a[0]?.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    } finally {
      await other.close();
    }
  });
});
