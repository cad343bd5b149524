// Names compared as people write them, shared by suggestions, search and the duplicate check:
// accents, case, punctuation and a company's legal form (GmbH, Ltd, K.K., Sp. z o.o., …) never
// make two names different. "Nordbridge Logistics LLC", "nordbridge logistics" and "Nordbridge
// Logistics, L.L.C." are one company; "Chloé Wilson" and "Chloe Wilson" one person. Pure, no I/O.

// Letters Unicode does not decompose into a base letter and an accent.
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  ẞ: 'SS',
  æ: 'ae',
  Æ: 'AE',
  œ: 'oe',
  Œ: 'OE',
  ø: 'o',
  Ø: 'O',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ð: 'd',
  Ð: 'D',
  þ: 'th',
  Þ: 'Th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'H',
  ŧ: 't',
  Ŧ: 'T',
};
const SPECIAL = new RegExp(`[${Object.keys(LETTERS).join('')}]`, 'gu');

/** "Chloé Müller-Łukasz" -> "Chloe Muller-Lukasz": accents off, case and punctuation kept. */
export function foldAccents(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(SPECIAL, (letter) => LETTERS[letter] ?? letter);
}

const GERMAN: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
};

/** The German way of writing without umlauts: "Müller" -> "Mueller", "Weiß" -> "Weiss". */
export function germanSpelling(text: string): string {
  return text.normalize('NFC').replace(/[äöüÄÖÜ]/g, (letter) => GERMAN[letter] ?? letter);
}

/**
 * The other way round, as a guess: "Mueller" -> "Müller", "Weisswald" -> "Weißwald". For asking a
 * store that compares letters exactly; undefined when nothing changes.
 */
export function umlautSpelling(text: string): string | undefined {
  const out = text
    .replace(
      /(?<=\p{L})([aou])e/gu,
      (_, vowel: string) => ({ a: 'ä', o: 'ö', u: 'ü' })[vowel] ?? vowel,
    )
    .replace(/(?<=\p{Ll})ss/gu, 'ß');
  return out === text ? undefined : out;
}

/**
 * Lower-case words without accents or punctuation: "E.ON SE" -> "eon se", "A. P. Møller" ->
 * "ap moller", "Smith & Sons" -> "smith and sons", "O'Brien" -> "obrien".
 */
export function normaliseName(text: string): string {
  const words = foldAccents(text)
    .toLowerCase()
    // A dot inside a word abbreviates, it does not separate: "E.ON", "S.r.l.", "K.K.".
    .replace(/(?<=[\p{L}\p{N}])\.(?=[\p{L}\p{N}])/gu, '')
    // Apostrophes join: "O'Brien", "McDonald’s".
    .replace(/(?<=[\p{L}\p{N}])['’`´](?=[\p{L}\p{N}])/gu, '')
    .replace(/[&+]/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
  return joinInitials(words).join(' ');
}

/** "a p moller" -> "ap moller": initials written with spaces are the same as without. */
function joinInitials(words: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  const flush = () => {
    if (run !== '') out.push(run);
    run = '';
  };
  for (const [i, word] of words.entries()) {
    const single = word.length === 1 && /\p{L}/u.test(word);
    const nextSingle = words[i + 1]?.length === 1 && /\p{L}/u.test(words[i + 1] ?? '');
    if (single && (run !== '' || nextSingle)) run += word;
    else {
      flush();
      out.push(word);
    }
  }
  flush();
  return out;
}

/**
 * Legal forms as written in the jurisdictions the CRM's customers are in; compared normalised,
 * so "plc", "PLC" and "P.L.C." are one. A form of several words is matched whole, longest first.
 */
export const LEGAL_FORMS: readonly string[] = [
  // English-speaking, and what Asian companies write in English
  'Inc.',
  'Incorporated',
  'Corp.',
  'Corporation',
  'Co.',
  'Company',
  '& Co.',
  'Ltd.',
  'Limited',
  'Co., Ltd.',
  'Company Limited',
  'LLC',
  'PLLC',
  'LLP',
  'LP',
  'LLLP',
  'PLC',
  'PC',
  'ULC',
  'DAC',
  'CIC',
  'Pty Ltd',
  '(Pty) Ltd',
  'Pty Limited',
  'Pty',
  'Pvt Ltd',
  'Private Limited',
  'Pte Ltd',
  'Pte. Limited',
  'Sdn Bhd',
  'Bhd',
  // German-speaking
  'GmbH',
  'gGmbH',
  'mbH',
  'AG',
  'KG',
  'KGaA',
  'OHG',
  'OG',
  'GbR',
  'UG',
  'UG (haftungsbeschränkt)',
  'e.K.',
  'e.U.',
  'e.V.',
  'eG',
  'GmbH & Co. KG',
  'AG & Co. KG',
  'SE & Co. KG',
  'SE',
  // Dutch and Belgian
  'B.V.',
  'N.V.',
  'V.O.F.',
  'BVBA',
  'CVBA',
  'VZW',
  // French, Swiss, Luxembourg
  'SA',
  'SAS',
  'SASU',
  'SARL',
  'Sàrl',
  'S.à r.l.',
  'EURL',
  'SNC',
  'SCI',
  'SCS',
  'Sagl',
  // Italian
  'S.p.A.',
  'S.r.l.',
  'S.r.l.s.',
  'S.a.s.',
  'S.n.c.',
  'S.c.a.r.l.',
  // Spanish, Portuguese, Latin American
  'S.L.',
  'S.L.U.',
  'S.A. de C.V.',
  'S. de R.L.',
  'S. de R.L. de C.V.',
  'S.A.P.I. de C.V.',
  'Ltda.',
  'Lda.',
  'S/A',
  'EIRELI',
  'ME',
  'EPP',
  // Nordic
  'AB',
  'AB (publ)',
  'AS',
  'ASA',
  'A/S',
  'ApS',
  'I/S',
  'P/S',
  'K/S',
  'Oy',
  'Oyj',
  'Ky',
  'hf.',
  'ehf.',
  // Central and Eastern Europe, Baltics, Balkans
  'Sp. z o.o.',
  'Sp. j.',
  'Sp. k.',
  'S.K.A.',
  's.r.o.',
  'a.s.',
  'v.o.s.',
  'k.s.',
  'Kft.',
  'Zrt.',
  'Nyrt.',
  'Bt.',
  'd.o.o.',
  'd.d.',
  'a.d.',
  'OÜ',
  // Greek, Turkish
  'A.E.',
  'E.P.E.',
  'I.K.E.',
  'A.Ş.',
  'Ltd. Şti.',
  'Şti.',
  // Japanese, Indonesian
  'K.K.',
  'Kabushiki Kaisha',
  'G.K.',
  'Godo Kaisha',
  'Y.K.',
  'Tbk',
];

/** Forms written before the name: "PT Maju Jaya", "OOO Romashka", "SIA Baltic Trade". */
export const LEADING_LEGAL_FORMS: readonly string[] = [
  'PT',
  'OOO',
  'ZAO',
  'OAO',
  'PAO',
  'TOO',
  'TOV',
  'SIA',
  'UAB',
];

interface FormTables {
  /** Normalised trailing forms as words, longest first: "co ltd" is taken before "ltd". */
  trailing: string[][];
  leading: Set<string>;
  /** Every form, trailing or leading, as one normalised string. */
  whole: Set<string>;
}

let tables: FormTables | undefined;

/** Built on first use, not when the module loads: every start of the function loads it. */
function forms(): FormTables {
  if (tables) return tables;
  const trailing = [...new Set(LEGAL_FORMS.map((form) => normaliseName(form)))];
  const leading = new Set(LEADING_LEGAL_FORMS.map((form) => normaliseName(form)));
  tables = {
    trailing: trailing.map((form) => form.split(' ')).sort((a, b) => b.length - a.length),
    leading,
    whole: new Set([...trailing, ...leading]),
  };
  return tables;
}

const endsWith = (words: readonly string[], tail: readonly string[]) =>
  tail.length < words.length &&
  tail.every((word, i) => words[words.length - tail.length + i] === word);

/** The normalised legal form ending these normalised words ("nordbridge logistics llc" -> "llc"). */
function trailingForm(words: readonly string[]): string[] | undefined {
  return forms().trailing.find((form) => endsWith(words, form));
}

/** The legal form a name ends in, normalised ("Acme Co., Ltd." -> "co ltd"); undefined for none. */
export function legalFormOf(name: string): string | undefined {
  const words = normaliseName(name).split(' ');
  const form = trailingForm(words);
  if (form) return form.join(' ');
  const [first] = words;
  return words.length > 1 && first !== undefined && forms().leading.has(first) ? first : undefined;
}

/** Is this text, alone, a legal form ("GmbH", "plc", "Sp. z o.o.")? */
export function isLegalForm(text: string): boolean {
  const words = normaliseName(text);
  return forms().whole.has(words);
}

/**
 * The normalised words of a company's name without its legal forms and a leading "the":
 * "Nordbridge Logistics LLC" -> "nordbridge logistics", "E.ON SE" -> "eon", "PT Maju Jaya Tbk"
 * -> "maju jaya", "Smith & Co. Ltd" -> "smith". A name that is only a form keeps it.
 */
export function companyKey(name: string): string {
  let words = normaliseName(name).split(' ');
  // Twice at most: "Smith & Co. Ltd" ends in two forms.
  for (let pass = 0; pass < 2; pass++) {
    const form = trailingForm(words);
    if (!form) break;
    words = words.slice(0, words.length - form.length);
    // "smith and co ltd" loses "co ltd" first: the "and" of "& Co." goes with it.
    if (words.length > 1 && words[words.length - 1] === 'and') words.pop();
  }
  if (words.length > 1 && forms().leading.has(words[0] ?? '')) words = words.slice(1);
  if (words.length > 1 && words[0] === 'the') words = words.slice(1);
  return words.join(' ');
}

/** Every key the name may be written as: "Müller" is "muller" and, in German, "mueller". */
export function companyKeys(name: string): string[] {
  return [...new Set([companyKey(name), companyKey(germanSpelling(name))])];
}

/** Titles that are no part of a person's name. */
const TITLES = new Set(
  ['Mr', 'Mrs', 'Ms', 'Miss', 'Mx', 'Dr', 'Prof', 'Sir', 'Dame', 'Herr', 'Frau', 'Mme', 'Mlle'].map(
    (title) => title.toLowerCase(),
  ),
);

/**
 * A person's name as compared: normalised, titles dropped, "Meijer, Emma" as "emma meijer".
 * "Dr. Chloé Wilson" and "chloe wilson" are one key.
 */
export function personKey(name: string): string {
  // "Emma Meijer (Nordbridge)": a display name's note is no part of the name.
  const plain = name.replace(/\([^()]*\)/g, ' ');
  const comma = plain.indexOf(',');
  const ordered =
    comma > 0 && plain.indexOf(',', comma + 1) < 0
      ? `${plain.slice(comma + 1)} ${plain.slice(0, comma)}`
      : plain;
  const words = normaliseName(ordered).split(' ');
  while (words.length > 1 && TITLES.has(words[0] ?? '')) words.shift();
  return words.join(' ');
}

/** Every key a person's name may be written as ("Jürgen" is "jurgen" and "juergen"). */
export function personKeys(name: string): string[] {
  return [...new Set([personKey(name), personKey(germanSpelling(name))])];
}

const overlap = (a: readonly string[], b: readonly string[]) =>
  a.some((key) => key !== '' && b.includes(key));

/** Both written as the same company, whatever their accents, case, punctuation or legal form. */
export function sameCompany(a: string, b: string): boolean {
  return overlap(companyKeys(a), companyKeys(b));
}

/** Both written as the same person. */
export function samePerson(a: string, b: string): boolean {
  return overlap(personKeys(a), personKeys(b));
}

/** The normalised words of a name, none empty. */
export function nameWords(name: string): string[] {
  const text = normaliseName(name);
  return text === '' ? [] : text.split(' ');
}
