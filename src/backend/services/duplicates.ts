// Before creating: records of the same type that look like the new one (same name; for contacts
// the same email, for companies the same website domain), found in one parallel round of lists.
import {
  allFields,
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
import { toSummary } from './summaries';

/** Matches shown per check: enough to recognise the record, few enough to read at a glance. */
export const DUPLICATES_PER_CHECK = 5;

interface Check {
  filter: FieldFilter;
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
      filter: { fieldId, operator: 'eq', value },
      what,
      keep: (entity) => squeezed(entity.fields?.[fieldId])?.toLowerCase() === wanted,
    },
  ];
}

function checksFor(type: EntityType, template: Template, fields: FieldValues): Check[] {
  const emailId = type === 'contact' ? stringField(type, template, 'email') : undefined;
  const checks = [
    ...sameTextChecks('name', nameFieldId(type, template), fields),
    ...sameTextChecks('email', emailId, fields),
  ];
  const siteId = type === 'company' ? stringField(type, template, 'website') : undefined;
  const domain = siteId ? websiteDomain(fields[siteId]) : undefined;
  if (siteId && domain) {
    const sameSite = (entity: Entity) => {
      const other = websiteDomain(entity.fields?.[siteId]);
      return other !== undefined && (other === domain || other.endsWith(`.${domain}`));
    };
    checks.push({
      filter: { fieldId: siteId, operator: 'contains', value: domain },
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
  const checks = checksFor(type, template, fields);
  if (checks.length === 0) return [];
  const pages = await Promise.all(
    checks.map((check) =>
      crm.listEntities({ type, filters: [check.filter], size: DUPLICATES_PER_CHECK }),
    ),
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
      .map((check) => check.what);
    if (whats.length > 0)
      matches.push({ entity: toSummary(entity, template), reason: reasonOf(whats) });
  }
  return matches;
}
