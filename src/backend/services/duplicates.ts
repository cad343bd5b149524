// Before creating: records of the same type that look like the new one (the same name, also
// written with other accents or legal form; for contacts the same email, for companies the same
// website domain; the same phone number), found in one parallel round of lists.
import {
  allFields,
  FIELD_OPERATORS,
  fieldOfFormat,
  findField,
  nameFieldId,
  type CrmClient,
  type Entity,
  type EntityType,
  type FieldFilter,
  type FieldValues,
  type Template,
} from '../../crm';
import type { DuplicateMatch } from '../../shared/contract';
import { isEntityId } from '../../shared/ids';
import { accentFreeParts, shortNameSpellings, withoutLegalForm } from './name-parts';
import { normaliseName, sameCompany, samePerson } from './names';
import { loadPhoneLibrary, phoneQuery } from './phone-forms';
import { PHONE_MIN_DIGITS } from './search-text';
import { loadDomainLibrary, registrableDomain } from './suggestions/emails';
import { toSummary } from './summaries';

/** Matches shown per check: enough to recognise the record, few enough to read at a glance. */
export const DUPLICATES_PER_CHECK = 5;
/** A check that compares afterwards asks for more: near misses take room in its page. */
const COMPARED_PER_CHECK = 2 * DUPLICATES_PER_CHECK;

interface Check {
  /** One field and operator; repeated values are OR-ed. */
  filters: FieldFilter[];
  size: number;
  /** Plain words, e.g. "name", "website domain (example.com)". */
  what: string;
  /** Whether a listed record really matches: a list answer is not taken on trust. */
  keep: (entity: Entity) => boolean;
}

/** Text with surrounding and repeated whitespace gone: "  Blueline  NV " -> "Blueline NV". */
function squeezed(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim().replace(/\s+/g, ' ');
  return text === '' ? undefined : text;
}

/** The site's host without "www.", lowercased; undefined for a value that has no dotted host. */
export function websiteDomain(value: unknown): string | undefined {
  const text = squeezed(value);
  if (!text) return undefined;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`).hostname;
  } catch {
    return undefined;
  }
  const domain = host.toLowerCase().replace(/^www\./, '');
  // "localhost" or a bare word would match nearly every website.
  return domain.includes('.') ? domain : undefined;
}

/** A string field of the template whose id is `<type>-<suffix>` (or ends in `-<suffix>`). */
function stringField(type: EntityType, template: Template, suffix: string): string | undefined {
  const fields = allFields(template).filter((field) => field.type === 'string');
  return (
    fields.find((field) => field.id === `${type}-${suffix}`) ??
    fields.find((field) => field.id.endsWith(`-${suffix}`))
  )?.id;
}

/** Records whose field holds the typed text, ignoring case and spaces; none when it is empty. */
function sameTextChecks(what: string, fieldId: string | undefined, fields: FieldValues): Check[] {
  const value = fieldId ? squeezed(fields[fieldId]) : undefined;
  if (!fieldId || !value) return [];
  const wanted = value.toLowerCase();
  return [
    {
      // `eq` on a text field ignores case in Atlas CRM.
      filters: [{ fieldId, operator: 'eq', value }],
      size: DUPLICATES_PER_CHECK,
      what,
      keep: (entity) => squeezed(entity.fields?.[fieldId])?.toLowerCase() === wanted,
    },
  ];
}

/** Whether the field can be asked with `contains`. */
function containsAllowed(template: Template, fieldId: string): boolean {
  const field = findField(template, fieldId);
  return field !== undefined && (FIELD_OPERATORS[field.type]?.operators ?? []).includes('contains');
}

/** Two names of one record: the same person, company (legal form aside) or normalised words. */
function sameName(type: EntityType): (a: string, b: string) => boolean {
  if (type === 'company') return sameCompany;
  if (type === 'contact') return samePerson;
  return (a, b) => normaliseName(a) !== '' && normaliseName(a) === normaliseName(b);
}

/**
 * The name written with other accents or another legal form ("Chloé Wilson" for "Chloe Wilson",
 * "Nordbridge Logistics LLC" for "Nordbridge Logistics"): its accent-free parts asked with
 * contains, the names listed compared normalised.
 */
function similarNameChecks(type: EntityType, template: Template, fields: FieldValues): Check[] {
  const fieldId = nameFieldId(type, template);
  const name = fieldId ? squeezed(fields[fieldId]) : undefined;
  if (!fieldId || !name || !containsAllowed(template, fieldId)) return [];
  const core = type === 'company' ? withoutLegalForm(name) : name;
  const same = sameName(type);
  const check = (operator: 'eq' | 'contains', values: string[]): Check => ({
    filters: values.map((value) => ({ fieldId, operator, value })),
    size: COMPARED_PER_CHECK,
    what: 'name',
    keep: (entity) => {
      const other = entity.fields?.[fieldId];
      return typeof other === 'string' && same(name, other);
    },
  });
  // A short company name ("SAP", "E.ON SE"): every "Sapphire" contains it, so it is asked as a
  // whole name, dotted or not, and as the first word of a name with a legal form ("SAP SE").
  const short = type === 'company' ? shortNameSpellings(core) : [];
  if (short.length > 0)
    return [
      check('eq', short),
      check(
        'contains',
        short.map((spelling) => `${spelling} `),
      ),
    ];
  const parts = accentFreeParts(core);
  // No part to ask: the name without its form still finds the same name with another.
  const values = parts.length > 0 ? parts : core !== name && core.length >= 3 ? [core] : [];
  return values.length === 0 ? [] : [check('contains', values)];
}

/** The same number in another format: its last digits asked, the numbers listed compared. */
/** The phone number to check, if the new record has one the template lets us ask for. */
function phoneToCheck(template: Template, fields: FieldValues) {
  const field = fieldOfFormat(template, 'phone');
  const phone = field ? squeezed(fields[field.id]) : undefined;
  if (!field || !phone || !containsAllowed(template, field.id)) return undefined;
  return phone.replace(/\D/g, '').length < PHONE_MIN_DIGITS ? undefined : { field, phone };
}

function samePhoneChecks(template: Template, fields: FieldValues): Check[] {
  const checked = phoneToCheck(template, fields);
  if (!checked) return [];
  const { field, phone } = checked;
  const query = phoneQuery(phone);
  return [
    {
      filters: query.values.map((value) => ({ fieldId: field.id, operator: 'contains', value })),
      size: COMPARED_PER_CHECK,
      what: 'phone',
      keep: (entity) => query.same(entity.fields?.[field.id]),
    },
  ];
}

/** The website of a new company, if it has one with a dotted host. */
function siteToCheck(type: EntityType, template: Template, fields: FieldValues) {
  const fieldId = type === 'company' ? stringField(type, template, 'website') : undefined;
  const host = fieldId ? websiteDomain(fields[fieldId]) : undefined;
  return fieldId && host ? { fieldId, host } : undefined;
}

function checksFor(type: EntityType, template: Template, fields: FieldValues): Check[] {
  const emailId = type === 'contact' ? stringField(type, template, 'email') : undefined;
  const checks = [
    ...sameTextChecks('name', nameFieldId(type, template), fields),
    ...similarNameChecks(type, template, fields),
    ...sameTextChecks('email', emailId, fields),
    ...samePhoneChecks(template, fields),
  ];
  const site = siteToCheck(type, template, fields);
  // "shop.acme.co.uk" and "acme.co.uk" are one company's sites: compared by registrable domain.
  const domain = site ? (registrableDomain(site.host) ?? site.host) : undefined;
  const siteId = site?.fieldId;
  if (siteId && domain) {
    const sameSite = (entity: Entity) => {
      const other = websiteDomain(entity.fields?.[siteId]);
      return other !== undefined && (registrableDomain(other) ?? other) === domain;
    };
    checks.push({
      filters: [{ fieldId: siteId, operator: 'contains', value: domain }],
      size: DUPLICATES_PER_CHECK,
      what: `website domain (${domain})`,
      keep: sameSite,
    });
  }
  return checks;
}

/** "Same name and email": the reasons one record matched, in plain words. */
function reasonOf(whats: string[]): string {
  const joined =
    whats.length <= 1
      ? (whats[0] ?? 'details')
      : `${whats.slice(0, -1).join(', ')} and ${whats[whats.length - 1]}`;
  return `Same ${joined}`;
}

/**
 * Records like the one about to be created; none when nothing is checked or nothing matches.
 * Lists run side by side; the matches' fields are read only when a list answer leaves them out.
 */
export async function findDuplicates(
  type: EntityType,
  template: Template,
  fields: FieldValues,
  crm: CrmClient,
): Promise<DuplicateMatch[]> {
  await Promise.all([
    phoneToCheck(template, fields) ? loadPhoneLibrary() : undefined,
    siteToCheck(type, template, fields) ? loadDomainLibrary() : undefined,
  ]);
  const checks = checksFor(type, template, fields);
  if (checks.length === 0) return [];
  const pages = await Promise.all(
    checks.map((check) => crm.listEntities({ type, filters: check.filters, size: check.size })),
  );
  const found = new Map<string, Entity>();
  pages.forEach((page) => {
    for (const item of page.items)
      if (item.type === type && isEntityId(item.id) && !found.has(item.id))
        found.set(item.id, item);
  });
  if (found.size === 0) return [];
  const entities = await crm.withFields([...found.values()]);
  const matches: DuplicateMatch[] = [];
  for (const entity of entities) {
    const whats = checks
      .filter((check, index) => pages[index]?.items.some((item) => item.id === entity.id))
      .filter((check) => check.keep(entity))
      .map((check) => check.what)
      .filter((what, index, all) => all.indexOf(what) === index);
    if (whats.length > 0)
      matches.push({ entity: toSummary(entity, template), reason: reasonOf(whats) });
  }
  return matches;
}
