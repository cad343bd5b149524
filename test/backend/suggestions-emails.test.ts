// Addresses picked out of an issue's text, free mail told apart from company mail, and company
// domains compared by registrable domain (public-suffix list), as suggestions rely on.
import {
  companyDomainOf,
  emailsInText,
  isFreeMailDomain,
  parseEmail,
  registrableDomain,
} from '../../src/backend/services/suggestions/emails';

describe('addresses written in text', () => {
  it('finds each address once, in order, around the usual punctuation', () => {
    const text =
      'Billing contact: Emma Meijer <Emma.Meijer@NordbridgeLogistics.co.uk>, cc (anna.tanaka@bluepeakenergy.com).\n' +
      'Please confirm to emma.meijer@nordbridgelogistics.co.uk. Thanks!';
    expect(emailsInText(text)).toEqual([
      'emma.meijer@nordbridgelogistics.co.uk',
      'anna.tanaka@bluepeakenergy.com',
    ]);
  });

  it('takes an address out of a mailto link and ends it before a question mark', () => {
    expect(emailsInText('Write to mailto:ops@acme.co.uk or is it support@acme.co.uk?')).toEqual([
      'ops@acme.co.uk',
      'support@acme.co.uk',
    ]);
  });

  it('ignores what only looks like an address', () => {
    const text =
      '@channel ping me@ and user@localhost, a@b, x@intranet.local, foo..bar@acme.com, ' +
      'ticket@@acme.com, the handle @emma and version 4.18.2@beta';
    expect(emailsInText(text)).toEqual([]);
  });

  it('accepts international addresses', () => {
    expect(parseEmail('chloé.wilson@nordbridgelogistics.co.uk')).toBe(
      'chloé.wilson@nordbridgelogistics.co.uk',
    );
  });

  it('stops after a bounded number of candidates in a pasted mail log', () => {
    const log = Array.from({ length: 500 }, (_, i) => `person${i}@acme${i}.com`).join(' ');
    const found = emailsInText(log);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThanOrEqual(50);
  });
});

describe('registrable domains', () => {
  it('compares a mail host with a website under the same registrable domain', () => {
    expect(registrableDomain('mail.acme.co.uk')).toBe('acme.co.uk');
    expect(registrableDomain('https://www.acme.co.uk/about')).toBe('acme.co.uk');
    expect(registrableDomain('acme.co.uk')).toBe('acme.co.uk');
  });

  it('keeps a look-alike apart', () => {
    expect(registrableDomain('notacme.co.uk')).toBe('notacme.co.uk');
    expect(registrableDomain('notacme.co.uk')).not.toBe(registrableDomain('mail.acme.co.uk'));
    expect(registrableDomain('acme.co.uk.evil.com')).toBe('evil.com');
  });

  it('keeps two sites on a shared hosting suffix apart', () => {
    expect(registrableDomain('acme.github.io')).toBe('acme.github.io');
    expect(registrableDomain('other.github.io')).toBe('other.github.io');
  });

  it('has none for a bare word or an address', () => {
    expect(registrableDomain('localhost')).toBeUndefined();
    expect(registrableDomain('10.1.2.3')).toBeUndefined();
    expect(registrableDomain('')).toBeUndefined();
  });
});

describe('free and consumer mail', () => {
  it('knows the big providers, country variants and subdomains of them', () => {
    for (const domain of ['gmail.com', 'outlook.com', 'hotmail.co.uk', 'yahoo.de', 'GMAIL.COM'])
      expect(isFreeMailDomain(domain)).toBe(true);
    expect(isFreeMailDomain('eu.gmail.com')).toBe(true);
  });

  it('leaves company domains alone', () => {
    for (const domain of ['nordbridgelogistics.co.uk', 'bluepeakenergy.com', 'acme.co.uk'])
      expect(isFreeMailDomain(domain)).toBe(false);
  });

  it('gives a company domain only for company mail', () => {
    expect(companyDomainOf('sam.k@gmail.com')).toBeUndefined();
    expect(companyDomainOf('emma@mail.nordbridgelogistics.co.uk')).toBe(
      'nordbridgelogistics.co.uk',
    );
  });
});
