// Names and web addresses read out of an issue's text for suggestions: what is asked of Atlas CRM
// (runs of capitalised words, accent-safe parts), where a record's name is written and how (in
// passing or not, with which legal form), and the domains of web addresses.
import { domainToASCII } from 'node:url';
import { findMentions } from '../../src/backend/services/suggestions/mentions';
import {
  accentSafeTail,
  companyTerms,
  shortNameTerms,
  writtenPersonNames,
} from '../../src/backend/services/suggestions/name-terms';
import { scanText, type Where } from '../../src/backend/services/suggestions/text-scan';
import { webDomainsInText } from '../../src/backend/services/suggestions/web-addresses';
import { loadDomainLibrary } from '../../src/backend/services/suggestions/emails';

// The matching libraries are loaded by the calls that use them, before they do (chunks of their own).
beforeAll(loadDomainLibrary);

const scan = (text: string, where: Where = 'description') => [scanText(where, text)];
const mentions = (text: string, key: string, where: Where = 'description') =>
  findMentions(scan(text, where), key.split(' '));
const terms = (text: string, organizations: string[] = []) =>
  companyTerms(scan(text), organizations).map((term) => term.value);

describe('reading the text', () => {
  it('keeps dotted and hyphenated names whole and blanks addresses and links', () => {
    const [scanned] = scan('E.ON asks Min-ji Kim (minji@hanbit.kr) via https://eon.com/x.');
    expect(scanned?.segments.map((s) => s.raw)).toEqual(['E.ON', 'asks', 'Min-ji', 'Kim', 'via']);
    expect(scanned?.segments.map((s) => s.words)).toEqual([
      ['eon'],
      ['asks'],
      ['min', 'ji'],
      ['kim'],
      ['via'],
    ]);
  });

  it('finds the signature after a sign-off, or in a short last line', () => {
    const signed = scanText(
      'description',
      'Please help.\n\nBest regards,\nLouis Ferrand\nFerrand & Fils',
    );
    expect(signed.segments[signed.signatureFrom]?.raw).toBe('Louis');
    const short = scanText('description', 'The labels print blank.\nAroha Walker - Blue Ocean');
    expect(short.segments[short.signatureFrom]?.raw).toBe('Aroha');
    const none = scanText('description', 'One line only, no signature here.');
    expect(none.signatureFrom).toBe(none.segments.length);
  });
});

describe('what is asked of the company name field', () => {
  it('asks a written name without its legal form, its word pairs and its rarer words', () => {
    expect(terms('Onboarding call with Kestrel Water PLC next week')).toEqual([
      'Kestrel Water',
      'Kestrel',
      'strel',
      // The longer part an accented spelling ("Kestrel Wäter") still holds.
      'Kestrel W',
    ]);
    expect(terms('Migrate Summit Outdoor Gear to the EU')).toEqual(
      expect.arrayContaining(['Summit Outdoor Gear', 'Summit Outdoor', 'Outdoor Gear', 'Summit']),
    );
  });

  it('keeps legal forms in lower case or with commas and dots to the name', () => {
    expect(terms('Contract for Zeeland Zuivel bv signed')[0]).toBe('Zeeland Zuivel');
    expect(terms('PO from Shenzhen Bright Star Co., Ltd. today')[0]).toBe('Shenzhen Bright Star');
    expect(terms('wisla soft and Wisła Soft sp. z o.o. both')).toEqual(
      expect.arrayContaining(['Wisła Soft', 'Wisla Soft']),
    );
  });

  it('never asks a greeting, a date or a word many names share alone', () => {
    expect(terms('Hello. Thanks. March. Logistics. Please.')).toEqual([]);
  });

  it('asks organisations first, and names typed without umlauts also with them', () => {
    expect(terms('Mueller Praezision asks', ['Riverforge Foods'])).toEqual(
      expect.arrayContaining(['Riverforge Foods', 'Mueller Praezision', 'Müller Präzision']),
    );
    expect(terms('x', ['Riverforge Foods'])[0]).toBe('Riverforge Foods');
  });

  it('asks the part of a longer word that an accent most likely spares', () => {
    expect(accentSafeTail('Bruckner')).toBe('ckner');
    expect(accentSafeTail('Oresund')).toBe('resund');
    expect(accentSafeTail('Muller')).toBeUndefined();
    expect(accentSafeTail('Brückner')).toBeUndefined();
  });
});

describe('short names in the text', () => {
  it('asks an acronym with the dotted spellings a company may be stored with', () => {
    expect(shortNameTerms(scan('Invoice run for EON failed'))).toEqual([
      'EON',
      'E.ON',
      'EO.N',
      'E.O.N',
    ]);
    expect(shortNameTerms(scan('E.ON asks for a copy'))).toEqual(
      expect.arrayContaining(['EON', 'E.ON']),
    );
  });

  it('never asks a legal form, a ticket word or an ordinary word', () => {
    expect(shortNameTerms(scan('Acme GmbH asks: Is the SSO for PLC down? Thanks.'))).not.toEqual(
      expect.arrayContaining(['GmbH', 'PLC', 'Is', 'Thanks']),
    );
  });
});

describe('person names in the text', () => {
  it('are two capitalised words or more with a connector, the signature first', () => {
    const names = writtenPersonNames(
      scan('Sanne de Jong asked Jorge Medina to call.\nThanks,\nLotte van Dijk'),
    );
    expect(names.slice(0, 3)).toEqual(['Lotte van Dijk', 'Sanne de Jong', 'Jorge Medina']);
  });
});

describe('where a name is written', () => {
  it('matches whole words, whatever the accents, case of the form or punctuation', () => {
    expect(mentions('Migrate Summit Outdoor Gear to the EU', 'summit outdoor gear')).toHaveLength(
      1,
    );
    expect(mentions('Neon signs for Jeon', 'eon')).toEqual([]);
    expect(mentions('Cafe des Artistes wants POS', 'cafe des artistes')).toHaveLength(1);
    expect(mentions('Send it to E.ON today', 'eon')[0]).toMatchObject({ passing: false });
    expect(mentions('Contract for KESTREL WATER PLC', 'kestrel water', 'summary')[0]).toMatchObject(
      { where: 'summary', form: 'plc' },
    );
    expect(mentions('Sakura Denki K.K. ordered', 'sakura denki')[0]?.form).toBe('kk');
    // As written, the abbreviation's last dot included; a sentence's full stop is not.
    const text = 'PO from Sakura Denki K.K. today. Call Acme Ltd.';
    const at = (key: string) => mentions(text, key).map((m) => text.slice(m.start, m.end));
    expect(at('sakura denki')).toEqual(['Sakura Denki K.K.']);
    expect(at('acme')).toEqual(['Acme Ltd']);
    expect(
      mentions('Shenzhen Bright Star Co., Ltd. ordered', 'shenzhen bright star')[0]?.form,
    ).toBe('co ltd');
  });

  it('needs a name written as one: capitalised, one run of words', () => {
    expect(mentions('move the old data solutions decks', 'data solutions')).toEqual([]);
    expect(mentions('Summit. Outdoor Gear', 'summit outdoor gear')).toEqual([]);
  });

  it('takes a one-word name only as a name: not opening a sentence, not after an article', () => {
    expect(mentions('Apex of the load is on Monday.', 'apex')).toEqual([]);
    expect(mentions('Review the Vision board.', 'vision')).toEqual([]);
    expect(mentions('We met Apex yesterday.', 'apex')).toHaveLength(1);
    expect(mentions('Apex Ltd called.', 'apex')).toHaveLength(1);
    expect(mentions('EON asks for a questionnaire.', 'eon')).toHaveLength(1);
  });

  it('tells a name in the signature', () => {
    const [mention] = mentions('Please call us.\n\nRegards,\nTom\nAshdown Legal', 'ashdown legal');
    expect(mention?.signature).toBe(true);
  });
});

describe('names written in passing', () => {
  const passing = (text: string, key: string) => mentions(text, key)[0]?.passing;

  it.each([
    ['Unlike Beacon Health we are regulated by the FDA.', 'beacon health'],
    ['Marketing wants a case study of Polder Data.', 'polder data'],
    ['Merlion was referred by Cascade Freight.', 'cascade freight'],
    ["Don't change anything for Norrsken Energi.", 'norrsken energi'],
    ['We want the same SLA as Kestrel Water.', 'kestrel water'],
    ['This is not the same as the one for Pampa Agro.', 'pampa agro'],
    ['Fjordline Maritime told us about SMS alerts.', 'fjordline maritime'],
    ['We are moving our archive over from Data Solutions Inc.', 'data solutions'],
    ['All tenants except Open Systems AG.', 'open systems'],
  ])('%s', (text, key) => {
    expect(passing(text, key)).toBe(true);
  });

  it.each([
    ['We would like Kestrel Water to join the beta.', 'kestrel water'],
    ['Approve a discount for Bodegas Quintana. Not for others.', 'bodegas quintana'],
    ['Unlike last year, Redwood Ledger renews early.', 'redwood ledger'],
  ])('%s is about the name', (text, key) => {
    expect(passing(text, key)).toBe(false);
  });
});

describe('web addresses in the text', () => {
  it('gives registrable domains of bare domains and links, not free mail or file names', () => {
    expect(
      webDomainsInText(
        'description',
        'Set up portal.blueoceanseafood.co.nz, see (https://www.lakeshorepeds.org/contact). ' +
          'Run setup.py, read README.md, mail gmail.com, or write to ops@merlionfreight.sg.',
      ),
    ).toEqual([
      { domain: 'blueoceanseafood.co.nz', where: 'description' },
      { domain: 'lakeshorepeds.org', where: 'description' },
    ]);
  });

  it('reads an international domain in its ASCII spelling', () => {
    expect(webDomainsInText('summary', 'Shop at bäckerei-schäfer.de')).toEqual([
      { domain: domainToASCII('bäckerei-schäfer.de'), where: 'summary' },
    ]);
  });
});
