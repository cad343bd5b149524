// The search box's text: what kind of value it looks like (an email, a website, a phone number or
// a name) and which template field, with which operator, asks Atlas CRM for it. Pure: no I/O.
import {
  FIELD_OPERATORS,
  fieldOfFormat,
  findField,
  formatProblem,
  nameFieldId,
  type EntityType,
  type FieldFilter,
  type Operator,
  type Template,
  type TemplateField,
  type ValueFormat,
} from '../../crm';
import type { SearchResult, SearchTextKind } from '../../shared/contract';
// Both spellings of a domain: how this app's forms store it (ASCII) and how another client may
// have (Unicode), OR-ed into the same request.
import { domainSpellings, readableDomain, registrableDomain } from './suggestions/emails';

/** Fewer digits than this read as part of a name or a number in it ("Studio 54"), not a phone. */
export const PHONE_MIN_DIGITS = 6;

export type TextShape =
  /** `partial`: a pasted piece such as "emma@" or "@acme.com", asked with contains, not eq. */
  | { kind: 'email'; email: string; domain: string; partial?: true }
  /** The registrable domain, lowercased: "https://shop.acme.co.uk/about" -> "acme.co.uk". */
  | { kind: 'website'; host: string }
  /** As typed, and the number without separators or extension ("+31 6 1234" -> "+3161234"). */
  | { kind: 'phone'; typed: string; compact: string }
  | { kind: 'name'; text: string };

// "Emma Meijer <emma@acme.co.uk>", as a mail client copies an address.
const NAMED_ADDRESS = /^[^<>]*<([^<>\s]+)>$/;
// "emma@" or "@acme.com": half an address, pasted or still being typed.
const HALF_ADDRESS = /^(?:[^\s@]+@|@[^\s@]+)$/;
// Scheme optional, a dotted host in any script (IDN: "müller.de"), optional port and path.
const WEBSITE =
  /^(https?:\/\/)?([\p{L}\p{N}]([\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+[\p{L}\p{N}-]{2,}(:\d{1,5})?([/?#]\S*)?$/iu;
// The extension formatProblem('phone') accepts ("ext 12", "x12"): not part of the stored number.
const PHONE_EXTENSION = /\s*(ext\.?|x)\s?\d{1,6}$/i;

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
 * How the text reads, checked in this order: email, website, phone, else a name. A name written
 * like a host on a known suffix ("Booking.com") reads as a website: such companies' websites hold
 * that host too.
 */
export function shapeOf(input: string): TextShape {
  const typed = input.trim();
  const text = typed.replace(/^tel:/i, '').replace(AROUND, '');
  const email = emailIn(text);
  if (email !== undefined) {
    return { kind: 'email', email, domain: siteDomain(email.slice(email.lastIndexOf('@') + 1)) };
  }
  if (HALF_ADDRESS.test(text)) {
    const after = text.slice(text.indexOf('@') + 1);
    return { kind: 'email', email: text, domain: after && siteDomain(after), partial: true };
  }
  // A login in a web address ("https://user:pw@acme.co.uk") is dropped, never sent on.
  const host = websiteIn(text.replace(/^(https?:\/\/)[^/@\s]*@/i, '$1'));
  if (host !== undefined) return { kind: 'website', host };
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
  // A name copied from the end of a sentence ("Nordbridge Logistics LLC.") without the stop: a
  // contains on "Acme Inc" still finds a stored "Acme Inc.".
  return { kind: 'name', text: text === '' ? typed : text };
}

/**
 * Contains where the field type allows it (partial input finds records), else eq. `exact` prefers
 * eq (a complete address: contains would also list "hanna@..." for "anna@..."; eq on text ignores
 * case in Atlas CRM).
 */
function operatorFor(field: TemplateField, exact = false): Operator | undefined {
  const allowed = FIELD_OPERATORS[field.type]?.operators ?? [];
  if (exact && allowed.includes('eq')) return 'eq';
  if (allowed.includes('contains')) return 'contains';
  return allowed.includes('eq') ? 'eq' : undefined;
}

export interface TextQuery {
  /** Filters on one field and operator: repeated, Atlas CRM reads them as OR. */
  filters: FieldFilter[];
  matchedBy: NonNullable<SearchResult['matchedBy']>;
}

interface Ask {
  kind: SearchTextKind;
  format: ValueFormat;
  /** OR-ed in one request; the first is what the person is told was matched. */
  values: string[];
  exact?: boolean;
}

/** An address with its domain spelled both ways ("emma@müller.de", "emma@xn--mller-kva.de"). */
function addressSpellings(email: string): string[] {
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at + 1);
  const domain = email.slice(at + 1);
  if (domain === '') return [email];
  return [email, ...domainSpellings(domain).map((spelled) => `${local}${spelled}`)];
}

/** The values in order without repeats; case does not count (no field compares it). */
function distinct(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const key = value.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A domain in Unicode first (what the person reads), then any other spelling. */
function domainValues(domain: string): string[] {
  return distinct([readableDomain(domain), ...domainSpellings(domain)]);
}

/** The fields to try for a shape, best first; a name always comes last. */
function asksFor(shape: TextShape): Ask[] {
  switch (shape.kind) {
    case 'email': {
      const email: Ask = {
        kind: 'email',
        format: 'email',
        values: distinct(addressSpellings(shape.email)),
        ...(shape.partial ? {} : { exact: true }),
      };
      // Companies have no email field: the address's domain is looked for in their websites.
      if (shape.domain === '') return [email];
      return [email, { kind: 'website', format: 'url', values: domainValues(shape.domain) }];
    }
    case 'website': {
      // Contacts have no website: people at that domain have it in their email address.
      const values = domainValues(shape.host);
      return [
        { kind: 'website', format: 'url', values },
        { kind: 'email', format: 'email', values },
      ];
    }
    case 'phone':
      // `contains` compares characters, so "+31612345678" misses a stored "+31 6 1234 5678".
      // The compact form rides along as an OR in the same request (no extra round trip): it finds
      // numbers stored without separators. A number stored with other separators than typed is
      // still missed; the API has no digits-only comparison to do better.
      return [
        { kind: 'phone', format: 'phone', values: [...new Set([shape.typed, shape.compact])] },
      ];
    case 'name':
      return [];
  }
}

/**
 * What to ask for the search text in a type's template; undefined when the template has no field
 * to search at all. A type without the shape's field (a sale and an email) searches names.
 */
export function textQuery(
  type: EntityType,
  template: Template,
  text: string,
): TextQuery | undefined {
  const shape = shapeOf(text);
  for (const ask of asksFor(shape)) {
    const field = fieldOfFormat(template, ask.format);
    const operator = field ? operatorFor(field, ask.exact) : undefined;
    if (!field || !operator) continue;
    return {
      filters: ask.values.map((value) => ({ fieldId: field.id, operator, value })),
      matchedBy: {
        kind: ask.kind,
        fieldId: field.id,
        label: field.label,
        value: ask.values[0] ?? '',
      },
    };
  }
  const nameId = nameFieldId(type, template);
  const nameField = nameId ? findField(template, nameId) : undefined;
  const operator = nameField ? operatorFor(nameField) : undefined;
  if (!nameField || !operator) return undefined;
  return {
    filters: [{ fieldId: nameField.id, operator, value: text.trim() }],
    matchedBy: { kind: 'name', fieldId: nameField.id, label: nameField.label, value: text.trim() },
  };
}
