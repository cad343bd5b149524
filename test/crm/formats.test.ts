// Email, web address, phone and count formats: one set of rules for the forms and the server.
import { formatProblem, validateFieldValues, valueFormatOf, type Template } from '../../src/crm';

const field = (id: string, label: string, type: 'string' | 'decimal' | 'text' = 'string') => ({
  id,
  label,
  type,
});

describe('which fields have a format', () => {
  it('reads the demo template by id suffix, and custom fields by id or label words', () => {
    expect(valueFormatOf(field('contact-email', 'Email'))).toBe('email');
    expect(valueFormatOf(field('company-website', 'Website'))).toBe('url');
    expect(valueFormatOf(field('contact-phone', 'Phone'))).toBe('phone');
    // The demo's employee count has a generated id: its label decides.
    expect(
      valueFormatOf(field('5b0e2f7a-3c41-4d8e-9a6b-2f1c7d9e4a10', 'Employees', 'decimal')),
    ).toBe('count');
    expect(valueFormatOf(field('cf-123', 'Billing e-mail'))).toBe('email');
    expect(valueFormatOf(field('cf-124', 'Mobile number'))).toBe('phone');
    expect(valueFormatOf(field('partner-url', 'Partner page'))).toBe('url');
  });

  it('leaves other fields free: names, notes, money, and text fields named like a format', () => {
    expect(valueFormatOf(field('contact-name', 'Name'))).toBeUndefined();
    expect(valueFormatOf(field('sale-balance', 'Balance', 'decimal'))).toBeUndefined();
    expect(valueFormatOf(field('sale-discount', 'Discount', 'decimal'))).toBeUndefined();
    expect(valueFormatOf(field('contact-email', 'Email', 'text'))).toBeUndefined();
  });
});

describe('format rules', () => {
  it.each([
    ['email', 'ada.admin@example.com'],
    ['url', 'https://www.nordbridgelogistics.com'],
    ['url', 'example.co.uk/contact?x=1'],
    ['phone', '+31 6 1234 5678'],
    ['phone', '(020) 794-6095 ext. 12'],
    ['count', 0],
    ['count', 25000],
  ] as const)('accepts %s %p', (format, value) => {
    expect(formatProblem(format, value)).toBeUndefined();
  });

  it.each([
    ['email', 'not-an-email', 'must be an email address such as name@example.com'],
    ['email', 'a@b', 'must be an email address such as name@example.com'],
    ['url', 'not a url', 'must be a web address such as https://example.com'],
    ['url', 'ftp://example.com', 'must be a web address such as https://example.com'],
    ['phone', 'call me maybe', 'must be a phone number such as +44 20 7946 0958'],
    ['phone', '12', 'must be a phone number such as +44 20 7946 0958'],
    ['count', -5.5, 'must be a whole number, 0 or more'],
    ['count', 2.5, 'must be a whole number, 0 or more'],
    ['count', -1, 'must be a whole number, 0 or more'],
  ] as const)('refuses %s %p', (format, value, message) => {
    expect(formatProblem(format, value)).toBe(message);
  });
});

describe('validateFieldValues applies the formats (what the server refuses)', () => {
  const template: Template = {
    sections: [
      {
        name: 'General',
        fields: [
          { id: 'company-name', label: 'Name', type: 'string', required: true },
          { id: 'company-website', label: 'Website', type: 'string', required: false },
          { id: 'contact-email', label: 'Email', type: 'string', required: false },
          { id: 'contact-phone', label: 'Phone', type: 'string', required: false },
          { id: 'f-1', label: 'Employees', type: 'decimal', required: false },
          { id: 'sale-balance', label: 'Balance', type: 'decimal', required: false },
        ],
      },
    ],
  };

  it('names every badly formatted field in plain words', () => {
    expect(
      validateFieldValues(
        template,
        {
          'company-name': 'Acme',
          'company-website': 'not a url',
          'contact-email': 'not-an-email',
          'contact-phone': 'call me maybe',
          'f-1': -5.5,
          'sale-balance': -12.345,
        },
        { forCreate: true },
      ),
    ).toEqual({
      'company-website': 'Website must be a web address such as https://example.com',
      'contact-email': 'Email must be an email address such as name@example.com',
      'contact-phone': 'Phone must be a phone number such as +44 20 7946 0958',
      'f-1': 'Employees must be a whole number, 0 or more',
    });
  });

  it('accepts well-formed values and an update that clears one', () => {
    expect(
      validateFieldValues(
        template,
        {
          'company-name': 'Acme',
          'company-website': 'https://acme.example',
          'contact-email': 'jo@acme.example',
          'contact-phone': '+49 30 123 4567',
          'f-1': 12,
        },
        { forCreate: true },
      ),
    ).toEqual({});
    expect(validateFieldValues(template, { 'contact-email': null }, { forCreate: false })).toEqual(
      {},
    );
  });
});
