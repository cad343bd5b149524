// What to ask Atlas CRM for the names written in an issue: runs of capitalised words ("Migrate
// Summit Outdoor Gear", "Sanne de Jong") give partial-match values for the company and contact
// name fields, ORed in one list request each. Only candidates: every record listed is checked
// against the text afterwards (mentions.ts), so a value that names nobody costs nothing.
import { accentFreeParts, shortNameSpellings } from '../name-parts';
import { foldAccents, isLegalForm, umlautSpelling } from '../names';
import type { ScannedText, Segment } from './text-scan';
import { isCommonCompanyWord, isTicketWord } from './words';

/** Values per request: the query string stays short, and a ticket names few customers. */
export const MAX_COMPANY_TERMS = 40;
export const MAX_PERSON_TERMS = 20;
/** A word asked alone must be at least this long: "Die", "Our" or "Van" are in many names. */
const MIN_SINGLE = 4;

// Small words inside a name: "Bramble & Finch", "Café des Artistes", "Sanne de Jong".
const CONNECTORS = new Set(
  'and of de des du la le les van der den von di da do dos del y e et und en i zu'.split(' '),
);
// Legal forms written in lower case that still end a name ("Zeeland Zuivel bv", "sp. z o.o.");
// short ones such as "as" or "ab" are words too, so they count only capitalised.
const LOWER_CASE_FORMS = new Set(
  'plc ltd llc gmbh bv nv srl spa sarl sas kk ltda lda oy aps kft sro doo inc corp pty pvt pte bhd sp z oo'.split(
    ' ',
  ),
);

export interface CompanyTerm {
  value: string;
  /** A whole written name or two of its words: few records hold it. A single word is broad. */
  precise: boolean;
}

const isConnector = (segment: Segment) =>
  !segment.capital && segment.words.length === 1 && CONNECTORS.has(segment.words[0] ?? '');
const isFormWord = (segment: Segment) =>
  isLegalForm(segment.raw) &&
  (segment.capital || segment.words.every((word) => LOWER_CASE_FORMS.has(word)));

/** A gap that keeps two words in one name: spaces, or ", " and ". " before a legal form. */
function joins(next: Segment): boolean {
  if (/^[ \t]+$/u.test(next.gap)) return true;
  return /^[.,]{0,2}[ \t]+$/u.test(next.gap) && isFormWord(next);
}

/** Runs of capitalised words, with connectors inside and legal forms at the end. */
export function capitalisedRuns(scanned: ScannedText): Segment[][] {
  const runs: Segment[][] = [];
  let run: Segment[] = [];
  const close = () => {
    while (run.length > 0 && isConnector(run[run.length - 1] as Segment)) run.pop();
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (const segment of scanned.segments) {
    const fits = segment.capital || isFormWord(segment) || (run.length > 0 && isConnector(segment));
    if (run.length > 0 && (!fits || !joins(segment))) close();
    if (fits && !(run.length === 0 && isConnector(segment))) run.push(segment);
  }
  close();
  return runs;
}

const textOf = (scanned: ScannedText, run: readonly Segment[]) =>
  scanned.text.slice(run[0]?.start ?? 0, run[run.length - 1]?.end ?? 0);

const isTicket = (segment: Segment) => segment.words.every(isTicketWord);

/** Words shorter than this give no accent-safe part long enough to ask. */
const MIN_TAIL_WORD = 6;
const MIN_TAIL = 5;

/**
 * The part of a word typed without accents that its stored spelling likely shares: after its
 * first vowel, where accents most often sit ("Bruckner" -> "ckner" finds "Brückner").
 */
export function accentSafeTail(word: string): string | undefined {
  if (word.length < MIN_TAIL_WORD || !/^[A-Za-z]+$/.test(word)) return undefined;
  const vowel = word.search(/[aeiouy]/i);
  const tail = vowel < 0 ? undefined : word.slice(vowel + 1);
  return tail !== undefined && tail.length >= MIN_TAIL ? tail : undefined;
}

/** Parts shorter than this ("Chl") would fill the page with names that only share them. */
const MIN_FREE_PART = 5;
const MIN_COMPANY_FREE_PART = 8;

/**
 * The parts of a name of two words or more typed without accents that its stored spelling holds
 * whichever one letter is accented: "Chloe Visser" -> "Chloe V", "Visser" (finds "Chloé Visser").
 */
export function accentFreeTerms(name: string): string[] {
  if (!/\s/u.test(name.trim())) return [];
  return accentFreeParts(name).filter((part) => part.length >= MIN_FREE_PART);
}

/** Distinctive enough to be asked alone: not a greeting, a date or a word of many names. */
function askableAlone(segment: Segment): boolean {
  const word = segment.words.join('');
  return (
    word.length >= MIN_SINGLE &&
    !isConnector(segment) &&
    !segment.words.some((w) => isTicketWord(w) || isCommonCompanyWord(w)) &&
    !isLegalForm(segment.raw)
  );
}

function companyTermsOf(scanned: ScannedText, run: Segment[]): CompanyTerm[] {
  const core = [...run];
  while (core.length > 1 && isFormWord(core[core.length - 1] as Segment)) core.pop();
  while (core.length > 0 && isTicket(core[0] as Segment)) core.shift();
  while (core.length > 0 && isTicket(core[core.length - 1] as Segment)) core.pop();
  if (core.length === 0) return [];
  const terms: CompanyTerm[] = [];
  const hadForm = core.length < run.length && isFormWord(run[run.length - 1] as Segment);
  if (core.length > 1 || hadForm || askableAlone(core[0] as Segment))
    terms.push({ value: textOf(scanned, core), precise: core.length > 1 || hadForm });
  if (core.length > 2)
    for (let i = 0; i + 1 < core.length; i++)
      terms.push({ value: textOf(scanned, core.slice(i, i + 2)), precise: true });
  if (core.length > 1)
    for (const segment of core)
      if (askableAlone(segment)) terms.push({ value: segment.raw, precise: false });
  for (const segment of core) {
    const tail = askableAlone(segment) ? accentSafeTail(segment.raw) : undefined;
    if (tail) terms.push({ value: tail, precise: false });
  }
  // Company names are checked by reading the records listed: only the longer parts are asked.
  if (core.length > 1)
    for (const part of accentFreeTerms(textOf(scanned, core)))
      if (part.length >= MIN_COMPANY_FREE_PART) terms.push({ value: part, precise: false });
  return terms;
}

/**
 * Each value once (ignoring case), with its accent-free spelling and its German one ("Mueller"
 * may be stored as "Müller"); precise values first.
 */
function distinct<T extends { value: string }>(terms: readonly T[], max: number): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const term of terms)
    for (const value of [term.value, foldAccents(term.value), umlautSpelling(term.value) ?? '']) {
      if (value === '') continue;
      const key = value.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...term, value });
    }
  return out.slice(0, max);
}

/** Short names asked in a list of their own, at most. */
export const MAX_SHORT_TERMS = 12;
/** Two to four capitals or digits, dotted or not: "EON", "E.ON", "SAP", "3M", "H&M". */
const ACRONYM = /^(?=[^a-z]*[A-Z])[A-Z0-9](?:[.&]?[A-Z0-9]){1,3}\.?$/u;

/**
 * Acronyms and dotted short names written in the text ("EON", "E.ON", "SAP"): too short to be
 * asked among the names (contains "EON" lists every "Leon" and "Neon"), so they get a list of
 * their own, with the dotted spellings a company may be stored with. Every record listed is
 * checked against the text afterwards, as for the names.
 */
export function shortNameTerms(texts: readonly ScannedText[]): string[] {
  const terms: string[] = [];
  for (const scanned of texts)
    for (const segment of scanned.segments) {
      const raw = segment.raw.replace(/\.$/u, '');
      if (!ACRONYM.test(segment.raw) || isLegalForm(raw)) continue;
      if (segment.words.some((w) => isTicketWord(w) || isCommonCompanyWord(w))) continue;
      terms.push(...shortNameSpellings(raw));
    }
  return [...new Set(terms)].slice(0, MAX_SHORT_TERMS);
}

/** Values for the company name field (contains), precise ones first. */
export function companyTerms(
  texts: readonly ScannedText[],
  extra: readonly string[],
): CompanyTerm[] {
  const terms: CompanyTerm[] = extra.map((value) => ({ value, precise: true }));
  for (const scanned of texts)
    for (const run of capitalisedRuns(scanned)) terms.push(...companyTermsOf(scanned, run));
  const sorted = [...terms.filter((t) => t.precise), ...terms.filter((t) => !t.precise)];
  return distinct(sorted, MAX_COMPANY_TERMS);
}

/**
 * Person names written in the text: two capitalised words, or more with a connector inside
 * ("Sanne de Jong"), never a legal form or a greeting. Signatures first.
 */
export function writtenPersonNames(texts: readonly ScannedText[]): string[] {
  const names: { value: string; signature: boolean }[] = [];
  for (const scanned of texts)
    for (const run of capitalisedRuns(scanned)) {
      const words = run.filter((s) => !isFormWord(s));
      for (let i = 0; i < words.length; i++) {
        const first = words[i] as Segment;
        if (!first.capital || isTicket(first)) continue;
        // "Sanne de Jong", "Lotte van der Berg": connectors, then the last name.
        let j = i + 1;
        while (j < words.length && isConnector(words[j] as Segment)) j++;
        const last = words[j];
        if (!last || !last.capital || isTicket(last)) continue;
        names.push({
          value: textOf(scanned, words.slice(i, j + 1)),
          signature: first.start >= (scanned.segments[scanned.signatureFrom]?.start ?? Infinity),
        });
      }
    }
  const sorted = [...names.filter((n) => n.signature), ...names.filter((n) => !n.signature)];
  // Typed without accents: the parts an accented spelling still holds, after the names. Every
  // such part of the signature's (the writer, often Jira's hidden-address requester); of other
  // names only each longer word's tail, as parts such as "Emma M" list many contacts, which a CRM
  // that lists without fields makes the app read one by one.
  const tails = sorted.flatMap((name) =>
    (name.signature
      ? accentFreeTerms(name.value)
      : name.value.split(/\s+/).flatMap((word) => accentSafeTail(word) ?? [])
    ).map((value) => ({ value, signature: name.signature })),
  );
  return distinct([...sorted, ...tails], MAX_PERSON_TERMS).map((name) => name.value);
}
