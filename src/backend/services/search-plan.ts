// The field plan of the search box: for its text, each field of the type's template it may be in
// (name, email, website, phone), with the operator and the values to ask. search.ts sends one
// list request per ask, side by side, and merges the answers. Pure: no I/O.
import {
  FIELD_OPERATORS,
  fieldOfFormat,
  findField,
  nameFieldId,
  type EntityType,
  type FieldFilter,
  type Operator,
  type Template,
  type TemplateField,
  type ValueFormat,
} from '../../crm';
import type { SearchTextKind } from '../../shared/contract';
import { accentFreeParts } from './name-parts';
import { normaliseName } from './names';
import { loadPhoneLibrary, phoneQuery } from './phone-forms';
import { shapeOf, type TextShape } from './search-text';
// Both spellings of a domain: how this app's forms store it (ASCII) and how another client may
// have (Unicode), OR-ed into the same request.
import { domainSpellings, loadDomainLibrary, readableDomain } from './suggestions/emails';

/** One list request: a field, its values OR-ed, and how to check what it lists. */
export interface FieldAsk {
  kind: SearchTextKind;
  fieldId: string;
  label: string;
  /** One field and operator: repeated, Atlas CRM reads them as OR. */
  filters: FieldFilter[];
  /** What the person is told was asked for. */
  value: string;
  /** Whether a listed record's value of the field matches; absent: the list answer is the match. */
  keep?: (value: unknown) => boolean;
}

export interface SearchPlan {
  /** Best first: the first names the search, and its records come first. */
  asks: FieldAsk[];
}

interface Ask {
  kind: SearchTextKind;
  format: ValueFormat | 'name';
  /** OR-ed in one request; the first is what the person is told was asked for. */
  values: string[];
  /** eq where the field allows it: a complete address. */
  exact?: true;
  /** Only `contains` finds what this ask is for (a part of a name). */
  containsOnly?: true;
  keep?: (value: unknown) => boolean;
}

/**
 * Contains where the field type allows it (partial input finds records), else eq. `exact` prefers
 * eq (a complete address: contains would also list "hanna@..." for "anna@..."; eq on text ignores
 * case in Atlas CRM).
 */
function operatorFor(field: TemplateField, ask: Pick<Ask, 'exact' | 'containsOnly'> = {}) {
  const allowed = FIELD_OPERATORS[field.type]?.operators ?? [];
  if (ask.exact && allowed.includes('eq')) return 'eq';
  if (allowed.includes('contains')) return 'contains';
  return !ask.containsOnly && allowed.includes('eq') ? ('eq' as Operator) : undefined;
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

const nameAsk = (text: string): Ask => ({ kind: 'name', format: 'name', values: [text] });

/**
 * The name ignoring accents: parts without the letters that may carry one, the listed names then
 * compared normalised ("Chloe" lists "Chloé"). None when the parts would ask nothing new.
 */
function accentAsk(text: string): Ask[] {
  const parts = accentFreeParts(text);
  const wanted = normaliseName(text);
  if (parts.length === 0 || wanted === '') return [];
  const keep = (value: unknown) =>
    typeof value === 'string' && normaliseName(value).includes(wanted);
  return [{ kind: 'name', format: 'name', values: parts, containsOnly: true, keep }];
}

/**
 * What to try for a shape: each inner list is one request, its alternatives best first (the
 * first whose field the template has is asked). Several lists are asked side by side.
 */
function triesFor(shape: TextShape, text: string): Ask[][] {
  switch (shape.kind) {
    case 'email': {
      const email: Ask = {
        kind: 'email',
        format: 'email',
        values: distinct(addressSpellings(shape.email)),
        ...(shape.partial ? {} : { exact: true as const }),
      };
      // Companies have no email field: the address's domain is looked for in their websites.
      if (shape.domain === '') return [[email]];
      return [[email, { kind: 'website', format: 'url', values: domainValues(shape.domain) }]];
    }
    case 'website': {
      // Contacts have no website: people at that domain have it in their email address.
      const values = domainValues(shape.host);
      const site: Ask[] = [
        { kind: 'website', format: 'url', values },
        { kind: 'email', format: 'email', values },
      ];
      // "anna.de" or "Booking.com", typed without "www." or a path, may be a name too.
      return shape.bare ? [site, [nameAsk(text)]] : [site];
    }
    case 'phone': {
      // As typed (what the person is told), then the last digits in each stored grouping.
      const query = phoneQuery(shape.typed);
      const values = distinct([shape.typed, ...query.values]);
      return [[{ kind: 'phone', format: 'phone', values, keep: query.holds }]];
    }
    case 'mixed':
      // A dot does not make "emma.mei" a domain: it is asked in each field it may be part of.
      return [
        [nameAsk(shape.text)],
        [{ kind: 'email', format: 'email', values: [shape.text] }],
        [{ kind: 'website', format: 'url', values: [shape.text] }],
      ];
    case 'name':
      return [[nameAsk(shape.text)], accentAsk(shape.text)];
  }
}

function fieldFor(
  type: EntityType,
  template: Template,
  format: Ask['format'],
): TemplateField | undefined {
  if (format !== 'name') return fieldOfFormat(template, format);
  const id = nameFieldId(type, template);
  return id ? findField(template, id) : undefined;
}

function toFieldAsk(ask: Ask, field: TemplateField, operator: Operator): FieldAsk {
  return {
    kind: ask.kind,
    fieldId: field.id,
    label: field.label,
    filters: ask.values.map((value) => ({ fieldId: field.id, operator, value })),
    value: ask.values[0] ?? '',
    ...(ask.keep ? { keep: ask.keep } : {}),
  };
}

/** The first alternative the template has a field and an operator for. */
function resolved(type: EntityType, template: Template, alternatives: Ask[]): FieldAsk | undefined {
  for (const ask of alternatives) {
    const field = fieldFor(type, template, ask.format);
    const operator = field ? operatorFor(field, ask) : undefined;
    if (field && operator) return toFieldAsk(ask, field, operator);
  }
  return undefined;
}

/** What searchPlan reads with: the public-suffix list always, the phone library for a number. */
export async function loadSearchLibraries(text: string): Promise<void> {
  await loadDomainLibrary();
  if (shapeOf(text.trim()).kind === 'phone') await loadPhoneLibrary();
}

/**
 * What to ask for the search text in a type's template (loadSearchLibraries first); undefined when the template has no field
 * to search at all. A type without the shape's field (a sale and an email) searches names.
 */
export function searchPlan(
  type: EntityType,
  template: Template,
  text: string,
): SearchPlan | undefined {
  const typed = text.trim();
  const asks: FieldAsk[] = [];
  for (const alternatives of triesFor(shapeOf(typed), typed)) {
    const ask = resolved(type, template, alternatives);
    // A type without a website asks the email instead: never the same request twice.
    const same = (other: FieldAsk) =>
      JSON.stringify(other.filters) === JSON.stringify(ask?.filters);
    if (ask && !asks.some(same)) asks.push(ask);
  }
  if (asks.length > 0) return { asks };
  const fallback = resolved(type, template, [nameAsk(typed)]);
  return fallback ? { asks: [fallback] } : undefined;
}
