// The parts of a written name Atlas CRM can be asked for whatever its accents: `contains` compares
// characters, so "Chloe" never lists "Chloé", but "Chl" does. The records listed are compared
// normalised afterwards (names.ts); these parts only have to let every candidate through.
import { foldAccents, legalFormOf, normaliseName } from './names';

/** Letters often written with an accent in the CRM's customers' languages (é, ü, ç, ñ, š, ž, ý). */
const MAY_CARRY = /[aceinosuyz]/i;
/** Shorter parts would list most of the CRM. */
export const MIN_PART = 3;
const DIGIT = /\p{N}/u;

/** The longer side of the letter at `at` (the left on a tie), or none long enough. */
function sideOf(segment: string, at: number): string | undefined {
  let sides = [segment.slice(0, at).trim(), segment.slice(at + 1).trim()];
  // Digits are never accented and tell numbered names apart ("Unit 7", "Unit 8"): the side
  // holding them is the part, and an accent right beside them is not looked for rather than
  // listing every sibling.
  const withDigits = sides.filter((side) => DIGIT.test(side));
  if (withDigits.length > 0) sides = withDigits;
  const best = sides.reduce((a, b) => (b.length > a.length ? b : a));
  return best.length >= MIN_PART ? best : undefined;
}

/**
 * Parts of the name, each without one of the letters that may carry an accent, so a record
 * with one accented letter holds at least one part; a part holding another is dropped (it would
 * list nothing more). Empty when the name has no such letter or every part is too short: then
 * the name as written is all there is to ask.
 */
export function accentFreeParts(written: string): string[] {
  // Punctuation stays out of the parts: "O'Brien" may be stored "OBrien" or "O’Brien".
  const segments = foldAccents(written)
    .split(/[^\p{L}\p{N}\s]+/u)
    .map((segment) => segment.replace(/\s+/g, ' ').trim());
  const parts = new Set<string>();
  for (const segment of segments) {
    for (let at = 0; at < segment.length; at++) {
      if (!MAY_CARRY.test(segment.charAt(at))) continue;
      const part = sideOf(segment, at);
      if (part !== undefined) parts.add(part);
    }
  }
  // Case never counts in `contains`; a part holding another lists nothing the other does not.
  const unique = [...new Map([...parts].map((part) => [part.toLowerCase(), part])).values()];
  return unique.filter(
    (part) =>
      !unique.some((other) => other !== part && part.toLowerCase().includes(other.toLowerCase())),
  );
}

/**
 * The name as written without its legal form, for asking: "Nordbridge Logistics, LLC" ->
 * "Nordbridge Logistics". The form is found by names.ts; only the written words are cut here.
 */
export function withoutLegalForm(written: string): string {
  const form = legalFormOf(written);
  if (form === undefined) return written.trim();
  const words = written.trim().split(/\s+/);
  for (let count = 1; count < words.length; count++) {
    if (normaliseName(words.slice(-count).join(' ')) === form)
      return words.slice(0, -count).join(' ');
    if (normaliseName(words.slice(0, count).join(' ')) === form)
      return words.slice(count).join(' ');
  }
  return written.trim();
}

/** Where a three-letter acronym may be dotted: "EON" is stored "E.ON SE". */
function dottedSpellings(letters: string): string[] {
  if (letters.length !== 3) return [];
  const [a, b, c] = letters;
  return [`${a}.${b}${c}`, `${a}${b}.${c}`, `${a}.${b}.${c}`];
}

/**
 * The ways a short name ("SAP", "EON", "E.ON", "3M") may be stored, dotted or not, as written
 * first; empty for a longer name, which its parts find.
 */
export function shortNameSpellings(written: string): string[] {
  const raw = written.trim().replace(/\.$/u, '');
  const letters = raw.replace(/\./gu, '');
  if (!/^[\p{L}\p{N}]{2,4}$/u.test(letters)) return [];
  return [...new Set([raw, letters, ...dottedSpellings(letters.toUpperCase())])];
}
