// How the search box reads what was typed or pasted, and which fields of a template it asks.
import { templateOf } from '../../sandbox/crm-simulator/templates';
import { searchPlan } from '../../src/backend/services/search-plan';
import { shapeOf } from '../../src/backend/services/search-text';
import type { EntityType, Template } from '../../src/crm';
import { loadPhoneLibrary } from '../../src/backend/services/phone-forms';
import { loadDomainLibrary } from '../../src/backend/services/suggestions/emails';

// The matching libraries are loaded by the calls that use them, before they do (chunks of their own).
beforeAll(loadPhoneLibrary);
beforeAll(loadDomainLibrary);

/** The plan's first list as the old single query: its filters and what it tells the person. */
function textQuery(type: EntityType, template: Template, text: string) {
  const ask = searchPlan(type, template, text)?.asks[0];
  if (!ask) return undefined;
  const { kind, fieldId, label, value } = ask;
  return { filters: ask.filters, matchedBy: { kind, fieldId, label, value } };
}

/** Every list of the plan: field, operator and values. */
function lists(type: EntityType, text: string) {
  return searchPlan(type, templateOf(type), text)?.asks.map((ask) => ({
    fieldId: ask.fieldId,
    values: ask.filters.map((filter) => `${filter.operator} ${filter.value}`),
    compared: ask.keep !== undefined,
  }));
}

describe('the shape of the search text', () => {
  it.each([
    ['emma.meijer@nordbridgelogistics.co.uk', 'email'],
    ['  emma@acme.io ', 'email'],
    ['mailto:emma@acme.io', 'email'],
    ['Emma Meijer <emma@acme.io>', 'email'],
    ['nordbridgelogistics.co.uk', 'website'],
    ['https://www.nordbridgelogistics.co.uk/contact?x=1', 'website'],
    ['www.acme.io', 'website'],
    ['+31 6 1234 5678', 'phone'],
    ['(030) 123-4567', 'phone'],
    ['0612345678', 'phone'],
    ['Nordbridge', 'name'],
    ['emma.mei', 'mixed'],
    ['hana.novak', 'mixed'],
    ['Hana.Novak', 'mixed'],
    ['Emma.Meijer', 'mixed'],
    ['j_smith', 'mixed'],
    ['emma.meijer@nordbridge', 'email'],
    ['Emma Meijer', 'name'],
    ['Studio 54', 'name'],
    ['12345', 'name'],
    ['emma@', 'email'],
    ['@acme.com', 'email'],
    ['St. John Partners', 'name'],
    ['https://shop.acme.com/cart', 'website'],
    ['https://müller.de', 'website'],
    ['müller.de', 'website'],
    ['Booking.com', 'website'],
    ['E.ON', 'name'],
    ['e.on', 'mixed'],
    // Asked as a name too, and as the start of an address.
    ['St.John', 'mixed'],
    ['J.Crew', 'name'],
    ['+1 (555) 123-4567 ext 12', 'phone'],
    ['+31 6 1234 5678 x9', 'phone'],
  ])('%j reads as %s', (text, kind) => {
    expect(shapeOf(text).kind).toBe(kind);
  });

  it('reads an address or number copied out of a sentence without its punctuation', () => {
    for (const pasted of [
      ' emma.meijer@nordbridgelogistics.co.uk. ',
      'emma.meijer@nordbridgelogistics.co.uk,',
      '(emma.meijer@nordbridgelogistics.co.uk)',
      '“emma.meijer@nordbridgelogistics.co.uk”',
    ])
      expect(shapeOf(pasted)).toEqual({
        kind: 'email',
        email: 'emma.meijer@nordbridgelogistics.co.uk',
        domain: 'nordbridgelogistics.co.uk',
      });
    expect(shapeOf('+31 (0)6 6267 9724')).toEqual({
      kind: 'phone',
      typed: '+31 6 6267 9724',
      compact: '+31662679724',
    });
  });

  it("reads a name from the end of a sentence without its stop, and a phone link's number", () => {
    expect(shapeOf('Nordbridge Logistics LLC.')).toEqual({
      kind: 'name',
      text: 'Nordbridge Logistics LLC',
    });
    expect(shapeOf('tel:+31-6-6267-9724')).toEqual({
      kind: 'phone',
      typed: '+31-6-6267-9724',
      compact: '+31662679724',
    });
  });

  it('never reads a web address with a login as an email, and never keeps the login', () => {
    expect(shapeOf('https://user:secret@acme.co.uk/path')).toEqual({
      kind: 'website',
      host: 'acme.co.uk',
    });
  });

  it('keeps what each kind is searched by', () => {
    expect(shapeOf('Emma Meijer <Emma@Acme.IO>')).toEqual({
      kind: 'email',
      email: 'Emma@Acme.IO',
      domain: 'acme.io',
    });
    expect(shapeOf('HTTPS://WWW.Acme.co.uk/about')).toEqual({
      kind: 'website',
      host: 'acme.co.uk',
    });
    expect(shapeOf('anna.de')).toEqual({ kind: 'website', host: 'anna.de', bare: true });
    expect(shapeOf('emma.meijer@nordbridge')).toEqual({
      kind: 'email',
      email: 'emma.meijer@nordbridge',
      domain: 'nordbridge',
      partial: true,
    });
    expect(shapeOf(' +31 6 1234 5678 ')).toEqual({
      kind: 'phone',
      typed: '+31 6 1234 5678',
      compact: '+31612345678',
    });
  });
});

describe('the field a search asks', () => {
  const contact = templateOf('contact');
  const company = templateOf('company');
  const sale = templateOf('sale');

  it('asks a contact a complete email with eq on the email field', () => {
    expect(textQuery('contact', contact, 'emma@acme.io')).toEqual({
      filters: [{ fieldId: 'contact-email', operator: 'eq', value: 'emma@acme.io' }],
      matchedBy: { kind: 'email', fieldId: 'contact-email', label: 'Email', value: 'emma@acme.io' },
    });
  });

  it("asks a company an email's domain in its website", () => {
    expect(textQuery('company', company, 'emma@Acme.io')).toEqual({
      filters: [{ fieldId: 'company-website', operator: 'contains', value: 'acme.io' }],
      matchedBy: {
        kind: 'website',
        fieldId: 'company-website',
        label: 'Website',
        value: 'acme.io',
      },
    });
  });

  it('asks a company a pasted address by its host, and contacts by their email domain', () => {
    const url = 'https://www.acme.co.uk/contact';
    expect(textQuery('company', company, url)?.filters).toEqual([
      { fieldId: 'company-website', operator: 'contains', value: 'acme.co.uk' },
    ]);
    expect(textQuery('contact', contact, url)?.matchedBy).toEqual({
      kind: 'email',
      fieldId: 'contact-email',
      label: 'Email',
      value: 'acme.co.uk',
    });
  });

  it('asks half an address with contains: the email for contacts, the domain in websites for companies', () => {
    expect(textQuery('contact', contact, 'emma@')?.filters).toEqual([
      { fieldId: 'contact-email', operator: 'contains', value: 'emma@' },
    ]);
    expect(textQuery('contact', contact, '@acme.com')?.filters).toEqual([
      { fieldId: 'contact-email', operator: 'contains', value: '@acme.com' },
    ]);
    expect(textQuery('company', company, '@mail.acme.com')?.filters).toEqual([
      { fieldId: 'company-website', operator: 'contains', value: 'acme.com' },
    ]);
  });

  it("asks a company a subdomain's address by its registrable domain", () => {
    expect(textQuery('company', company, 'https://shop.acme.co.uk/cart')?.filters).toEqual([
      { fieldId: 'company-website', operator: 'contains', value: 'acme.co.uk' },
    ]);
    expect(textQuery('company', company, 'emma@eu.mail.acme.com')?.filters).toEqual([
      { fieldId: 'company-website', operator: 'contains', value: 'acme.com' },
    ]);
  });

  it('asks an international address as read and as stored in ASCII, in one request', () => {
    expect(textQuery('company', company, 'https://müller.de')).toEqual({
      filters: [
        { fieldId: 'company-website', operator: 'contains', value: 'müller.de' },
        { fieldId: 'company-website', operator: 'contains', value: 'xn--mller-kva.de' },
      ],
      matchedBy: {
        kind: 'website',
        fieldId: 'company-website',
        label: 'Website',
        value: 'müller.de',
      },
    });
  });

  it('asks a phone with an extension by its number, without the extension', () => {
    const [phone] = lists('contact', '+1 (555) 123-4567 ext 12') ?? [];
    expect(phone?.values[0]).toBe('contains +1 (555) 123-4567');
    expect(phone?.values).toContain('contains 123-4567');
    expect(phone?.compared).toBe(true);
  });

  it('asks company names that look like hosts by name', () => {
    expect(textQuery('company', company, 'E.ON')?.filters).toEqual([
      { fieldId: 'company-name', operator: 'contains', value: 'E.ON' },
    ]);
    expect(lists('company', 'E.ON')).toHaveLength(1);
  });

  it('asks a phone in one request: as typed, and its last digits as numbers are stored', () => {
    for (const typed of ['+49305758751', '5758751', '030 5758751', '+49 (0)30 5758751']) {
      const plan = lists('contact', typed) ?? [];
      expect(plan).toHaveLength(1);
      expect(plan[0]?.fieldId).toBe('contact-phone');
      expect(plan[0]?.compared).toBe(true);
      // "+49 30 575 8751" holds "575 8751"; "+49 30 5758751" and "030 5758751" hold "5758751".
      expect(plan[0]?.values).toEqual(
        expect.arrayContaining(['contains 575 8751', 'contains 5758751', 'contains 575-8751']),
      );
    }
  });

  it('asks the name field for names, and for shapes the type has no field for', () => {
    expect(textQuery('contact', contact, 'Emma')).toEqual({
      filters: [{ fieldId: 'contact-name', operator: 'contains', value: 'Emma' }],
      matchedBy: { kind: 'name', fieldId: 'contact-name', label: 'Name', value: 'Emma' },
    });
    expect(textQuery('sale', sale, 'emma@acme.io')?.matchedBy.kind).toBe('name');
    expect(lists('sale', 'emma.mei')).toEqual([
      { fieldId: 'sale-name', values: ['contains emma.mei'], compared: false },
    ]);
    expect(textQuery('company', company, '+31 6 1234 5678')?.matchedBy.kind).toBe('name');
  });

  it("finds a custom template's fields by format and uses eq where contains is not allowed", () => {
    const custom: Template = {
      sections: [
        {
          name: 'Main',
          fields: [
            { id: 'x1', label: 'Client', type: 'string', required: true },
            { id: 'x2', label: 'E-mail address', type: 'string', required: false },
            { id: 'x3', label: 'Kind', type: 'single-select', required: false },
          ],
        },
      ],
    };
    expect(textQuery('contact', custom, 'a@b.io')?.matchedBy).toEqual({
      kind: 'email',
      fieldId: 'x2',
      label: 'E-mail address',
      value: 'a@b.io',
    });
    const selectNamed: Template = {
      sections: [
        {
          name: 'Main',
          fields: [{ id: 'sale-name', label: 'Name', type: 'single-select', required: true }],
        },
      ],
    };
    expect(textQuery('sale', selectNamed, 'Big deal')?.filters).toEqual([
      { fieldId: 'sale-name', operator: 'eq', value: 'Big deal' },
    ]);
    expect(textQuery('sale', { sections: [] }, 'Big deal')).toBeUndefined();
  });
});

describe('text that may be in several fields', () => {
  it('asks half an address in the name and the email at once (a dot does not make it a domain)', () => {
    for (const text of ['emma.mei', 'hana.novak'])
      expect(lists('contact', text)).toEqual([
        { fieldId: 'contact-name', values: [`contains ${text}`], compared: false },
        { fieldId: 'contact-email', values: [`contains ${text}`], compared: false },
      ]);
    expect(lists('company', 'emma.mei')).toEqual([
      { fieldId: 'company-name', values: ['contains emma.mei'], compared: false },
      { fieldId: 'company-website', values: ['contains emma.mei'], compared: false },
    ]);
  });

  it('asks an address cut short in the email, and its domain part in company websites', () => {
    expect(lists('contact', 'emma.meijer@nordbridge')).toEqual([
      { fieldId: 'contact-email', values: ['contains emma.meijer@nordbridge'], compared: false },
    ]);
    expect(lists('company', 'emma.meijer@nordbridge')).toEqual([
      { fieldId: 'company-website', values: ['contains nordbridge'], compared: false },
    ]);
  });

  it('asks a bare domain as a website (or email) and as a name; a full address only as a site', () => {
    expect(lists('company', 'Booking.com')?.map((list) => list.fieldId)).toEqual([
      'company-website',
      'company-name',
    ]);
    expect(lists('contact', 'anna.de')?.map((list) => list.fieldId)).toEqual([
      'contact-email',
      'contact-name',
    ]);
    expect(lists('company', 'https://booking.com')?.map((list) => list.fieldId)).toEqual([
      'company-website',
    ]);
  });

  it('asks a name as typed, and beside it the parts without a letter that may carry an accent', () => {
    expect(lists('contact', 'Chloe')).toEqual([
      { fieldId: 'contact-name', values: ['contains Chloe'], compared: false },
      { fieldId: 'contact-name', values: ['contains hloe', 'contains Chl'], compared: true },
    ]);
    expect(lists('contact', 'Muller')?.[1]?.values).toEqual(['contains ller', 'contains Mull']);
    // Too short for a part: as typed only, as before.
    expect(lists('contact', 'an')).toEqual([
      { fieldId: 'contact-name', values: ['contains an'], compared: false },
    ]);
  });

  it('keeps only names that match normalised from the accent-free list', () => {
    const [, accents] = searchPlan('contact', templateOf('contact'), 'Muller')?.asks ?? [];
    expect(accents?.keep?.('Daan Müller')).toBe(true);
    expect(accents?.keep?.('Muller')).toBe(true);
    expect(accents?.keep?.('Anna Keller')).toBe(false);
    expect(accents?.keep?.(undefined)).toBe(false);
  });
});
