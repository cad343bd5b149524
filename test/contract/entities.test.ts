// Contract: templates, entity CRUD, links, issues and comments against the simulator.

import {
  CrmNotFoundError,
  CrmValidationError,
  ENTITY_TYPES,
  allFields,
  keyFieldIds,
  nameFieldId,
  validateFieldValues,
  type Entity,
} from '../../src/crm';
import {
  CONTACT_CUSTOM_FIELD_ID,
  DEMO_ACCOUNT_IDS,
  EMPLOYEES_FIELD_ID,
} from '../../sandbox/crm-simulator';
import { marker, startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});

describe('templates', () => {
  it.each(ENTITY_TYPES)(
    '%s template has the demo fields and works with the helpers',
    async (type) => {
      const t = await h.client.getTemplate(type);
      const ids = allFields(t).map((f) => f.id);
      expect(nameFieldId(type, t)).toBe(`${type}-name`);
      const expected = {
        company: [
          'company-name',
          'company-website',
          'company-industry',
          'company-description',
          'company-tags',
          'company-founded',
          'company-account-manager',
          EMPLOYEES_FIELD_ID,
        ],
        contact: [
          'contact-name',
          'contact-email',
          'contact-phone',
          'contact-notes',
          'contact-birthday',
          'contact-last-contacted',
          CONTACT_CUSTOM_FIELD_ID,
        ],
        sale: [
          'sale-name',
          'sale-status',
          'sale-balance',
          'sale-opened-at',
          'sale-closed-at',
          'sale-owner',
          'sale-products',
        ],
      }[type];
      expect(ids).toEqual(expect.arrayContaining(expected));
      expect(keyFieldIds(type, t)).toEqual(
        {
          company: ['company-website', 'company-industry'],
          contact: ['contact-email', 'contact-phone'],
          sale: ['sale-status', 'sale-balance'],
        }[type],
      );
    },
  );

  it('unknown type -> CrmNotFoundError', async () => {
    await expect(h.client.getTemplate('deal' as never)).rejects.toBeInstanceOf(CrmNotFoundError);
  });
});

describe('entity CRUD', () => {
  it('create, get, update (with null removal), delete', async () => {
    const name = `${marker()} Acme & Söhne #1`;
    const fields = {
      'company-name': name,
      'company-website': 'https://acme.example',
      'company-industry': 'Software',
      'company-tags': ['Partner', 'Customer'],
      'company-description': 'Line one\nLine two',
      'company-founded': '1999-04-01',
      'company-account-manager': DEMO_ACCOUNT_IDS[0] as string,
      [EMPLOYEES_FIELD_ID]: 42, // a head count: a whole number
    };
    const template = await h.client.getTemplate('company');
    expect(validateFieldValues(template, fields, { forCreate: true })).toEqual({});

    const created = await h.client.createEntity({ type: 'company', fields });
    expect(created.type).toBe('company');
    expect(created.fields).toMatchObject(fields);
    expect(created._links.self?.href).toContain(created.id);

    const got = await h.client.getEntity(created.id);
    expect(got.fields).toEqual(created.fields);

    const updated = await h.client.updateEntity(created.id, {
      'company-website': null,
      [EMPLOYEES_FIELD_ID]: 7,
    });
    expect(updated.fields?.['company-website']).toBeUndefined();
    expect(updated.fields?.[EMPLOYEES_FIELD_ID]).toBe(7);
    expect(updated.fields?.['company-name']).toBe(name);

    const deleted = await h.client.deleteEntity(created.id);
    expect(deleted.id).toBe(created.id);
    await expect(h.client.getEntity(created.id)).rejects.toBeInstanceOf(CrmNotFoundError);
  });

  it('contact with timestamp and the UUID custom field; sale with select defaults', async () => {
    const c = await h.client.createEntity({
      type: 'contact',
      fields: {
        'contact-name': `${marker()} Eric`,
        'contact-email': 'Eric@somethingrandom.random',
        'contact-last-contacted': '2024-05-01T10:15:00Z',
        'contact-birthday': '1980-02-29',
        [CONTACT_CUSTOM_FIELD_ID]: 'My custom data',
      },
    });
    expect(c.fields?.[CONTACT_CUSTOM_FIELD_ID]).toBe('My custom data');
    const s = await h.client.createEntity({
      type: 'sale',
      fields: { 'sale-name': `${marker()} deal`, 'sale-products': ['Training'] },
    });
    expect(s.fields?.['sale-status']).toBe('open');
  });

  it('invalid values -> CrmValidationError with the API message', async () => {
    const err = await h.client
      .createEntity({ type: 'sale', fields: { 'sale-name': 'x', 'sale-opened-at': '01-05-2024' } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmValidationError);
    expect((err as Error).message).toContain('sale-opened-at');
    await expect(h.client.createEntity({ type: 'sale', fields: {} })).rejects.toThrow(/required/);
    await expect(h.client.updateEntity('no-such-id', { 'sale-name': 'x' })).rejects.toBeInstanceOf(
      CrmNotFoundError,
    );
    await expect(h.client.deleteEntity('no-such-id')).rejects.toBeInstanceOf(CrmNotFoundError);
  });

  it('ids with odd characters are path-encoded (404, not a different route)', async () => {
    await expect(h.client.getEntity('a/b?c#d')).rejects.toBeInstanceOf(CrmNotFoundError);
  });

  it('withFields refetches entities whose fields are missing', async () => {
    const e = await h.client.createEntity({
      type: 'company',
      fields: { 'company-name': `${marker()} wf` },
    });
    const { fields: _omit, ...bare } = e;
    const out = await h.client.withFields([bare as Entity, e]);
    expect(out.map((x) => x.fields?.['company-name'])).toEqual([
      e.fields?.['company-name'],
      e.fields?.['company-name'],
    ]);
  });
});

describe('links between entities', () => {
  it('add, get, list, iterate, update roles, delete', async () => {
    const m = marker();
    const company = await h.client.createEntity({
      type: 'company',
      fields: { 'company-name': `${m} co` },
    });
    const contacts = await Promise.all(
      [1, 2, 3].map((i) =>
        h.client.createEntity({ type: 'contact', fields: { 'contact-name': `${m} person ${i}` } }),
      ),
    );
    const sale = await h.client.createEntity({
      type: 'sale',
      fields: { 'sale-name': `${m} sale` },
    });
    const [c1, c2, c3] = contacts as [Entity, Entity, Entity];

    const added = await h.client.addLink(company.id, c1.id, ['decision maker']);
    expect(added.roles).toEqual(['decision maker']);
    expect(added.entity.id).toBe(c1.id);
    await h.client.addLink(company.id, c2.id);
    await h.client.addLink(company.id, c3.id, []);
    await h.client.addLink(company.id, sale.id);

    expect((await h.client.getLink(company.id, c1.id)).roles).toEqual(['decision maker']);

    const contactsOnly = await h.client.listLinks(company.id, { type: 'contact' });
    expect(contactsOnly.total).toBe(3);
    expect(contactsOnly.items.map((l) => l.entity.id).sort()).toEqual([c1.id, c2.id, c3.id].sort());

    const filtered = await h.client.listLinks(company.id, {
      type: 'contact',
      filters: [{ fieldId: 'contact-name', operator: 'contains', value: 'person 2' }],
    });
    expect(filtered.items.map((l) => l.entity.id)).toEqual([c2.id]);

    const all: string[] = [];
    for await (const l of h.client.iterateLinks(company.id, { size: 1 })) all.push(l.entity.id);
    expect(all.sort()).toEqual([c1.id, c2.id, c3.id, sale.id].sort());

    expect((await h.client.updateLinkRoles(company.id, c2.id, ['champion', 'user'])).roles).toEqual(
      ['champion', 'user'],
    );
    expect((await h.client.deleteLink(company.id, c2.id)).entity.id).toBe(c2.id);
    await expect(h.client.getLink(company.id, c2.id)).rejects.toBeInstanceOf(CrmNotFoundError);
    await expect(h.client.addLink(company.id, company.id)).rejects.toBeInstanceOf(
      CrmValidationError,
    );
  });
});

describe('Jira issues', () => {
  it('links and unlinks by issue id', async () => {
    const e = await h.client.createEntity({
      type: 'sale',
      fields: { 'sale-name': `${marker()} issues` },
    });
    const linked = await h.client.linkIssues(e.id, ['10001', '10042']);
    expect(linked).toEqual(expect.arrayContaining(['10001', '10042']));
    expect(h.sim.control.issueIdsOf(e.id)).toEqual(['10001', '10042']);
    const remaining = await h.client.unlinkIssues(e.id, ['10001']);
    expect(remaining).not.toContain('10001');
    expect(h.sim.control.issueIdsOf(e.id)).toEqual(['10042']);
    await expect(h.client.linkIssues('no-such-id', ['1'])).rejects.toBeInstanceOf(CrmNotFoundError);
  });
});

describe('comments', () => {
  it('creates a plain-text comment', async () => {
    const e = await h.client.createEntity({
      type: 'contact',
      fields: { 'contact-name': `${marker()} commented` },
    });
    const c = await h.client.createComment(e.id, {
      comment: 'Created from the API \n Kind regards',
      accountId: DEMO_ACCOUNT_IDS[1] as string,
    });
    expect(c.id).toEqual(expect.any(String));
    expect(c.comment).toBe('Created from the API \n Kind regards');
    expect(c['account-id']).toBe(DEMO_ACCOUNT_IDS[1]);
    await expect(
      h.client.createComment(e.id, { comment: 'x', accountId: '' }),
    ).rejects.toBeInstanceOf(CrmValidationError);
  });
});
