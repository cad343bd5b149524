// Company names written in an issue's text: a run of capitalised words ending in a legal form
// ("Nordbridge Logistics LLC", "Harborlight Software Oy"). Only candidates: Atlas CRM is asked
// for companies of exactly these names, so a guess that names no company suggests nothing.

/** Legal forms that end a company's name in the countries the CRM's customers are in. */
const LEGAL_FORMS = [
  'LLC',
  'L.L.C.',
  'LLP',
  'Ltd',
  'Ltd.',
  'Limited',
  'PLC',
  'Inc',
  'Inc.',
  'Corp',
  'Corp.',
  'GmbH',
  'AG',
  'KG',
  'BV',
  'B.V.',
  'NV',
  'N.V.',
  'SA',
  'S.A.',
  'SAS',
  'SARL',
  'SRL',
  'S.r.l.',
  'SpA',
  'S.p.A.',
  'Oy',
  'Oyj',
  'AB',
  'AS',
  'A/S',
  'ApS',
  'Pty',
  'KK',
];
/** Words before the legal form: "Bluepeak Energy" in "Bluepeak Energy SAS". */
const MAX_WORDS = 4;
/** Names asked per issue; each candidate is one value of one OR request. */
export const MAX_COMPANY_NAMES = 10;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const WORD = "(?:\\p{Lu}[\\p{L}\\p{N}&'’-]*|&)";
// Longest first, so "Inc." wins over "Inc".
const FORM = `(?:${[...LEGAL_FORMS]
  .sort((a, b) => b.length - a.length)
  .map(escape)
  .join('|')})`;
// A legal form ends at a space, punctuation or the end, never inside a longer word ("SAS" in "SASE").
const NAME = new RegExp(`((?:${WORD}\\s+){1,${MAX_WORDS}})(${FORM})(?=$|[\\s,;:!?)\\]"'.])`, 'gu');

/**
 * Each written name and its shorter tails ("Ask Nordbridge Logistics LLC" also gives "Nordbridge
 * Logistics LLC"), as a sentence's first word is capitalised too. A name ending in a dot comes
 * with and without it: "Call Acme Ltd." may end the sentence of the company "Acme Ltd". In order,
 * without repeats.
 */
export function companyNamesInText(text: string): string[] {
  const found = new Set<string>();
  for (const match of text.slice(0, 32_000).matchAll(NAME)) {
    const words = (match[1] ?? '').trim().split(/\s+/);
    const form = match[2] ?? '';
    for (let from = 0; from < words.length; from++) {
      if (words[from] === '&') continue;
      const name = `${words.slice(from).join(' ')} ${form}`;
      found.add(name);
      if (name.endsWith('.')) found.add(withoutFinalDot(name));
    }
    if (found.size >= MAX_COMPANY_NAMES) break;
  }
  return [...found].slice(0, MAX_COMPANY_NAMES);
}

/** "Acme Ltd." -> "Acme Ltd": how a name is compared whether or not a sentence ends after it. */
export function withoutFinalDot(name: string): string {
  return name.replace(/\.+$/, '');
}
