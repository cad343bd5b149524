// Email addresses and domains: picked out of free text with an RFC 5322 parser, compared by
// registrable domain (public-suffix list) and told apart from free and consumer mail domains.
// An international domain is compared in its ASCII (punycode) spelling and asked in both.
import { domainToASCII, domainToUnicode } from 'node:url';
import emailAddresses from 'email-addresses';
import freeEmailDomains from 'free-email-domains';
import { parse } from 'tldts';

/** Text beyond this is not searched: addresses worth suggesting sit near the top. */
const MAX_TEXT = 32_000;
/** Tokens with an "@" parsed per text; a pasted mail log must not cost seconds. */
const MAX_CANDIDATES = 50;

// Characters that cannot be part of an unquoted address, so they end a candidate:
// "Contact: <emma@x.com>, (billing)" gives "emma@x.com". Quoted local parts are left out, and so
// are typographic quotes: “emma@x.com”, «emma@x.com».
const SEPARATORS = /[\s<>()[\]{},;:"`|\\“”«»‹›]+/u;
// Around an address, not inside it: single quotes ("o'brien@x.com" is one address), and sentence
// punctuation: "write to emma@x.com.", "…emma@x.com…", "emma@x.com。"
const LEADING = /^['‘’.…。]+/u;
const TRAILING = /['‘’.!?…。！？-]+$/u;
/** A host name in ASCII: letters, digits, dots and hyphens (no "?", "=", "_" or brackets). */
const HOSTNAME = /^[a-z0-9.-]+$/;

const FREE = new Set<string>(freeEmailDomains.map((domain) => domain.toLowerCase()));

/** A parsed, lower-cased address; undefined when it is not one a mail system would deliver. */
export function parseEmail(text: string): string | undefined {
  const input = text.trim();
  if (input === '' || input.length > 254) return undefined;
  const parsed = emailAddresses.parseOneAddress({ input, rejectTLD: true, rfc6532: true });
  if (parsed === null || parsed.type !== 'mailbox') return undefined;
  // The parser takes "acme.com?subject=hi" as a domain; a mail system would not.
  if (asciiDomain(parsed.domain) === undefined) return undefined;
  // The domain must end in a known public suffix: "emma@intranet.local" names no company.
  if (registrableDomain(parsed.domain) === undefined) return undefined;
  return parsed.address.toLowerCase();
}

/** The distinct addresses written in free text, in the order they appear. */
export function emailsInText(text: string): string[] {
  const found = new Set<string>();
  let candidates = 0;
  for (const token of text.slice(0, MAX_TEXT).split(SEPARATORS)) {
    if (!token.includes('@')) continue;
    if (++candidates > MAX_CANDIDATES) break;
    // A domain never holds a "?": "emma@x.com?subject=Hi" (a pasted mailto link) is emma@x.com.
    const query = token.indexOf('?', token.lastIndexOf('@'));
    const address = query < 0 ? token : token.slice(0, query);
    const email = parseEmail(address.replace(LEADING, '').replace(TRAILING, ''));
    if (email !== undefined) found.add(email);
  }
  return [...found];
}

/** The ASCII spelling of a domain ("müller.de" -> "xn--mller-kva.de"); undefined if it is none. */
export function asciiDomain(domain: string): string | undefined {
  // The URL parser behind domainToASCII would read "acme.com?x" as "acme.com": check it first.
  if (!/^[\p{L}\p{M}\p{N}.-]+$/u.test(domain)) return undefined;
  const ascii = domainToASCII(domain);
  return ascii !== '' && HOSTNAME.test(ascii) ? ascii : undefined;
}

/** A domain as people read it ("xn--mller-kva.de" -> "müller.de"). */
export function readableDomain(domain: string): string {
  return domainToUnicode(domain) || domain;
}

/** Both ways a record may hold a domain: ASCII and Unicode, once each. */
export function domainSpellings(domain: string): string[] {
  const ascii = asciiDomain(domain) ?? domain;
  return [...new Set([ascii, readableDomain(ascii)])];
}

/** An address lower-cased with its domain in ASCII, so both spellings compare equal. */
export function canonicalEmail(email: string): string {
  const at = email.lastIndexOf('@');
  const domain = email.slice(at + 1).toLowerCase();
  return `${email.slice(0, at + 1).toLowerCase()}${asciiDomain(domain) ?? domain}`;
}

/** Both spellings of an address's domain, for asking Atlas CRM. */
export function emailSpellings(email: string): string[] {
  const at = email.lastIndexOf('@');
  if (at < 0) return [email];
  const local = email.slice(0, at + 1);
  return domainSpellings(email.slice(at + 1)).map((domain) => `${local}${domain}`);
}

/** The part after the "@", lower-cased. */
export function domainOfEmail(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * The registrable domain of a host, URL or address's domain ("mail.acme.co.uk" and
 * "https://www.acme.co.uk/about" both give "acme.co.uk"); undefined for a bare word or an IP.
 */
export function registrableDomain(hostOrUrl: string): string | undefined {
  const text = hostOrUrl.trim().toLowerCase();
  if (text === '') return undefined;
  // Private suffixes count: two shops on github.io are not the same company.
  const parsed = parse(text, { allowPrivateDomains: true });
  // Only known suffixes: "intranet.local" is nobody's public address.
  if (parsed.isIcann !== true && parsed.isPrivate !== true) return undefined;
  return parsed.domain === null || parsed.domain === '' ? undefined : parsed.domain;
}

/** Gmail, Outlook, disposable inboxes and the like: anyone may have an address there. */
export function isFreeMailDomain(domain: string): boolean {
  const host = domain.toLowerCase();
  const registrable = registrableDomain(host);
  return FREE.has(host) || (registrable !== undefined && FREE.has(registrable));
}

/**
 * The registrable domain an address says its owner works at, in ASCII so both spellings of an
 * international domain are one; undefined for free mail.
 */
export function companyDomainOf(email: string): string | undefined {
  const domain = domainOfEmail(email);
  if (isFreeMailDomain(domain)) return undefined;
  const registrable = registrableDomain(domain);
  return registrable === undefined ? undefined : (asciiDomain(registrable) ?? registrable);
}
