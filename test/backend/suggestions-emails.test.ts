// Addresses picked out of an issue's text, free mail told apart from company mail, and company
// domains compared by registrable domain (public-suffix list), as suggestions rely on.
import {
  companyDomainOf,
  emailsInText,
  isFreeMailDomain,
  parseEmail,
} from '../../src/backend/services/suggestions/addresses';
import {
  canonicalEmail,
  emailSpellings,
  registrableDomain,
  withoutPlusTag,
} from '../../src/backend/services/suggestions/emails';
import { loadDomainLibrary } from '../../src/backend/services/suggestions/emails';

// The matching libraries are loaded by the calls that use them, before they do (chunks of their own).
beforeAll(loadDomainLibrary);

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

  it('finds an address inside typographic quotes or between ellipses', () => {
    for (const text of [
      'Please write to “quinn@quotehaus-gmbh.de” today',
      'Please write to ‘quinn@quotehaus-gmbh.de’ today',
      'Bitte an «quinn@quotehaus-gmbh.de» oder ‹quinn@quotehaus-gmbh.de› schreiben',
      'Please write to quinn@quotehaus-gmbh.de…',
      '…quinn@quotehaus-gmbh.de…',
      'メール quinn@quotehaus-gmbh.de。',
      'Write quinn@quotehaus-gmbh.de-- and wait',
    ])
      expect(emailsInText(text)).toEqual(['quinn@quotehaus-gmbh.de']);
  });

  it('keeps an apostrophe inside an address, and single quotes around one apart', () => {
    expect(emailsInText("Ask o'brien@acme.com or o’neil@acme.com, not 'emma@acme.com'.")).toEqual([
      "o'brien@acme.com",
      'o’neil@acme.com',
      'emma@acme.com',
    ]);
  });

  it('takes the address of a pasted mailto link with a subject, not the subject', () => {
    expect(emailsInText('Reply via mailto:emma@acme.com?subject=Hi%20there please')).toEqual([
      'emma@acme.com',
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
    expect(parseEmail('Emma@Müller.de')).toBe('emma@müller.de');
  });

  it('refuses a domain that is no host name', () => {
    expect(parseEmail('emma@acme.com?subject=hi')).toBeUndefined();
    expect(parseEmail('emma@acme_corp.com')).toBeUndefined();
    expect(parseEmail('emma@[192.168.0.1]')).toBeUndefined();
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

describe('international domains', () => {
  it('are one company domain in either spelling', () => {
    expect(companyDomainOf('emma@müller.de')).toBe('xn--mller-kva.de');
    expect(companyDomainOf('emma@mail.xn--mller-kva.de')).toBe('xn--mller-kva.de');
  });

  it('are one address in either spelling, and asked in both', () => {
    expect(canonicalEmail('Emma@MÜLLER.de')).toBe(canonicalEmail('emma@xn--mller-kva.de'));
    expect(emailSpellings('emma@müller.de')).toEqual(['emma@xn--mller-kva.de', 'emma@müller.de']);
    expect(emailSpellings('emma@acme.com')).toEqual(['emma@acme.com']);
  });
});

describe('plus-addressing', () => {
  it('is the same mailbox without its tag', () => {
    expect(withoutPlusTag('zoe+support@quokka.digital')).toBe('zoe@quokka.digital');
    expect(withoutPlusTag('zoe@quokka.digital')).toBeUndefined();
    expect(withoutPlusTag('+zoe@quokka.digital')).toBeUndefined();
  });
});
