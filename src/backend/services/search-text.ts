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
import { websiteDomain } from './duplicates';

/** Fewer digits than this read as part of a name or a number in it ("Studio 54"), not a phone. */
export const PHONE_MIN_DIGITS = 6;

export type TextShape =
  | { kind: 'email'; email: string; domain: string }
  /** The host without "www.", lowercased: "https://www.acme.co.uk/about" -> "acme.co.uk". */
  | { kind: 'website'; host: string }
  /** As typed, and the same number without separators ("+31 6 1234" -> "+3161234"). */
  | { kind: 'phone'; typed: string; compact: string }
  | { kind: 'name'; text: string };

// Digits with the usual separators and an optional leading +; letters make it something else.
const PHONE_LIKE = /^\+?[\d\s().\-/]+$/;
// "Emma Meijer <emma@acme.co.uk>", as a mail client copies an address.
const NAMED_ADDRESS = /^[^<>]*<([^<>\s]+)>$/;

/** The address in pasted text: plain, "mailto:" or a mail client's "Name <address>". */
function emailIn(text: string): string | undefined {
  const inner = NAMED_ADDRESS.exec(text)?.[1] ?? text;
  const address = inner.replace(/^mailto:/i, '');
  return formatProblem('email', address) === undefined ? address : undefined;
}

/**
 * How the text reads, checked in this order: email, website, phone, else a name. A name written
 * like a host ("Booking.com") reads as a website: such companies' websites hold that host too.
 */
export function shapeOf(input: string): TextShape {
  const text = input.trim();
  const email = emailIn(text);
  if (email !== undefined) {
    const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
    return { kind: 'email', email, domain };
  }
  if (formatProblem('url', text) === undefined) {
    const host = websiteDomain(text);
    if (host !== undefined) return { kind: 'website', host };
  }
  const digits = text.replace(/\D/g, '');
  if (PHONE_LIKE.test(text) && digits.length >= PHONE_MIN_DIGITS) {
    const compact = `${text.startsWith('+') ? '+' : ''}${digits}`;
    return { kind: 'phone', typed: text, compact };
  }
  return { kind: 'name', text };
}

/** Contains where the field type allows it (partial input finds records), else eq. */
function operatorFor(field: TemplateField): Operator | undefined {
  const allowed = FIELD_OPERATORS[field.type]?.operators ?? [];
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
  values: string[];
}

/** The fields to try for a shape, best first; a name always comes last. */
function asksFor(shape: TextShape): Ask[] {
  switch (shape.kind) {
    case 'email':
      // Companies have no email field: the address's domain is looked for in their websites.
      return [
        { kind: 'email', format: 'email', values: [shape.email] },
        { kind: 'website', format: 'url', values: [shape.domain] },
      ];
    case 'website':
      // Contacts have no website: people at that domain have it in their email address.
      return [
        { kind: 'website', format: 'url', values: [shape.host] },
        { kind: 'email', format: 'email', values: [shape.host] },
      ];
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
    const operator = field ? operatorFor(field) : undefined;
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
