// A phone number as Atlas CRM may hold it: "+49 30 575 8751", "+49305758751", "030 5758751" or
// "5758751" are one number. `contains` compares characters, so the request asks for the number's
// last digits in the groupings people store (every E.164, international, national or digits-only
// spelling holds one of them), and the records listed are then compared as numbers.
// libphonenumber-js reads the country code and the national number: the well-kept port of
// Google's libphonenumber, with metadata for every country. Loaded on the first phone only.
import type { PhoneNumber } from 'libphonenumber-js/min';

type PhoneLib = typeof import('libphonenumber-js/min');

let lib: PhoneLib | undefined;

/**
 * A chunk of its own (webpack splits at import()), loaded by the calls that read a phone number
 * before they do: its metadata would otherwise be parsed at every cold start of the function.
 */
export async function loadPhoneLibrary(): Promise<void> {
  lib ??= await import('libphonenumber-js/min');
}

function phoneLib(): PhoneLib {
  if (!lib) throw new Error('libphonenumber-js is not loaded: await loadPhoneLibrary() first');
  return lib;
}

/** The extension a typed number may carry ("ext 12", "x12"): not part of the stored number. */
export const PHONE_EXTENSION = /\s*(ext\.?|x)\s?\d{1,6}$/i;

/** Digits asked for: the subscriber part of nearly every number, few enough to stay selective. */
export const TAIL_DIGITS = 7;
/** Group sizes seen in stored numbers: "575 8751", "6 1234 5678", "01 23 45 67 89". */
const GROUP_MIN = 2;
const GROUP_MAX = 4;
const SEPARATORS = [' ', '-', '.'];

export interface PhoneQuery {
  /** OR-ed `contains` values: the last digits whole and in each common grouping. */
  values: string[];
  /** Whether a stored number holds the typed one (search: a part typed finds the whole). */
  holds: (stored: unknown) => boolean;
  /** Whether a stored number is the typed one (the duplicate check). */
  same: (stored: unknown) => boolean;
}

/** Group sizes for n digits: the first may be cut short (the tail starts inside a group). */
function groupSizes(n: number, first = true): number[][] {
  const out: number[][] = [];
  const min = first ? 1 : GROUP_MIN;
  for (let size = min; size <= Math.min(GROUP_MAX, n); size++) {
    if (size === n) {
      if (!first) out.push([size]);
      continue;
    }
    for (const rest of groupSizes(n - size, false)) out.push([size, ...rest]);
  }
  return out;
}

/** "5758751" -> "5758751", "575 8751", "575-8751", "575.8751", "57 58 751", … */
export function groupings(digits: string): string[] {
  const out = [digits];
  for (const sizes of groupSizes(digits.length)) {
    const groups: string[] = [];
    let at = 0;
    for (const size of sizes) {
      groups.push(digits.slice(at, at + size));
      at += size;
    }
    for (const separator of SEPARATORS) out.push(groups.join(separator));
  }
  return out;
}

const digitsOf = (text: string) => text.replace(/\D/g, '');
const withoutTrunk = (digits: string) => digits.replace(/^0+/, '');

/** "0049 30 …" is "+49 30 …": the international prefix most countries dial. */
function international(text: string): string {
  return text.trim().replace(/^00(?=[1-9])/, '+');
}

function parsed(text: string, country?: PhoneNumber['country']): PhoneNumber | undefined {
  // Outside the try: a library not loaded is the caller's mistake, never "not a number".
  const library = phoneLib();
  try {
    return library.parsePhoneNumberFromString(international(text), country);
  } catch {
    return undefined;
  }
}

/**
 * A number's digits as compared: with its country code when it has one (written, or the typed
 * number's country for a stored national number), else without the trunk 0 ("030 …" -> "30 …").
 */
function comparable(text: string, country?: PhoneNumber['country']): string {
  const plain = text.replace(PHONE_EXTENSION, '');
  const written = international(plain).startsWith('+');
  const number = written || country ? parsed(plain, written ? undefined : country) : undefined;
  return number ? number.number.slice(1) : withoutTrunk(digitsOf(plain));
}

/** How to ask for a typed number and how to check what comes back. */
export function phoneQuery(typed: string): PhoneQuery {
  const plain = typed.replace(PHONE_EXTENSION, '');
  const number = international(plain).startsWith('+') ? parsed(plain) : undefined;
  // The national number without the country code, or the typed digits without a trunk 0.
  const national = number ? number.nationalNumber : withoutTrunk(digitsOf(plain));
  const wanted = number ? number.number.slice(1) : national;
  const country = number?.country;
  const storedDigits = (stored: unknown) =>
    typeof stored === 'string' ? comparable(stored, country) : '';
  return {
    values: groupings(national.slice(-TAIL_DIGITS)),
    holds: (stored) => wanted !== '' && storedDigits(stored).includes(wanted),
    same: (stored) => {
      const other = storedDigits(stored);
      if (wanted === '' || other === '') return false;
      if (other === wanted) return true;
      // One written without its country code: the rest must be the whole national number.
      const [longer, shorter] = other.length > wanted.length ? [other, wanted] : [wanted, other];
      return shorter.length >= TAIL_DIGITS && longer.endsWith(shorter);
    },
  };
}
