// List answers as the API reference documents them ('omit': entities in GET /entities and
// GET /entities/{id}/links carry id, type and _links only) and as before ('include').
import type { Comment, Entity, EntityLink, Page } from '../../src/crm/types';
import { startSimulator } from '../../sandbox/crm-simulator';
import { parseCli } from '../../sandbox/crm-simulator/cli';
import { API, E, TestClient } from './helpers';

const SUMMARY_KEYS = ['_links', 'id', 'type'];
const keys = (o: object) => Object.keys(o).sort();

/** An answer as it would be under 'omit': list items (and linked entities) lose their fields. */
function withoutListFields(body: unknown): unknown {
  const page = body as Page<Entity | EntityLink>;
  if (!Array.isArray(page.items)) return body;
  return {
    ...page,
    items: page.items.map((item) => {
      if ('entity' in item) {
        const { fields: _f, ...entity } = item.entity;
        return { ...item, entity };
      }
      const { fields: _f, ...entity } = item;
      return entity;
    }),
  };
}

const controlCall = async (c: TestClient, method: string, body?: unknown) => {
  const r = await fetch(`${c.sim.baseUrl}/__sim/list-fields`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

describe('simulator: list answers without fields (listFields omit)', () => {
  let c: TestClient;
  let company: Entity;
  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'demo', listFields: 'omit' });
    const page = await c.list('type=company&size=100');
    const linked = [];
    for (const item of page.body.items) {
      const links = await c.links(item.id);
      if (links.body.total >= 2) linked.push(item);
    }
    company = linked[0] as Entity;
  });
  afterAll(() => c.close());

  it('answers entity lists with id, type and _links only', async () => {
    for (const query of ['type=company', 'type=contact&size=100', 'size=5&page=3']) {
      const r = await c.list(query);
      expect(r.status).toBe(200);
      expect(r.body.items.length).toBeGreaterThan(0);
      for (const item of r.body.items) {
        expect(keys(item)).toEqual(SUMMARY_KEYS);
        expect(item._links.self?.href).toBe(`${c.sim.baseUrl}${E}/${item.id}`);
        expect(item._links.app?.href).toContain(`/app/CRM/${item.type}/${item.id}`);
      }
    }
  });

  it('answers link lists with the linked entities as id, type and _links only', async () => {
    const r = await c.links(company.id);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThanOrEqual(2);
    for (const link of r.body.items) {
      expect(keys(link)).toEqual(['_links', 'entity', 'roles']);
      expect(keys(link.entity)).toEqual(SUMMARY_KEYS);
      expect(link._links.self?.href).toBe(
        `${c.sim.baseUrl}${E}/${company.id}/links/${link.entity.id}`,
      );
    }
  });

  it('answers every list exactly as with fields, less the fields', async () => {
    const lists = [
      `${E}?type=company`,
      `${E}?type=contact&fields.contact-name[contains]=an&size=10`,
      `${E}?type=contact&fields.contact-name[contains]=an&size=10&page=2`,
      `${E}?type=sale&sort-by=-sale-balance&size=7`,
      `${E}?type=sale&fields.sale-status=won`,
      `${E}?size=100`,
      `${E}?type=company&fields.company-industry=Software&fields.company-tags=Partner`,
      `${E}/${company.id}/links`,
      `${E}/${company.id}/links?type=contact&sort-by=-contact-name`,
      `${E}/${company.id}/links?size=1&page=2`,
      // Refusals answer the same either way.
      `${E}?type=planet`,
      `${E}?size=101`,
      `${E}?type=sale&fields.sale-name[like]=a`,
      `${E}/no-such-entity/links`,
    ];
    for (const path of lists) {
      c.sim.control.setListFields('include');
      const full = await c.get(path);
      c.sim.control.setListFields('omit');
      const documented = await c.get(path);
      expect({ path, status: documented.status }).toEqual({ path, status: full.status });
      expect(documented.body).toEqual(withoutListFields(full.body));
    }
  });

  it('answers everything else with fields, as before', async () => {
    c.sim.control.setListFields('omit');
    const read = await c.get<Entity>(`${E}/${company.id}`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(c.sim.control.getEntity(company.id));
    expect(read.body.fields?.['company-name']).toEqual(expect.any(String));
    expect((await c.get(`${API}/workspace/CRM/template/sale`)).status).toBe(200);

    const created = await c.create('contact', { 'contact-name': 'Omit Olsen' });
    expect(created.fields).toMatchObject({ 'contact-name': 'Omit Olsen' });
    const listed = await c.list('type=contact&fields.contact-name=Omit Olsen');
    expect(listed.body.items).toEqual([
      { id: created.id, type: 'contact', _links: created._links },
    ]);

    const updated = await c.call<Entity>('PUT', `${E}/${created.id}`, {
      fields: { 'contact-job-title': 'Buyer' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.fields).toMatchObject({ 'contact-job-title': 'Buyer' });

    const linked = await c.call<EntityLink>('POST', `${E}/${company.id}/links`, {
      'entity-id': created.id,
      roles: ['Buyer'],
    });
    expect(linked.status).toBe(201);
    expect(linked.body.entity.fields).toMatchObject({ 'contact-name': 'Omit Olsen' });
    const one = await c.get<EntityLink>(`${E}/${company.id}/links/${created.id}`);
    expect(one.body.entity.fields).toMatchObject({ 'contact-job-title': 'Buyer' });
    const roles = await c.call<EntityLink>('PUT', `${E}/${company.id}/links/${created.id}`, {
      roles: ['Owner'],
    });
    expect(roles.body).toMatchObject({ roles: ['Owner'], entity: { fields: expect.any(Object) } });
    const fromList = (await c.links(company.id, 'type=contact&size=100')).body.items.find(
      (l) => l.entity.id === created.id,
    );
    expect(fromList?.roles).toEqual(['Owner']);
    expect(fromList?.entity.fields).toBeUndefined();
    const unlinked = await c.call<EntityLink>('DELETE', `${E}/${company.id}/links/${created.id}`);
    expect(unlinked.body.entity.fields).toMatchObject({ 'contact-name': 'Omit Olsen' });

    const issues = await c.call('POST', `${E}/${created.id}/issues`, { 'issue-ids': ['10001'] });
    expect(issues.body).toEqual({ 'issue-ids': ['10001'] });
    const comment = await c.call<Comment>('POST', `${E}/${created.id}/comments`, {
      format: 'plain-text',
      comment: 'Still there',
      'account-id': '5b10ac8d82e05b22cc7d4ef5',
    });
    expect(comment.status).toBe(201);
    const removed = await c.call<Entity>('DELETE', `${E}/${created.id}`);
    expect(removed.body.fields).toMatchObject({ 'contact-name': 'Omit Olsen' });
  });

  it('switches over /__sim/list-fields and refuses other shapes', async () => {
    expect(await controlCall(c, 'POST', { listFields: 'include' })).toEqual({
      status: 200,
      body: { listFields: 'include' },
    });
    expect((await c.list('type=company&size=1')).body.items[0]?.fields).toBeDefined();
    const bad = await controlCall(c, 'POST', { listFields: 'some' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/"omit".*"include"/);
    expect(await controlCall(c, 'GET')).toEqual({ status: 200, body: { listFields: 'include' } });
    await controlCall(c, 'POST', { listFields: 'omit' });
    expect(c.sim.control.listFields()).toBe('omit');
    expect((await c.list('type=company&size=1')).body.items[0]?.fields).toBeUndefined();
  });
});

describe('simulator: choosing the list shape', () => {
  it('includes fields in list answers unless told otherwise', async () => {
    const c = await TestClient.start({ dataset: 'demo' });
    try {
      expect(c.sim.control.listFields()).toBe('include');
      const r = await c.list('type=company&size=3');
      for (const item of r.body.items) expect(item.fields).toEqual(expect.any(Object));
      const links = await c.links(r.body.items[0]?.id ?? '');
      for (const link of links.body.items) expect(link.entity.fields).toEqual(expect.any(Object));
    } finally {
      await c.close();
    }
  });

  it('refuses an unknown shape at start', async () => {
    await expect(startSimulator({ listFields: 'none' as unknown as 'omit' })).rejects.toThrow(
      /listFields must be 'omit' or 'include'/,
    );
  });

  it('takes --list-fields on the command line', () => {
    expect(parseCli(['--list-fields', 'omit'], {})).toMatchObject({ listFields: 'omit' });
    expect(parseCli(['--list-fields', 'include'], {})).toMatchObject({ listFields: 'include' });
    expect(parseCli(['--port', '0'], {})).toMatchObject({ port: 0, listFields: 'include' });
    expect(() => parseCli(['--list-fields', 'all'], {})).toThrow(
      '--list-fields must be omit or include, got all',
    );
    expect(parseCli(['--help'], {})).toBe('help');
  });
});
