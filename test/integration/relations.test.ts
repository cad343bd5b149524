// Relating records (the Atlas CRM entity links) through the real handler against the simulator:
// relate with roles, change roles, remove; who may; and relating a new record in the same step.
import type { CreateResult } from '../../src/shared/contract';
import { startHarness, type Harness } from './harness';

let h: Harness;
let warn: jest.SpyInstance;
let error: jest.SpyInstance;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterAll(async () => {
  warn.mockRestore();
  error.mockRestore();
  await h.close();
});

let seq = 0;
async function create(
  type: 'company' | 'contact' | 'sale',
  linkToIssue: boolean,
  extra: Record<string, unknown> = {},
): Promise<CreateResult> {
  seq += 1;
  const name = { company: 'company-name', contact: 'contact-name', sale: 'sale-name' }[type];
  const fields: Record<string, unknown> = { [name]: `Relation Test ${seq} Zyx${seq}q` };
  if (type === 'sale') Object.assign(fields, { 'sale-status': 'open' });
  const r = await h.invoke(
    'entities/create',
    { type, fields, linkToIssue, ...extra },
    { issue: 'SUP-4' },
  );
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data as CreateResult;
}

const relatedOf = async (entityId: string) =>
  (await h.ok('entities/get', { entityId }, { issue: 'SUP-4' })).related;

describe('relating a record linked to the issue', () => {
  it('relates, changes the roles and removes the relation, as Atlas CRM then holds it', async () => {
    const company = (await create('company', true)).entity.id;
    const contact = (await create('contact', false)).entity.id;

    const added = await h.ok(
      'relations/add',
      { entityId: company, otherId: contact, roles: [' Buyer ', 'buyer', 'Billing'] },
      { issue: 'SUP-4' },
    );
    expect(added.related).toEqual([
      expect.objectContaining({
        roles: ['Buyer', 'Billing'],
        entity: expect.objectContaining({ id: contact }),
      }),
    ]);
    expect(added.relatedTotal).toBe(1);
    // Atlas CRM relates both ways: the contact's details show the company.
    expect((await relatedOf(contact)).map((r) => r.entity.id)).toEqual([company]);

    const updated = await h.ok(
      'relations/update',
      { entityId: company, otherId: contact, roles: ['Decision maker'] },
      { issue: 'SUP-4' },
    );
    expect(updated.related[0]?.roles).toEqual(['Decision maker']);

    const removed = await h.ok(
      'relations/remove',
      { entityId: company, otherId: contact },
      { issue: 'SUP-4' },
    );
    expect(removed).toEqual({ related: [], relatedTotal: 0 });
    expect(await relatedOf(company)).toEqual([]);
    // Removing again is done, not an error.
    expect(
      (
        await h.invoke(
          'relations/remove',
          { entityId: company, otherId: contact },
          { issue: 'SUP-4' },
        )
      ).ok,
    ).toBe(true);
  });

  it('changing the roles of a relation removed meanwhile says so in plain words', async () => {
    const company = (await create('company', true)).entity.id;
    const contact = (await create('contact', false)).entity.id;
    const r = await h.invoke(
      'relations/update',
      { entityId: company, otherId: contact, roles: ['Buyer'] },
      { issue: 'SUP-4' },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('NOT_FOUND');
      expect(r.error.message).toMatch(/no longer related/);
    }
  });

  it('picking a record that no longer exists says so', async () => {
    const company = (await create('company', true)).entity.id;
    const r = await h.invoke(
      'relations/add',
      { entityId: company, otherId: 'no-such-record', roles: [] },
      { issue: 'SUP-4' },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/record you picked no longer exists/);
  });
});

describe('who may relate', () => {
  it('refuses a record that is not linked to this issue, and changes nothing', async () => {
    const company = (await create('company', false)).entity.id;
    const contact = (await create('contact', false)).entity.id;
    const r = await h.invoke(
      'relations/add',
      { entityId: company, otherId: contact, roles: ['Buyer'] },
      { issue: 'SUP-4' },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
    expect(await relatedOf(company)).toEqual([]);
  });

  it('refuses a viewer without Edit Issues', async () => {
    const company = (await create('company', true)).entity.id;
    const contact = (await create('contact', false)).entity.id;
    const r = await h.invoke(
      'relations/add',
      { entityId: company, otherId: contact, roles: [] },
      { issue: 'SUP-4', user: 'viewer' },
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('FORBIDDEN');
    expect(await relatedOf(company)).toEqual([]);
  });

  it('refuses relating a record to itself and roles that are not text', async () => {
    const company = (await create('company', true)).entity.id;
    const self = await h.invoke(
      'relations/add',
      { entityId: company, otherId: company, roles: [] },
      { issue: 'SUP-4' },
    );
    expect(self.ok).toBe(false);
    if (!self.ok) expect(self.error.fieldErrors?.otherId).toMatch(/itself/);
    const badRoles = await h.invoke(
      'relations/add',
      { entityId: company, otherId: 'x1', roles: [42] },
      { issue: 'SUP-4' },
    );
    expect(badRoles.ok).toBe(false);
    if (!badRoles.ok) expect(badRoles.error.code).toBe('VALIDATION');
  });
});

describe('relating a new record in the same step', () => {
  it('creates a contact related to its company with the chosen roles', async () => {
    const company = (await create('company', false)).entity.id;
    const contact = await create('contact', true, {
      relateTo: [{ entityId: company, roles: ['Buyer'] }],
    });
    expect(contact.relateFailures).toBeUndefined();
    expect(await relatedOf(contact.entity.id)).toEqual([
      expect.objectContaining({
        roles: ['Buyer'],
        entity: expect.objectContaining({ id: company }),
      }),
    ]);
  });

  it('still creates the record when a relation fails, and says which one in plain words', async () => {
    const company = (await create('company', false)).entity.id;
    const sale = await create('sale', true, {
      relateTo: [
        { entityId: 'gone-record', roles: [] },
        { entityId: company, roles: [] },
      ],
    });
    expect(sale.entity.id).toBeTruthy();
    expect(sale.linked).toBe(true);
    expect(sale.relateFailures).toEqual([
      { entityId: 'gone-record', message: 'That record no longer exists in Atlas CRM.' },
    ]);
    expect((await relatedOf(sale.entity.id)).map((r) => r.entity.id)).toEqual([company]);
  });
});

describe('relating when records like the new one exist', () => {
  it('relates nothing while the create answers possible duplicates, and relates on "Create anyway"', async () => {
    const company = (await create('company', false)).entity.id;
    const first = await create('contact', false);
    const name = first.entity.name;
    const payload = {
      type: 'contact',
      fields: { 'contact-name': name },
      linkToIssue: false,
      relateTo: [{ entityId: company, roles: ['Buyer'] }],
    };
    const asked = await h.ok('entities/create', payload, { issue: 'SUP-4' });
    expect('duplicates' in asked).toBe(true);
    expect(await relatedOf(company)).toEqual([]);
    const made = (await h.ok(
      'entities/create',
      { ...payload, allowDuplicates: true },
      { issue: 'SUP-4' },
    )) as CreateResult;
    expect((await relatedOf(company)).map((r) => r.entity.id)).toEqual([made.entity.id]);
  });
});
