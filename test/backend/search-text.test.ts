// How the search box reads what was typed or pasted, and which field of a template it asks.
import { templateOf } from '../../sandbox/crm-simulator/templates';
import { shapeOf, textQuery } from '../../src/backend/services/search-text';
import type { Template } from '../../src/crm';

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
    ['e.on', 'name'],
    ['St.John', 'name'],
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
    expect(textQuery('contact', contact, '+1 (555) 123-4567 ext 12')?.filters).toEqual([
      { fieldId: 'contact-phone', operator: 'contains', value: '+1 (555) 123-4567' },
      { fieldId: 'contact-phone', operator: 'contains', value: '+15551234567' },
    ]);
  });

  it('asks company names that look like hosts by name', () => {
    expect(textQuery('company', company, 'E.ON')?.filters).toEqual([
      { fieldId: 'company-name', operator: 'contains', value: 'E.ON' },
    ]);
  });

  it('asks a phone as typed or without separators in one request', () => {
    expect(textQuery('contact', contact, '+31 6 1234 5678')?.filters).toEqual([
      { fieldId: 'contact-phone', operator: 'contains', value: '+31 6 1234 5678' },
      { fieldId: 'contact-phone', operator: 'contains', value: '+31612345678' },
    ]);
    expect(textQuery('contact', contact, '+31612345678')?.filters).toHaveLength(1);
  });

  it('asks the name field for names, and for shapes the type has no field for', () => {
    expect(textQuery('contact', contact, 'Emma')).toEqual({
      filters: [{ fieldId: 'contact-name', operator: 'contains', value: 'Emma' }],
      matchedBy: { kind: 'name', fieldId: 'contact-name', label: 'Name', value: 'Emma' },
    });
    expect(textQuery('sale', sale, 'emma@acme.io')?.matchedBy.kind).toBe('name');
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
