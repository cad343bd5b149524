// The search box's text: what kind of value it looks like (an email, a website, a phone number,
// a name, or a word that may be part of a name or an address). search-plan.ts turns the shape
// into the fields Atlas CRM is asked. Pure: no I/O.
import { formatProblem } from '../../crm';
import { PHONE_EXTENSION } from './phone-forms';
import { registrableDomain } from './suggestions/emails';

/** Fewer digits than this read as part of a name or a number in it ("Studio 54"), not a phone. */
export const PHONE_MIN_DIGITS = 6;

export type TextShape =
  /** `partial`: a pasted piece such as "emma@" or "@acme.com", asked with contains, not eq. */
  | { kind: 'email'; email: string; domain: string; partial?: true }
  /**
   * The registrable domain, lowercased: "https://shop.acme.co.uk/about" -> "acme.co.uk". `bare`:
   * typed without scheme, "www." or path ("anna.de"), so it may as well be part of an address.
   */
  | { kind: 'website'; host: string; bare?: true }
  /** As typed, and the number without separators or extension ("+31 6 1234" -> "+3161234"). */
  | { kind: 'phone'; typed: string; compact: string }
  | { kind: 'name'; text: string }
  /** One lower-case word with a dot, "_" or "+" ("emma.mei"): part of a name, email or website. */
  | { kind: 'mixed'; text: string };

// "Emma Meijer <emma@acme.co.uk>", as a mail client copies an address.
const NAMED_ADDRESS = /^[^<>]*<([^<>\s]+)>$/;
// "emma@", "@acme.com" or "emma.meijer@nordbridge": part of an address, pasted or being typed.
const HALF_ADDRESS = /^[^\s@/]*@[^\s@/]*$/;
// "emma.mei", "Hana.Novak", "j_smith": an address's first half as much as a name (asked as both).
// A part that is a lone capital or all capitals reads as a name only ("E.ON", "J.Crew").
const MIXED = /^\p{Lu}?[\p{Ll}\p{N}]+(?:[._+]\p{Lu}?[\p{Ll}\p{N}]+)+$/u;
// Scheme optional, a dotted host in any script (IDN: "müller.de"), optional port and path.
const WEBSITE =
  /^(https?:\/\/)?([\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,}(:\d{1,5})?([/?#]\S*)?$/iu;
// Punctuation around a value copied out of a sentence: "(emma@acme.com)," or "acme.com.".
const AROUND = /^[\s.,;:!?()[\]{}"'“”‘’«»]+|[\s.,;:!?()[\]{}"'“”‘’«»]+$/gu;

/** The address in pasted text: plain, "mailto:" or a mail client's "Name <address>". */
function emailIn(text: string): string | undefined {
  // "https://user:pw@host" is a web address with a login, never an email (nor shown back).
  if (text.includes('/')) return undefined;
  const inner = NAMED_ADDRESS.exec(text)?.[1] ?? text;
  const address = inner.replace(/^mailto:/i, '');
  return formatProblem('email', address) === undefined ? address : undefined;
}

/** Where a company of this host would be: its registrable domain ("shop.acme.com" -> "acme.com"). */
function siteDomain(host: string): string {
  return registrableDomain(host) ?? host.toLowerCase();
}

/**
 * The registrable domain of text written as a web address, or undefined. Without a scheme or
 * "www." the suffix must be a known public one, so "E.ON" and "St.John" stay names; a capitalised
 * name with a one-letter part ("E.On", "J.Crew") stays a name even where the suffix exists.
 */
function websiteIn(text: string): string | undefined {
  if (!WEBSITE.test(text)) return undefined;
  const explicit = /^(https?:\/\/|www\.)/i.test(text);
  let host: string;
  try {
    // The URL parser gives the ASCII (punycode) host: "müller.de" -> "xn--mller-kva.de".
    host = new URL(/^https?:\/\//i.test(text) ? text : `https://${text}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
  if (explicit) return siteDomain(host.replace(/^www\./, ''));
  const bare = /^[^/?#:]+$/.test(text);
  if (bare && /[A-Z]/.test(text) && /^[^.]\./.test(text)) return undefined;
  return registrableDomain(host);
}

/**
 * How the text reads, checked in this order: email, website, phone, a word that may be part of
 * an address, else a name. A name written like a host on a known suffix ("Booking.com") reads as
 * a website: such companies' websites hold that host too.
 */
export function shapeOf(input: string): TextShape {
  const typed = input.trim();
  const text = typed.replace(/^tel:/i, '').replace(AROUND, '');
  const email = emailIn(text);
  if (email !== undefined) {
    return { kind: 'email', email, domain: siteDomain(email.slice(email.lastIndexOf('@') + 1)) };
  }
  if (HALF_ADDRESS.test(text) && text !== '@') {
    const after = text.slice(text.indexOf('@') + 1);
    return { kind: 'email', email: text, domain: after && siteDomain(after), partial: true };
  }
  // A login in a web address ("https://user:pw@acme.co.uk") is dropped, never sent on.
  const host = websiteIn(text.replace(/^(https?:\/\/)[^/@\s]*@/i, '$1'));
  if (host !== undefined)
    return /^(https?:\/\/|www\.)|[/?#]/i.test(text)
      ? { kind: 'website', host }
      : { kind: 'website', host, bare: true };
  // "+31 (0)6 …": the (0) is dialled only inside the country, never stored after +31.
  const phone = /^\+/.test(text) ? text.replace(/\s*\(0\)\s*/, ' ') : typed;
  if (formatProblem('phone', phone) === undefined) {
    const number = phone.replace(PHONE_EXTENSION, '');
    const digits = number.replace(/\D/g, '');
    if (digits.length >= PHONE_MIN_DIGITS) {
      const compact = `${number.startsWith('+') ? '+' : ''}${digits}`;
      return { kind: 'phone', typed: number, compact };
    }
  }
  if (MIXED.test(text)) return { kind: 'mixed', text };
  // A name copied from the end of a sentence ("Nordbridge Logistics LLC.") without the stop: a
  // contains on "Acme Inc" still finds a stored "Acme Inc.".
  return { kind: 'name', text: text === '' ? typed : text };
}
