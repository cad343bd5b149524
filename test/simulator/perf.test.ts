import type { Entity } from '../../src/crm/types';
import { allPages, E, TestClient } from './helpers';

// Performance requirement of the issue: the first page of a filtered query over 100,000 entities
// answers well under 100 ms. The assertion is generous (250 ms) to stay stable on busy CI machines.
describe('simulator: 100k entities', () => {
  let c: TestClient;
  let startupMs = 0;
  beforeAll(async () => {
    const t0 = performance.now();
    c = await TestClient.start({ dataset: 'large', largeCount: 100_000 });
    startupMs = performance.now() - t0;
    await c.fetchToken();
  }, 60_000);
  afterAll(() => c.close());

  const QUERIES = [
    'type=contact&fields.contact-email[contains]=gmail',
    'type=contact&fields.contact-name[contains]=jan',
    'type=contact&fields.contact-name=Emma%20Jansen',
    'type=sale&fields.sale-status=won',
    'type=sale&fields.sale-balance[gte]=100000',
    'type=sale&fields.sale-status=won&fields.sale-status=lost&fields.sale-balance[gte]=50000&sort-by=-sale-balance',
    'type=contact&fields.contact-last-contacted[gte]=2025-06-01T00:00:00Z&fields.contact-job-title=CEO',
    'type=company&fields.company-tags=Partner&fields.company-industry=Software',
    'type=sale&fields.sale-notes=budget&size=100',
    'fields.sale-products=Training',
    'size=100',
  ];

  it('generates the dataset in a few seconds', () => {
    console.log(`simulator start with 100k entities: ${startupMs.toFixed(0)} ms`);
    expect(startupMs).toBeLessThan(30_000);
  });

  it('answers the first page of filtered queries with p50 < 250 ms (target: well under 100 ms)', async () => {
    const report: string[] = [];
    const all: number[] = [];
    for (const q of QUERIES) {
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < 7; i++) {
        const t0 = performance.now();
        const r = await c.list(q);
        times.push(performance.now() - t0);
        expect(r.status).toBe(200);
        total = r.body.total;
      }
      times.sort((a, b) => a - b);
      all.push(...times);
      report.push(
        `${(times[3] ?? 0).toFixed(1).padStart(6)} ms p50 ${(times[6] ?? 0).toFixed(1).padStart(6)} ms max  total=${String(total).padStart(6)}  ${q}`,
      );
    }
    all.sort((a, b) => a - b);
    const p50 = all[Math.floor(all.length / 2)] ?? 0;
    const p95 = all[Math.floor(all.length * 0.95)] ?? 0;
    console.log(
      `first-page latency over 100k entities (HTTP round trip):\n${report.join('\n')}\noverall p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`,
    );
    expect(p50).toBeLessThan(250);
  });
});

describe('simulator: indexed queries agree with a brute-force scan', () => {
  let c: TestClient;
  let contacts: Entity[] = [];
  let sales: Entity[] = [];
  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'large', largeCount: 10_000 });
    contacts = (await allPages<Entity>(c, `${E}?type=contact&size=100`)).flatMap((p) => p.items);
    sales = (await allPages<Entity>(c, `${E}?type=sale&size=100`)).flatMap((p) => p.items);
  }, 60_000);
  afterAll(() => c.close());

  const ids = async (q: string) =>
    (await allPages<Entity>(c, `${E}?${q}&size=100`)).flatMap((p) => p.items.map((e) => e.id));

  it('matches brute force for eq, contains, ranges and OR/AND', async () => {
    const f = (e: Entity, id: string) => e.fields?.[id];
    const cases: [string, Entity[], (e: Entity) => boolean][] = [
      [
        'type=contact&fields.contact-name=emma%20jansen',
        contacts,
        (e) => String(f(e, 'contact-name')).toLowerCase() === 'emma jansen',
      ],
      [
        'type=contact&fields.contact-job-title=CEO&fields.contact-job-title=CTO',
        contacts,
        (e) => ['CEO', 'CTO'].includes(String(f(e, 'contact-job-title'))),
      ],
      [
        'type=sale&fields.sale-balance[gte]=140000',
        sales,
        (e) =>
          typeof f(e, 'sale-balance') === 'number' && (f(e, 'sale-balance') as number) >= 140000,
      ],
      [
        'type=sale&fields.sale-opened-at=2024-02-29',
        sales,
        (e) => f(e, 'sale-opened-at') === '2024-02-29',
      ],
      [
        'type=sale&fields.sale-status=lost&fields.sale-products=Training',
        sales,
        (e) =>
          f(e, 'sale-status') === 'lost' &&
          ((f(e, 'sale-products') as string[] | undefined) ?? []).includes('Training'),
      ],
      [
        'type=contact&fields.contact-last-contacted[lte]=2024-01-15T12:00:00Z',
        contacts,
        (e) =>
          typeof f(e, 'contact-last-contacted') === 'string' &&
          Date.parse(f(e, 'contact-last-contacted') as string) <=
            Date.parse('2024-01-15T12:00:00Z'),
      ],
    ];
    for (const [q, list, pred] of cases) {
      const expected = list.filter(pred).map((e) => e.id); // list is in name order already
      expect({ q, ids: await ids(q) }).toEqual({ q, ids: expected });
    }
  });

  it('keeps indexes current across create, update and delete', async () => {
    const q = 'type=contact&fields.contact-email=unique.person%40example.org';
    expect(await ids(q)).toEqual([]);
    const e = await c.create('contact', {
      'contact-name': 'Unique Person',
      'contact-email': 'unique.person@example.org',
      'contact-birthday': '1901-01-01',
    });
    expect(await ids(q)).toEqual([e.id]);
    expect((await c.list('type=contact&sort-by=contact-birthday&size=1')).body.items[0]?.id).toBe(
      e.id,
    );
    await c.call('PUT', `${E}/${e.id}`, {
      fields: { 'contact-email': 'other@example.org', 'contact-name': 'AAAA first' },
    });
    expect(await ids(q)).toEqual([]);
    expect(await ids('type=contact&fields.contact-email=OTHER%40example.org')).toEqual([e.id]);
    expect((await c.list('type=contact&size=1')).body.items[0]?.id).toBe(e.id);
    await c.call('DELETE', `${E}/${e.id}`);
    expect(await ids('type=contact&fields.contact-email=other%40example.org')).toEqual([]);
    expect(
      (await c.list('type=contact&sort-by=contact-birthday&size=1')).body.items[0]?.id,
    ).not.toBe(e.id);
  });
});
