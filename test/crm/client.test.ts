import {
  CrmBadResponseError,
  CrmClient,
  CrmNotFoundError,
  CrmValidationError,
  type Entity,
} from '../../src/crm';
import { BASE, FakeFetch, entity, makeClient } from './fake-fetch';

const P = '/api/1.0/workspace/CRM';

function page(items: unknown[], next?: string, total = items.length) {
  return {
    items,
    total,
    _links: { self: { href: 'x' }, ...(next !== undefined ? { next: { href: next } } : {}) },
  };
}

const link = (id: string, roles: string[] = []) => ({
  roles,
  entity: entity(id, 'contact'),
  _links: { self: { href: 'l' } },
});

describe('endpoints', () => {
  it('getTemplate', async () => {
    const fake = new FakeFetch().on('GET', `${P}/template/sale`, {
      body: {
        sections: [
          {
            name: 'G',
            fields: [{ id: 'sale-name', label: 'Name', type: 'string', required: true }],
          },
        ],
      },
    });
    const { client } = makeClient(fake);
    const t = await client.getTemplate('sale');
    expect(t.sections[0]?.fields[0]?.id).toBe('sale-name');
  });

  it('getTemplate with a broken shape', async () => {
    const fake = new FakeFetch().on('GET', `${P}/template/sale`, {
      body: { sections: [{ name: 'G' }] },
    });
    await expect(makeClient(fake).client.getTemplate('sale')).rejects.toBeInstanceOf(
      CrmBadResponseError,
    );
  });

  it('listEntities sends the query', async () => {
    const fake = new FakeFetch().on('GET', `${P}/entities`, {
      body: page([entity('a')], undefined, 7),
    });
    const { client } = makeClient(fake);
    const res = await client.listEntities({
      type: 'company',
      size: 5,
      filters: [{ fieldId: 'company-name', operator: 'contains', value: 'Ac' }],
    });
    expect(res.total).toBe(7);
    expect(fake.apiCalls()[0]?.search).toBe(
      '?type=company&size=5&fields.company-name%5Bcontains%5D=Ac',
    );
  });

  it('links endpoints', async () => {
    const fake = new FakeFetch()
      .on('GET', `${P}/entities/a/links`, { body: page([link('b', ['owner'])]) })
      .on('POST', `${P}/entities/a/links`, { body: link('b', ['owner']) })
      .on('GET', `${P}/entities/a/links/b`, { body: link('b') })
      .on('PUT', `${P}/entities/a/links/b`, { body: link('b', ['x']) })
      .on('DELETE', `${P}/entities/a/links/b`, { body: link('b', ['x']) });
    const { client } = makeClient(fake);
    expect((await client.listLinks('a', { type: 'contact' })).items[0]?.roles).toEqual(['owner']);
    await client.addLink('a', 'b', ['owner']);
    await client.addLink('a', 'b');
    await client.getLink('a', 'b');
    expect((await client.updateLinkRoles('a', 'b', ['x'])).roles).toEqual(['x']);
    await client.deleteLink('a', 'b');
    const bodies = fake.apiCalls().map((c) => (c.body ? JSON.parse(c.body) : undefined));
    expect(bodies).toEqual([
      undefined,
      { 'entity-id': 'b', roles: ['owner'] },
      { 'entity-id': 'b' },
      undefined,
      { roles: ['x'] },
      undefined,
    ]);
    expect(fake.apiCalls()[0]?.search).toBe('?type=contact');
  });

  it('link and unlink issues by id', async () => {
    const fake = new FakeFetch()
      .on('POST', `${P}/entities/a/issues`, { body: { 'issue-ids': ['10001', '10002'] } })
      .on('DELETE', `${P}/entities/a/issues`, { body: { 'issue-ids': [] } });
    const { client } = makeClient(fake);
    expect(await client.linkIssues('a', ['10001', '10002'])).toEqual(['10001', '10002']);
    expect(await client.unlinkIssues('a', ['10001'])).toEqual([]);
    expect(fake.apiCalls().map((c) => JSON.parse(c.body ?? ''))).toEqual([
      { 'issue-ids': ['10001', '10002'] },
      { 'issue-ids': ['10001'] },
    ]);
    expect(fake.apiCalls()[1]?.headers['Content-Type']).toBe('application/json');
  });

  it('refuses issue keys where ids are expected, before any request', async () => {
    const fake = new FakeFetch();
    const { client } = makeClient(fake);
    await expect(client.linkIssues('a', ['PROJ-12'])).rejects.toBeInstanceOf(CrmValidationError);
    await expect(client.unlinkIssues('a', [''])).rejects.toBeInstanceOf(CrmValidationError);
    expect(fake.calls).toHaveLength(0);
  });

  it('createComment sends plain-text format and account-id', async () => {
    const fake = new FakeFetch().on('POST', `${P}/entities/a/comments`, {
      body: { id: 'c1', comment: 'hi', 'account-id': 'acc' },
    });
    const { client } = makeClient(fake);
    expect(await client.createComment('a', { comment: 'hi', accountId: 'acc' })).toEqual({
      id: 'c1',
      comment: 'hi',
      'account-id': 'acc',
    });
    expect(JSON.parse(fake.apiCalls()[0]?.body ?? '')).toEqual({
      format: 'plain-text',
      comment: 'hi',
      'account-id': 'acc',
    });
  });

  it('entities without _links get an empty object', async () => {
    const fake = new FakeFetch().on('GET', `${P}/entities/a`, {
      body: { id: 'a', type: 'company', fields: {} },
    });
    expect((await makeClient(fake).client.getEntity('a'))._links).toEqual({});
  });
});

describe('paging', () => {
  it('iterateEntities walks absolute, root-relative and relative next links', async () => {
    const fake = new FakeFetch().on(
      'GET',
      `${P}/entities`,
      { body: page([entity('1'), entity('2')], `${BASE}${P}/entities?page=2`) },
      { body: page([entity('3')], `${P}/entities?page=3`) },
      { body: page([entity('4')], `api/1.0/workspace/CRM/entities?page=4`) },
      { body: page([entity('5')]) },
    );
    const { client } = makeClient(fake);
    const ids: string[] = [];
    for await (const e of client.iterateEntities({ type: 'company', size: 2 })) ids.push(e.id);
    expect(ids).toEqual(['1', '2', '3', '4', '5']);
    expect(fake.apiCalls().map((c) => c.search)).toEqual([
      '?type=company&size=2',
      '?page=2',
      '?page=3',
      '?page=4',
    ]);
  });

  it('relative links resolve under a base URL with a path prefix', () => {
    const client = new CrmClient({
      baseUrl: 'https://h.test/proxy/',
      fetch: new FakeFetch().fetch,
      credentials: async () => undefined,
    });
    expect(client.resolveHref('api/1.0/x?page=2')).toBe('https://h.test/proxy/api/1.0/x?page=2');
    expect(client.resolveHref('/api/1.0/x')).toBe('https://h.test/api/1.0/x');
  });

  it.each([
    'https://evil.test/api/1.0/workspace/CRM/entities?page=2',
    'http://crm.example.test/api/1.0/x',
    '//evil.test/x',
    'https://crm.example.test:8443/x',
  ])('refuses a next link to another origin: %s', async (href) => {
    const fake = new FakeFetch().on('GET', `${P}/entities`, { body: page([entity('1')], href) });
    const { client } = makeClient(fake);
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const e of client.iterateEntities()) seen.push(e.id);
      })(),
    ).rejects.toThrow(/another host/);
    expect(seen).toEqual(['1']);
    expect(fake.calls.every((c) => c.url.startsWith(BASE))).toBe(true);
    await expect(client.listEntitiesPage(href)).rejects.toBeInstanceOf(CrmBadResponseError);
  });

  it('a next link that repeats stops the walk', async () => {
    const fake = new FakeFetch().always('GET', `${P}/entities`, () => ({
      body: page([entity('1')], `${P}/entities?page=2`),
    }));
    const { client } = makeClient(fake);
    const it = client.iterateEntities()[Symbol.asyncIterator]();
    await expect(
      (async () => {
        for (;;) if ((await it.next()).done) break;
      })(),
    ).rejects.toThrow(/does not end/);
  });

  it('iterateLinks and listLinksPage', async () => {
    const fake = new FakeFetch().on(
      'GET',
      `${P}/entities/a/links`,
      { body: page([link('b')], `${P}/entities/a/links?page=2`) },
      { body: page([link('c')]) },
    );
    const { client } = makeClient(fake);
    const ids: string[] = [];
    for await (const l of client.iterateLinks('a')) ids.push(l.entity.id);
    expect(ids).toEqual(['b', 'c']);
  });
});

describe('withFields', () => {
  it('fetches only entities missing fields in one parallel round for a page, keeps order, drops 404s', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = new FakeFetch().always('GET', /\/entities\/[^/]+$/, async (c) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      const id = c.path.split('/').at(-1) ?? '';
      return id === 'gone'
        ? { status: 404, body: { message: 'nope' } }
        : { body: entity(id, 'company', { 'company-name': `N${id}` }) };
    });
    const { client } = makeClient(fake);
    const input: Entity[] = [
      entity('0', 'company', { 'company-name': 'kept' }) as Entity,
      ...Array.from({ length: 10 }, (_, i) => entity(`m${i}`) as Entity),
      entity('gone') as Entity,
    ];
    const out = await client.withFields(input);
    expect(out.map((e) => e.id)).toEqual(['0', ...Array.from({ length: 10 }, (_, i) => `m${i}`)]);
    expect(out[0]?.fields).toEqual({ 'company-name': 'kept' });
    expect(out[1]?.fields).toEqual({ 'company-name': 'Nm0' });
    // All 11 missing entities of the page at once: one round, not sequential batches.
    expect(maxInFlight).toBe(11);
    expect(fake.apiCalls()).toHaveLength(11);
  });

  it('bounds the fan-out to 20 reads in flight on a 100-item page', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const fake = new FakeFetch().always('GET', /\/entities\/[^/]+$/, async (c) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
      return { body: entity(c.path.split('/').at(-1) ?? '', 'company', { 'company-name': 'x' }) };
    });
    const { client } = makeClient(fake);
    const out = await client.withFields(
      Array.from({ length: 100 }, (_, i) => entity(`p${i}`) as Entity),
    );
    expect(out).toHaveLength(100);
    expect(maxInFlight).toBe(20);
  });

  it('other errors propagate', async () => {
    const fake = new FakeFetch().on('GET', `${P}/entities/x`, { status: 403 });
    await expect(
      makeClient(fake).client.withFields([entity('x') as Entity]),
    ).rejects.not.toBeInstanceOf(CrmNotFoundError);
  });

  it('no request when all have fields', async () => {
    const fake = new FakeFetch();
    await makeClient(fake).client.withFields([entity('x', 'company', {}) as Entity]);
    expect(fake.calls).toHaveLength(0);
  });
});
