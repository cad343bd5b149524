// Matching in Atlas CRM as suggestions and the creation trigger use it, against a scripted CRM:
// the list answer is checked against each record's own fields, companies come with the roles,
// records listed without fields are read, and one failing search leaves a note, not an error.
import type { EntityType, Template } from '../../src/crm';
import { findCandidates } from '../../src/backend/services/suggestions/find';
import { companiesOfContact, contactsByEmail } from '../../src/backend/services/suggestions/match';
import { planSearch, type SearchPlan } from '../../src/backend/services/suggestions/plan';
import type { Templates } from '../../src/backend/storage/template-cache';
import { FakeFetch, entity, makeClient, type RecordedCall } from '../crm/fake-fetch';
import { loadDomainLibrary } from '../../src/backend/services/suggestions/emails';

// The matching libraries are loaded by the calls that use them, before they do (chunks of their own).
beforeAll(loadDomainLibrary);

const template = (type: EntityType, fields: [string, string][]): Template => ({
  sections: [
    {
      name: 'General',
      fields: fields.map(([suffix, label]) => ({
        id: `${type}-${suffix}`,
        label,
        type: 'string' as const,
        required: suffix === 'name',
      })),
    },
  ],
});

const TEMPLATES: Templates = {
  contact: template('contact', [
    ['name', 'Name'],
    ['email', 'Email'],
  ]),
  company: template('company', [
    ['name', 'Name'],
    ['website', 'Website'],
  ]),
  sale: template('sale', [['name', 'Name']]),
};

const LIST = '/api/1.0/workspace/CRM/entities';
const page = (...items: unknown[]) => ({ body: { items, total: items.length, _links: {} } });
const contact = (id: string, name: string, email: string, withFields = true) =>
  entity(id, 'contact', withFields ? { 'contact-name': name, 'contact-email': email } : undefined);
const company = (id: string, name: string, website?: string) =>
  entity(id, 'company', {
    'company-name': name,
    ...(website ? { 'company-website': website } : {}),
  });
const params = (call: RecordedCall) => [...new URLSearchParams(call.search)];

function crm(fake: FakeFetch) {
  const { client } = makeClient(fake, { maxRetries: 0 });
  return () => client;
}

describe('contactsByEmail', () => {
  it('asks once for every address (OR) and keeps only contacts whose own email matches', async () => {
    const fake = new FakeFetch().on(
      'GET',
      LIST,
      page(
        contact('c-1', 'Emma Meijer', 'Emma.Meijer@Nordbridge.co.uk'),
        contact('c-2', 'Someone Else', 'else@nordbridge.co.uk'),
        contact('c-3', 'No Fields', '', false),
      ),
    );
    fake.on('GET', `${LIST}/c-3`, { body: contact('c-3', 'Lotte Smith', 'lotte@blueline.nl') });
    const found = await contactsByEmail(crm(fake), TEMPLATES, [
      'emma.meijer@nordbridge.co.uk',
      ' LOTTE@blueline.nl ',
      'emma.meijer@nordbridge.co.uk',
    ]);
    expect([...found.keys()].sort()).toEqual(['emma.meijer@nordbridge.co.uk', 'lotte@blueline.nl']);
    expect(found.get('emma.meijer@nordbridge.co.uk')?.map((c) => c.id)).toEqual(['c-1']);
    expect(found.get('lotte@blueline.nl')?.map((c) => c.id)).toEqual(['c-3']);
    const lists = fake.callsTo('GET', LIST);
    expect(lists).toHaveLength(1);
    expect(params(lists[0]!)).toEqual(
      expect.arrayContaining([
        ['type', 'contact'],
        ['fields.contact-email[eq]', 'emma.meijer@nordbridge.co.uk'],
        ['fields.contact-email[eq]', 'lotte@blueline.nl'],
      ]),
    );
  });

  it('asks both spellings of an international domain in the same request', async () => {
    const fake = new FakeFetch().on(
      'GET',
      LIST,
      page(contact('c-1', 'Lena Müller', 'Lena@Müllerbau.de')),
    );
    const found = await contactsByEmail(crm(fake), TEMPLATES, ['lena@xn--mllerbau-65a.de']);
    expect(found.get('lena@xn--mllerbau-65a.de')?.map((c) => c.id)).toEqual(['c-1']);
    const lists = fake.callsTo('GET', LIST);
    expect(lists).toHaveLength(1);
    expect(params(lists[0]!)).toEqual(
      expect.arrayContaining([
        ['fields.contact-email[eq]', 'lena@xn--mllerbau-65a.de'],
        ['fields.contact-email[eq]', 'lena@müllerbau.de'],
      ]),
    );
  });

  it('asks nothing without an address or without an email field', async () => {
    const fake = new FakeFetch();
    expect((await contactsByEmail(crm(fake), TEMPLATES, [])).size).toBe(0);
    const noEmail = { ...TEMPLATES, contact: template('contact', [['name', 'Name']]) };
    expect((await contactsByEmail(crm(fake), noEmail, ['a@acme.com'])).size).toBe(0);
    expect(fake.apiCalls()).toHaveLength(0);
  });
});

describe('companiesOfContact', () => {
  it('gives the companies with their roles, read by id when listed without fields', async () => {
    const link = (other: unknown, roles: string[]) => ({ roles, entity: other, _links: {} });
    const fake = new FakeFetch()
      .on(
        'GET',
        `${LIST}/c-1/links`,
        page(
          link(company('co-1', 'Nordbridge Logistics LLC'), ['Billing contact', ' ']),
          link(entity('co-2', 'company'), []),
          link(entity('s-1', 'sale', { 'sale-name': 'A sale' }), ['Buyer']),
          link(entity('bad id!', 'company', { 'company-name': 'Odd' }), []),
        ),
      )
      .on('GET', `${LIST}/co-2`, { body: company('co-2', 'Kite Holding NV') });
    const companies = await companiesOfContact(crm(fake), 'c-1');
    expect(companies.map((c) => [c.entity.fields?.['company-name'], c.roles])).toEqual([
      ['Nordbridge Logistics LLC', ['Billing contact']],
      ['Kite Holding NV', []],
    ]);
    expect(params(fake.callsTo('GET', `${LIST}/c-1/links`)[0]!)).toContainEqual([
      'type',
      'company',
    ]);
  });
});

describe('one failing search', () => {
  const plan = (): SearchPlan =>
    planSearch({
      reporter: { name: 'Emma', email: 'emma@nordbridge.co.uk' },
      participants: [],
      organizations: [],
      written: [],
      texts: [],
    });
  const byType = (type: string, reply: object) => (call: RecordedCall) =>
    new URLSearchParams(call.search).get('type') === type ? reply : undefined;

  it('leaves a note while the others answer', async () => {
    const fake = new FakeFetch()
      .always(
        'GET',
        LIST,
        (call) =>
          byType('contact', page(contact('c-1', 'Emma', 'emma@nordbridge.co.uk')))(call) ?? {
            status: 500,
            body: {},
          },
      )
      .on('GET', `${LIST}/c-1/links`, page());
    const found = await findCandidates(crm(fake)(), TEMPLATES, plan());
    expect(found.candidates.map((c) => [c.entity.id, c.source])).toEqual([['c-1', 'reporter']]);
    expect(found.notes).toEqual([
      'Atlas CRM did not answer about companies by website, so those suggestions are missing.',
    ]);
  });

  it('fails the call when every search fails', async () => {
    const fake = new FakeFetch().always('GET', LIST, () => ({ status: 503, body: {} }));
    await expect(findCandidates(crm(fake)(), TEMPLATES, plan())).rejects.toThrow();
  });

  it('drops the companies of a contact listed without fields whose email is not the one asked', async () => {
    const fake = new FakeFetch()
      .always(
        'GET',
        LIST,
        (call) => byType('contact', page(contact('c-9', '', '', false)))(call) ?? page(),
      )
      .on('GET', `${LIST}/c-9`, { body: contact('c-9', 'Other Person', 'other@nordbridge.co.uk') })
      .on(
        'GET',
        `${LIST}/c-9/links`,
        page({ roles: [], entity: company('co-9', 'Unrelated BV'), _links: {} }),
      );
    const found = await findCandidates(crm(fake)(), TEMPLATES, plan());
    expect(found.candidates).toEqual([]);
    expect(found.notes).toEqual([]);
  });
});
