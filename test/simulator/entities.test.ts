import type { Entity, Template } from '../../src/crm/types';
import { API, E, msg, TestClient } from './helpers';

const EMPLOYEES = '5b0e2f7a-3c41-4d8e-9a6b-2f1c7d9e4a10';
const CUSTOM = '97e9b775-8524-4aaf-ba48-9dc4d7123473';

describe('simulator: templates', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'empty' });
  });
  afterAll(() => c.close());

  const template = async (type: string) =>
    (await c.get<Template>(`${API}/workspace/CRM/template/${type}`)).body;

  it('serves all three templates with sections, and all eight field types between them', async () => {
    const types = new Set<string>();
    for (const type of ['company', 'contact', 'sale']) {
      const t = await template(type);
      expect(t.sections.length).toBeGreaterThanOrEqual(2);
      const fields = t.sections.flatMap((s) => s.fields);
      const name = fields.find((f) => f.id === `${type}-name`);
      expect(name).toMatchObject({ type: 'string', required: true, label: 'Name' });
      for (const f of fields) {
        types.add(f.type);
        expect(typeof f.label).toBe('string');
        expect(typeof f.required).toBe('boolean');
      }
    }
    expect([...types].sort()).toEqual(
      [
        'date',
        'decimal',
        'multi-select',
        'single-select',
        'string',
        'text',
        'timestamp',
        'user',
      ].sort(),
    );
  });

  it('carries select options, currency, default values and custom UUID fields', async () => {
    const sale = (await template('sale')).sections.flatMap((s) => s.fields);
    expect(sale.find((f) => f.id === 'sale-status')).toEqual({
      id: 'sale-status',
      label: 'Status',
      type: 'single-select',
      'default-value': 'open',
      config: { options: [{ label: 'open' }, { label: 'won' }, { label: 'lost' }] },
      required: false,
    });
    expect(sale.find((f) => f.id === 'sale-balance')?.config?.currency).toBe('EUR');
    expect(sale.find((f) => f.id === 'sale-products')?.config?.options?.length).toBeGreaterThan(2);
    const company = (await template('company')).sections.flatMap((s) => s.fields);
    expect(company.find((f) => f.id === EMPLOYEES)).toMatchObject({
      type: 'decimal',
      label: 'Employees',
    });
    const contact = (await template('contact')).sections.flatMap((s) => s.fields);
    expect(contact.find((f) => f.id === CUSTOM)).toMatchObject({
      type: 'string',
      label: 'Custom data',
    });
    expect(contact.find((f) => f.id === 'contact-last-contacted')?.type).toBe('timestamp');
  });

  it('answers 404 with a message for an unknown entity type', async () => {
    const r = await c.get(`${API}/workspace/CRM/template/invoice`);
    expect(r.status).toBe(404);
    expect(msg(r)).toMatch(/company, contact, sale/);
  });
});

describe('simulator: entity CRUD and validation', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'empty' });
  });
  afterAll(() => c.close());

  it('creates, reads, updates partially, removes values with null and deletes', async () => {
    const created = await c.call<Entity>('POST', E, {
      type: 'contact',
      fields: {
        'contact-name': 'Eric',
        'contact-email': 'Eric@somethingrandom.random',
        [CUSTOM]: 'My custom data',
      },
    });
    expect(created.status).toBe(201);
    const e = created.body;
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.type).toBe('contact');
    expect(e.fields).toEqual({
      'contact-name': 'Eric',
      'contact-email': 'Eric@somethingrandom.random',
      [CUSTOM]: 'My custom data',
    });
    expect(e._links.self?.href).toBe(`${c.sim.baseUrl}${E}/${e.id}`);
    expect(e._links.app?.href).toBe(`https://atlascrm.avisi-apps.com/app/CRM/contact/${e.id}`);

    const got = await c.get<Entity>(`${E}/${e.id}`);
    expect(got.body).toEqual(e);

    const put = await c.call<Entity>('PUT', `${E}/${e.id}`, {
      fields: { 'contact-name': 'Erica', 'contact-email': null },
    });
    expect(put.status).toBe(200);
    expect(put.body.fields).toEqual({ 'contact-name': 'Erica', [CUSTOM]: 'My custom data' });
    expect(c.sim.control.getEntity(e.id)?.fields).toEqual(put.body.fields);

    const del = await c.call<Entity>('DELETE', `${E}/${e.id}`);
    expect(del.status).toBe(200);
    expect(del.body.fields?.['contact-name']).toBe('Erica');
    expect((await c.get(`${E}/${e.id}`)).status).toBe(404);
    expect(c.sim.control.getEntity(e.id)).toBeUndefined();
  });

  it('applies template default values on create', async () => {
    const s = await c.create('sale', { 'sale-name': 'Defaults' });
    expect(s.fields?.['sale-status']).toBe('open');
  });

  it('stores every field type in its wire format', async () => {
    const fields = {
      'sale-name': 'Everything',
      'sale-status': 'won',
      'sale-balance': 1234.5,
      'sale-opened-at': '2024-02-29',
      'sale-closed-at': '2024-03-01T10:15:30.123+01:00',
      'sale-owner': '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
      'sale-products': ['Training', 'Onboarding'],
      'sale-notes': 'Line one\nLine two',
    };
    const s = await c.create('sale', fields);
    expect(s.fields).toEqual(fields);
  });

  it.each([
    [
      'unknown field',
      { 'contact-name': 'A', 'contact-shoe-size': 44 },
      /Unknown field "contact-shoe-size"/,
    ],
    ['string as number', { 'contact-name': 42 }, /"contact-name".*must be a string/],
    [
      'text as array',
      { 'contact-name': 'A', 'contact-notes': ['x'] },
      /"contact-notes".*must be a string/,
    ],
    [
      'date format',
      { 'contact-name': 'A', 'contact-birthday': '01-02-1990' },
      /"contact-birthday".*yyyy-mm-dd/,
    ],
    [
      'impossible date',
      { 'contact-name': 'A', 'contact-birthday': '2023-02-29' },
      /"contact-birthday".*yyyy-mm-dd/,
    ],
    [
      'timestamp format',
      { 'contact-name': 'A', 'contact-last-contacted': '2024-01-01 10:00' },
      /"contact-last-contacted".*ISO 8601/,
    ],
    ['missing required', { 'contact-email': 'a@b.c' }, /"contact-name" \(Name\) is required/],
  ])('rejects a contact with %s', async (_label, fields, message) => {
    const r = await c.call('POST', E, { type: 'contact', fields });
    expect(r.status).toBe(400);
    expect(msg(r)).toMatch(message);
  });

  it.each([
    ['decimal as string', { 'sale-balance': '500' }, /"sale-balance".*must be a number/],
    ['user empty', { 'sale-owner': '' }, /"sale-owner".*account-id/],
    [
      'single-select unknown label',
      { 'sale-status': 'pending' },
      /"sale-status".*"open", "won", "lost"/,
    ],
    ['single-select as array', { 'sale-status': ['won'] }, /"sale-status"/],
    ['multi-select as string', { 'sale-products': 'Training' }, /"sale-products".*array/],
    [
      'multi-select unknown label',
      { 'sale-products': ['Training', 'Coffee'] },
      /"Coffee" is not one of the option labels/,
    ],
  ])('rejects a sale with %s', async (_label, extra, message) => {
    const r = await c.call('POST', E, { type: 'sale', fields: { 'sale-name': 'S', ...extra } });
    expect(r.status).toBe(400);
    expect(msg(r)).toMatch(message);
  });

  it('rejects missing or invalid type and non-object fields', async () => {
    const noType = await c.call('POST', E, { fields: { 'company-name': 'A' } });
    expect(noType.status).toBe(400);
    expect(msg(noType)).toMatch(/"type" is required/);
    const badType = await c.call('POST', E, { type: 'invoice', fields: {} });
    expect(badType.status).toBe(400);
    expect(msg(badType)).toMatch(/"type" must be one of company, contact, sale/);
    const badFields = await c.call('POST', E, { type: 'company', fields: ['company-name'] });
    expect(badFields.status).toBe(400);
    // A field of another type is unknown for this one.
    const otherType = await c.call('POST', E, {
      type: 'company',
      fields: { 'company-name': 'A', 'sale-name': 'B' },
    });
    expect(msg(otherType)).toMatch(/Unknown field "sale-name" for entity type company/);
  });

  it('validates updates: required fields can not be removed, formats are checked, nothing changes on error', async () => {
    const co = await c.create('company', { 'company-name': 'Update BV', [EMPLOYEES]: 10 });
    const nullName = await c.call('PUT', `${E}/${co.id}`, { fields: { 'company-name': null } });
    expect(nullName.status).toBe(400);
    expect(msg(nullName)).toMatch(/"company-name".*required/);
    const badDecimal = await c.call('PUT', `${E}/${co.id}`, {
      fields: { [EMPLOYEES]: 'ten', 'company-website': 'x' },
    });
    expect(badDecimal.status).toBe(400);
    expect(msg(badDecimal)).toMatch(new RegExp(EMPLOYEES));
    const noFields = await c.call('PUT', `${E}/${co.id}`, { 'company-name': 'x' });
    expect(noFields.status).toBe(400);
    expect(c.sim.control.getEntity(co.id)?.fields).toEqual({
      'company-name': 'Update BV',
      [EMPLOYEES]: 10,
    });
    const ok = await c.call<Entity>('PUT', `${E}/${co.id}`, {
      fields: { 'company-tags': ['Partner'], [EMPLOYEES]: 11.5 },
    });
    expect(ok.body.fields).toEqual({
      'company-name': 'Update BV',
      [EMPLOYEES]: 11.5,
      'company-tags': ['Partner'],
    });
  });

  it('answers 404 with a message for unknown ids on GET, PUT and DELETE', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const r = await c.call(
        method,
        `${E}/does-not-exist`,
        method === 'PUT' ? { fields: {} } : undefined,
      );
      expect(r.status).toBe(404);
      expect(msg(r)).toMatch(/does-not-exist not found/);
    }
  });
});
