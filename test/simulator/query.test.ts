import type { Entity } from '../../src/crm/types';
import { allPages, E, msg, type Res, TestClient } from './helpers';

const U1 = '5b10ac8d82e05b22cc7d4ef5';
const U2 = '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077';
const EMPLOYEES = '5b0e2f7a-3c41-4d8e-9a6b-2f1c7d9e4a10';

describe('simulator: filters, sorting and size (controlled data)', () => {
  let c: TestClient;
  const names = (r: Res<{ items: Entity[] }>, type: string) =>
    r.body.items.map((e) => e.fields?.[`${type}-name`]);
  /** Names of all matches (sorted by name); asserts 200 and that total agrees. */
  const match = async (type: string, query: string) => {
    const r = await c.list(`type=${type}&size=100&${query}`);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(r.body.items.length);
    return names(r, type);
  };
  const rejects = async (query: string, message: RegExp) => {
    const r = await c.list(query);
    expect(r.status).toBe(400);
    expect(msg(r)).toMatch(message);
  };

  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'empty' });
    await c.create('contact', {
      'contact-name': 'Tom Jansen',
      'contact-email': 'tom@gmail.com',
      'contact-birthday': '1990-05-01',
      'contact-last-contacted': '2024-03-01T10:00:00Z',
      'contact-notes': 'Met at the Fair',
    });
    await c.create('contact', {
      'contact-name': 'tom',
      'contact-email': 'tom.b@outlook.com',
      'contact-birthday': '1985-01-10',
      'contact-last-contacted': '2024-03-01T11:00:00+01:00', // the same instant as Tom Jansen's
    });
    await c.create('contact', {
      'contact-name': 'Anna Bakker',
      'contact-email': 'anna@GMAIL.com',
      'contact-birthday': '2000-12-31',
      'contact-last-contacted': '2025-01-01T00:00:00.000Z',
      'contact-notes': 'Prefers EMAIL over calls',
    });
    await c.create('contact', { 'contact-name': 'Zed' });
    await c.create('sale', {
      'sale-name': 'Alpha',
      'sale-status': 'open',
      'sale-balance': 500,
      'sale-products': ['Training'],
      'sale-owner': U1,
    });
    await c.create('sale', {
      'sale-name': 'beta',
      'sale-status': 'won',
      'sale-balance': 499.99,
      'sale-products': ['Training', 'Onboarding'],
      'sale-owner': U2,
    });
    await c.create('sale', {
      'sale-name': 'Gamma',
      'sale-status': 'lost',
      'sale-balance': 1000,
      'sale-products': ['Onboarding'],
      'sale-owner': U1,
    });
    await c.create('sale', { 'sale-name': 'Delta' });
    await c.create('company', {
      'company-name': 'Acme',
      [EMPLOYEES]: 12,
      'company-tags': ['Partner'],
    });
  });
  afterAll(() => c.close());

  it('string: eq (default, case-insensitive exact) and contains (case-insensitive substring)', async () => {
    expect(await match('contact', 'fields.contact-name=tom')).toEqual(['tom']);
    expect(await match('contact', 'fields.contact-name[eq]=TOM')).toEqual(['tom']);
    expect(await match('contact', 'fields.contact-name[contains]=tom')).toEqual([
      'tom',
      'Tom Jansen',
    ]);
    expect(await match('contact', 'fields.contact-email[contains]=gmail.com')).toEqual([
      'Anna Bakker',
      'Tom Jansen',
    ]);
    await rejects(
      'type=contact&fields.contact-name[gte]=a',
      /"gte".*"contact-name" \(string\); allowed: eq, contains/,
    );
  });

  it('text: contains is the default and the only operator', async () => {
    expect(await match('contact', 'fields.contact-notes=email')).toEqual(['Anna Bakker']);
    expect(await match('contact', 'fields.contact-notes[contains]=MET AT')).toEqual(['Tom Jansen']);
    await rejects(
      'type=contact&fields.contact-notes[eq]=x',
      /"eq".*"contact-notes" \(text\); allowed: contains/,
    );
  });

  it('date: eq (default), gte, lte; malformed dates are rejected', async () => {
    expect(await match('contact', 'fields.contact-birthday=1985-01-10')).toEqual(['tom']);
    expect(await match('contact', 'fields.contact-birthday[gte]=1990-01-01')).toEqual([
      'Anna Bakker',
      'Tom Jansen',
    ]);
    expect(await match('contact', 'fields.contact-birthday[lte]=1990-05-01')).toEqual([
      'tom',
      'Tom Jansen',
    ]);
    await rejects('type=contact&fields.contact-birthday=1990-13-01', /yyyy-mm-dd/);
    await rejects('type=contact&fields.contact-birthday[contains]=1990', /allowed: eq, gte, lte/);
  });

  it('timestamp: compares instants across offsets', async () => {
    expect(await match('contact', 'fields.contact-last-contacted=2024-03-01T10:00:00Z')).toEqual([
      'tom',
      'Tom Jansen',
    ]);
    expect(
      await match(
        'contact',
        `fields.contact-last-contacted[eq]=${encodeURIComponent('2024-03-01T12:00:00+02:00')}`,
      ),
    ).toEqual(['tom', 'Tom Jansen']);
    expect(
      await match('contact', 'fields.contact-last-contacted[gte]=2024-06-01T00:00:00Z'),
    ).toEqual(['Anna Bakker']);
    expect(
      await match('contact', 'fields.contact-last-contacted[lte]=2024-12-31T23:59:59Z'),
    ).toEqual(['tom', 'Tom Jansen']);
    await rejects('type=contact&fields.contact-last-contacted=yesterday', /ISO 8601/);
  });

  it('decimal: eq (default), gte, lte; entities without a value never match', async () => {
    expect(await match('sale', 'fields.sale-balance=500')).toEqual(['Alpha']);
    expect(await match('sale', 'fields.sale-balance[gte]=500')).toEqual(['Alpha', 'Gamma']);
    expect(await match('sale', 'fields.sale-balance[lte]=500')).toEqual(['Alpha', 'beta']);
    expect(await match('sale', 'fields.sale-balance[lte]=-1')).toEqual([]);
    await rejects('type=sale&fields.sale-balance=lots', /not a number/);
    await rejects(
      'type=sale&fields.sale-balance[contains]=5',
      /"sale-balance" \(decimal\); allowed: eq, gte, lte/,
    );
  });

  it('user and single-select: eq only', async () => {
    expect(await match('sale', `fields.sale-owner=${U1}`)).toEqual(['Alpha', 'Gamma']);
    expect(await match('sale', `fields.sale-owner[eq]=${encodeURIComponent(U2)}`)).toEqual([
      'beta',
    ]);
    await rejects(`type=sale&fields.sale-owner[contains]=5b`, /"sale-owner" \(user\); allowed: eq/);
    expect(await match('sale', 'fields.sale-status=won')).toEqual(['beta']);
    expect(await match('sale', 'fields.sale-status=open')).toEqual(['Alpha', 'Delta']); // Delta got the default
    await rejects(
      'type=sale&fields.sale-status[contains]=o',
      /"sale-status" \(single-select\); allowed: eq/,
    );
  });

  it('multi-select: contains (default) matches an array holding the label', async () => {
    expect(await match('sale', 'fields.sale-products=Training')).toEqual(['Alpha', 'beta']);
    expect(await match('sale', 'fields.sale-products[contains]=Onboarding')).toEqual([
      'beta',
      'Gamma',
    ]);
    await rejects(
      'type=sale&fields.sale-products[eq]=Training',
      /"sale-products" \(multi-select\); allowed: contains/,
    );
  });

  it('ORs a repeated field+operator and ANDs different filters', async () => {
    expect(await match('sale', 'fields.sale-status=won&fields.sale-status=lost')).toEqual([
      'beta',
      'Gamma',
    ]);
    expect(
      await match('sale', 'fields.sale-products=Training&fields.sale-products=Onboarding'),
    ).toEqual(['Alpha', 'beta', 'Gamma']);
    expect(await match('sale', 'fields.sale-balance[gte]=100&fields.sale-status=open')).toEqual([
      'Alpha',
    ]);
    expect(
      await match('sale', 'fields.sale-balance[gte]=400&fields.sale-balance[lte]=600'),
    ).toEqual(['Alpha', 'beta']);
    expect(
      await match(
        'sale',
        'fields.sale-status=won&fields.sale-status=lost&fields.sale-owner=5b10ac8d82e05b22cc7d4ef5',
      ),
    ).toEqual(['Gamma']);
  });

  it('rejects unknown fields, fields of another type and unknown operators', async () => {
    await rejects(
      'type=sale&fields.sale-colour=red',
      /Unknown field "sale-colour" for entity type sale/,
    );
    await rejects(
      'type=sale&fields.contact-name=tom',
      /Unknown field "contact-name" for entity type sale/,
    );
    await rejects('type=sale&fields.sale-name[like]=a', /"like".*allowed: eq, contains/);
    await rejects('type=planet', /type must be one of company, contact, sale/);
  });

  it('without type lists all types, and a field filter narrows to its own type', async () => {
    const all = await c.list('size=100');
    expect(all.body.total).toBe(9);
    const r = await c.list('fields.sale-status=open');
    expect(r.body.items.map((e) => [e.type, e.fields?.['sale-name']])).toEqual([
      ['sale', 'Alpha'],
      ['sale', 'Delta'],
    ]);
  });

  it('sorts by name case-insensitively by default, by sort-by ascending, -field descending, missing values last', async () => {
    expect(await match('contact', '')).toEqual(['Anna Bakker', 'tom', 'Tom Jansen', 'Zed']);
    expect(await match('sale', 'sort-by=sale-balance')).toEqual([
      'beta',
      'Alpha',
      'Gamma',
      'Delta',
    ]);
    expect(await match('sale', 'sort-by=-sale-balance')).toEqual([
      'Gamma',
      'Alpha',
      'beta',
      'Delta',
    ]);
    expect(await match('contact', 'sort-by=contact-birthday')).toEqual([
      'tom',
      'Tom Jansen',
      'Anna Bakker',
      'Zed',
    ]);
    expect(await match('contact', 'sort-by=-contact-name')).toEqual([
      'Zed',
      'Tom Jansen',
      'tom',
      'Anna Bakker',
    ]);
    await rejects('type=sale&sort-by=sale-colour', /sort-by: unknown field "sale-colour"/);
  });

  it('validates size: 1..100 integers, else 400 with a fixed message', async () => {
    for (const size of ['101', '0', '-1', '2.5', 'ten'])
      await rejects(`size=${size}`, /^size must be an integer from 1 to 100$/);
    const r = await c.list('type=contact&size=100');
    expect(r.status).toBe(200);
    const two = await c.list('type=contact&size=2');
    expect(two.body.items).toHaveLength(2);
    expect(two.body.total).toBe(4);
    expect(two.body._links.next?.href).toBe(`${c.sim.baseUrl}${E}?type=contact&size=2&page=2`);
    const last = await c.get<{ items: Entity[]; _links: { next?: unknown } }>(
      two.body._links.next?.href ?? '',
    );
    expect(last.body.items.map((e) => e.fields?.['contact-name'])).toEqual(['Tom Jansen', 'Zed']);
    expect(last.body._links.next).toBeUndefined();
    await rejects('page=0', /page must be an integer/);
  });
});

describe('simulator: paging over the demo data', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await TestClient.start();
  });
  afterAll(() => c.close());

  it('follows _links.next over more than 100 contacts with no duplicates or gaps, in name order', async () => {
    const first = await c.list('type=contact');
    expect(first.body.items).toHaveLength(20); // default size
    const total = first.body.total;
    expect(total).toBeGreaterThanOrEqual(200);
    const pages = await allPages<Entity>(c, `${E}?type=contact&size=7`);
    const ids = pages.flatMap((p) => p.items.map((e) => e.id));
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(pages).toHaveLength(Math.ceil(total / 7));
    const lower = pages.flatMap((p) =>
      p.items.map((e) => String(e.fields?.['contact-name']).toLowerCase()),
    );
    expect(lower).toEqual([...lower].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    for (const p of pages) expect(p.total).toBe(total);
  });

  it('keeps filters and sort in next links', async () => {
    const pages = await allPages<Entity>(
      c,
      `${E}?type=sale&fields.sale-status=won&fields.sale-status=lost&sort-by=-sale-balance&size=5`,
    );
    const items = pages.flatMap((p) => p.items);
    expect(items.length).toBe(pages[0]?.total);
    expect(items.every((e) => ['won', 'lost'].includes(String(e.fields?.['sale-status'])))).toBe(
      true,
    );
    const balances = items
      .map((e) => e.fields?.['sale-balance'])
      .filter((b): b is number => typeof b === 'number');
    expect(balances).toEqual([...balances].sort((a, b) => b - a));
    expect(pages[0]?._links.next?.href).toContain(
      'fields.sale-status=won&fields.sale-status=lost&sort-by=-sale-balance&size=5&page=2',
    );
  });

  it('pages all 420 demo entities of every type with size 100', async () => {
    const pages = await allPages<Entity>(c, `${E}?size=100`);
    const ids = pages.flatMap((p) => p.items.map((e) => e.id));
    expect(new Set(ids).size).toBe(pages[0]?.total);
    expect(new Set(pages.flatMap((p) => p.items.map((e) => e.type)))).toEqual(
      new Set(['company', 'contact', 'sale']),
    );
  });

  it('answers relative page links when asked to', async () => {
    const rel = await TestClient.start({ relativeNextLinks: true });
    try {
      const r = await rel.list('type=company&size=10');
      expect(r.body._links.next?.href).toBe(`${E}?type=company&size=10&page=2`);
      expect(r.body.items[0]?._links.self?.href.startsWith(rel.sim.baseUrl)).toBe(true);
    } finally {
      await rel.close();
    }
  });
});
