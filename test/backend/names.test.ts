// Names as people write them: one key whatever the accents, case, punctuation or legal form.
import {
  companyKey,
  foldAccents,
  germanSpelling,
  isLegalForm,
  legalFormOf,
  nameWords,
  normaliseName,
  personKey,
  sameCompany,
  samePerson,
  umlautSpelling,
} from '../../src/backend/services/names';

describe('accents and punctuation', () => {
  it('folds accents and the letters Unicode does not decompose', () => {
    expect(foldAccents('Chloé Müller-Łukasz Ørsted Straße Æsir İstanbul')).toBe(
      'Chloe Muller-Lukasz Orsted Strasse AEsir Istanbul',
    );
  });

  it('reads dots inside a word as an abbreviation, not a break', () => {
    expect(normaliseName('E.ON SE')).toBe('eon se');
    expect(normaliseName('Sp. z o.o.')).toBe('sp z oo');
    expect(normaliseName('Co., Ltd.')).toBe('co ltd');
    expect(normaliseName('A. P. Møller – Mærsk')).toBe('ap moller maersk');
    expect(normaliseName('A.P. Møller')).toBe('ap moller');
  });

  it('joins apostrophes, reads & as "and" and splits at hyphens', () => {
    expect(normaliseName("O'Brien & Sons")).toBe('obrien and sons');
    expect(normaliseName('McDonald’s')).toBe('mcdonalds');
    expect(normaliseName('Coca-Cola  Company')).toBe('coca cola company');
    expect(nameWords('  ')).toEqual([]);
  });
});

describe('legal forms', () => {
  it.each([
    ['Nordbridge Logistics LLC', 'nordbridge logistics', 'llc'],
    ['Nordbridge Logistics, L.L.C.', 'nordbridge logistics', 'llc'],
    ['Thames Water plc', 'thames water', 'plc'],
    ['Summit Outdoor Gear GmbH', 'summit outdoor gear', 'gmbh'],
    ['Sakura Denki K.K.', 'sakura denki', 'kk'],
    ['Anadolu Yazılım A.Ş.', 'anadolu yazilim', 'as'],
    ['Fjordline AS', 'fjordline', 'as'],
    ['Sol Nascente Ltda.', 'sol nascente', 'ltda'],
    ['Wisła Soft Sp. z o.o.', 'wisla soft', 'sp z oo'],
    ['Shenzhen Bright Star Co., Ltd.', 'shenzhen bright star', 'co ltd'],
    ['Groupe Lumière S.A.', 'groupe lumiere', 'sa'],
    ['Vetro Design S.r.l.', 'vetro design', 'srl'],
    ['Polder Data B.V.', 'polder data', 'bv'],
    ['Schelde Port N.V.', 'schelde port', 'nv'],
    ['E.ON SE', 'eon', 'se'],
    ['Harborlight Software Oy', 'harborlight software', 'oy'],
    ['Nordic Paper AB (publ)', 'nordic paper', 'ab publ'],
    ['Kobenhavn Data ApS', 'kobenhavn data', 'aps'],
    ['Wattle Systems Pty Ltd', 'wattle systems', 'pty ltd'],
    ['Acme Inc.', 'acme', 'inc'],
    ['Vertex Corp.', 'vertex', 'corp'],
    ['Rhein Bau GmbH & Co. KG', 'rhein bau', 'gmbh and co kg'],
    ['Smith & Co. Ltd', 'smith', 'co ltd'],
    ['PT Maju Jaya Tbk', 'maju jaya', 'tbk'],
    ['The Boring Company', 'boring', 'company'],
  ])('%s is %s without its legal form (%s)', (name, key, form) => {
    expect(companyKey(name)).toBe(key);
    expect(legalFormOf(name)).toBe(form);
  });

  it('keeps a name that is only a form, and a name without one', () => {
    expect(companyKey('GmbH')).toBe('gmbh');
    expect(companyKey('Quokka Digital')).toBe('quokka digital');
    expect(legalFormOf('Quokka Digital')).toBeUndefined();
    expect(legalFormOf('OOO Romashka')).toBe('ooo');
  });

  it('tells a form alone, in any case and punctuation', () => {
    for (const form of ['plc', 'PLC', 'gmbh', 'K.K.', 'Sp. z o.o.', 'Co., Ltd.', 'A.Ş.', 'Ltda'])
      expect(isLegalForm(form)).toBe(true);
    expect(isLegalForm('Logistics')).toBe(false);
  });

  it('compares companies with or without the form', () => {
    expect(sameCompany('Nordbridge Logistics LLC', 'nordbridge logistics')).toBe(true);
    expect(sameCompany('Groupe Lumière SA', 'Groupe Lumiere')).toBe(true);
    expect(sameCompany('EON', 'E.ON SE')).toBe(true);
    expect(sameCompany('Nordbridge Logistics', 'Nordbridge Freight')).toBe(false);
    expect(sameCompany('', '')).toBe(false);
  });
});

describe('people', () => {
  it('compares without titles, accents or the order of "Last, First"', () => {
    expect(personKey('Dr. Chloé Wilson')).toBe('chloe wilson');
    expect(personKey('Meijer, Emma')).toBe('emma meijer');
    expect(personKey('Emma Meijer (Nordbridge)')).toBe('emma meijer');
    expect(samePerson('Daan Müller', 'daan muller')).toBe(true);
    expect(samePerson('Daan Müller', 'Daan Miller')).toBe(false);
  });
});

describe('German spellings', () => {
  it('compares umlauts written out as the same name', () => {
    expect(sameCompany('Müller Präzisionstechnik GmbH', 'Mueller Praezisionstechnik')).toBe(true);
    expect(sameCompany('Müller Präzisionstechnik GmbH', 'Muller Prazisionstechnik')).toBe(true);
    expect(sameCompany('Weißwald Software UG (haftungsbeschränkt)', 'Weisswald Software')).toBe(
      true,
    );
    expect(samePerson('Jürgen Groß', 'Juergen Gross')).toBe(true);
  });

  it('guesses the umlauts of a name written without them', () => {
    expect(umlautSpelling('Mueller Praezision')).toBe('Müller Präzision');
    expect(umlautSpelling('Weisswald')).toBe('Weißwald');
    expect(umlautSpelling('Kestrel Water')).toBeUndefined();
    expect(germanSpelling('Bäckerei Schäfer')).toBe('Baeckerei Schaefer');
  });
});
