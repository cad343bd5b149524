// Email addresses and domains as spelled: compared by registrable domain (public-suffix list of
// tldts), an international domain in its ASCII (punycode) spelling and asked in both, an address
// also without its plus tag. Parsing addresses out of text is addresses.ts's job.
import { domainToASCII, domainToUnicode } from 'node:url';
import type * as Tldts from 'tldts';

let tldts: typeof Tldts | undefined;

/**
 * tldts (its public-suffix list) is a chunk of its own (webpack splits at import()), loaded by
 * the calls that compare domains (search, suggestions) before they do: most calls never do, and
 * would otherwise parse it at every cold start of the function.
 */
export async function loadDomainLibrary(): Promise<void> {
  tldts ??= await import('tldts');
}

function parseDomain(text: string): ReturnType<typeof Tldts.parse> {
  if (!tldts) throw new Error('tldts is not loaded: await loadDomainLibrary() first');
  return tldts.parse(text, { allowPrivateDomains: true });
}

/** A host name in ASCII: letters, digits, dots and hyphens (no "?", "=", "_" or brackets). */
const HOSTNAME = /^[a-z0-9.-]+$/;

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
  const parsed = parseDomain(text);
  // Only known suffixes: "intranet.local" is nobody's public address.
  if (parsed.isIcann !== true && parsed.isPrivate !== true) return undefined;
  return parsed.domain === null || parsed.domain === '' ? undefined : parsed.domain;
}

/**
 * The address without its plus tag ("zoe+support@quokka.digital" -> "zoe@quokka.digital"), as
 * mail systems deliver it; undefined when it has none.
 */
export function withoutPlusTag(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  const plus = email.indexOf('+');
  if (plus <= 0 || at < 0 || plus > at) return undefined;
  return `${email.slice(0, plus)}${email.slice(at)}`;
}
