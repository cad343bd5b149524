// The two or three fields shown beside an entity's name, formatted with its template.
import { Inline, Link, Text, User } from '@forge/react';
import type { EntitySummary, FieldInfo, TemplateInfo, TemplatesInfo } from '../../shared/contract';
import { allFields } from '../../crm/template';
import { isEmptyValue } from '../../shared/guards';
import { FORMER_USER, FORMER_USER_NAME } from '../../shared/privacy';
import { formatField } from '../shared/format';
import { hrefFor, opensNewTab, shownAddress } from '../shared/links';

export function fieldsById(template: TemplateInfo | undefined): Map<string, FieldInfo> {
  return new Map((template ? allFields(template) : []).map((field) => [field.id, field]));
}

/**
 * A field's label when its template is not at hand (Atlas CRM not connected or not answering):
 * read from its id, "company-website" -> "Website", never the raw id.
 */
export function labelFromId(id: string, type?: string): string {
  const words = (type && id.startsWith(`${type}-`) ? id.slice(type.length + 1) : id)
    .replace(/[-_]+/g, ' ')
    .trim();
  return words === '' ? id : words.charAt(0).toUpperCase() + words.slice(1);
}

export interface KeyFieldText {
  id: string;
  label: string;
  text: string;
  /** Set for people fields: shown as a User (name and avatar), never as the raw account id. */
  accountId?: string;
  /** Emails, phone numbers and https addresses: mailto:, tel: or the address itself. */
  href?: string;
}

export function keyFieldTexts(
  entity: EntitySummary,
  templates: TemplatesInfo | undefined,
): KeyFieldText[] {
  const template = templates?.[entity.type];
  const byId = fieldsById(template);
  const ids = template?.keyFieldIds ?? Object.keys(entity.keyFields);
  const texts: KeyFieldText[] = [];
  for (const id of ids) {
    const value = entity.keyFields[id];
    if (isEmptyValue(value)) continue;
    const field = byId.get(id);
    // A closed account the app erased from its copy: named, never shown as a person.
    const former = value === FORMER_USER;
    // Without a template (CRM unreachable) values are shown raw rather than hidden.
    const label = field?.label ?? labelFromId(id, entity.type);
    texts.push({
      id,
      label,
      text: former
        ? FORMER_USER_NAME
        : field
          ? formatField(field, value)
          : Array.isArray(value)
            ? value.join(', ')
            : String(value),
      ...(field?.type === 'user' && typeof value === 'string' && !former
        ? { accountId: value }
        : {}),
      ...(field?.type !== 'user' ? withHref({ id, label }, value) : {}),
    });
  }
  return texts;
}

function withHref(field: { id: string; label: string }, value: unknown): { href?: string } {
  const href = hrefFor(field, value);
  return href ? { href } : {};
}

/** Names that more than one record in a list has: those rows also show part of their id. */
export function sharedNames(records: readonly { name: string }[]): ReadonlySet<string> {
  const seen = new Set<string>();
  const shared = new Set<string>();
  for (const { name } of records) (seen.has(name) ? shared : seen).add(name);
  return shared;
}

/** "ID …4e5f02": enough of the id to tell records with one name apart, and to find them in Atlas CRM. */
export function idHint(id: string): string {
  return `ID …${id.replace(/-/g, '').slice(-6)}`;
}

/** "Industry: Logistics · Owner: (user)", small and subtle; people as UI Kit User elements. */
export function KeyFields({
  fields,
  links = true,
  sameNameId,
}: {
  fields: KeyFieldText[];
  links?: boolean;
  /** Set when another record in the list has the same name: part of this id is shown too. */
  sameNameId?: string;
}) {
  if (fields.length === 0 && !sameNameId) return null;
  // One Text per field in a wrapping row: a field moves to the next line whole, so a web address
  // is not broken mid-word to fit beside the one before it.
  return (
    <Inline space="space.050" shouldWrap>
      {fields.map((field, index) => (
        <Text key={field.id} size="small" color="color.text.subtle">
          {`${index > 0 ? '· ' : ''}${field.label}: `}
          {field.accountId ? (
            <User accountId={field.accountId} />
          ) : links && field.href ? (
            <Link href={field.href} openNewTab={opensNewTab(field.href)}>
              {shownAddress(field.href, field.text)}
            </Link>
          ) : (
            field.text
          )}
        </Text>
      ))}
      {sameNameId ? (
        <Text size="small" color="color.text.subtle">
          {`${fields.length > 0 ? '· ' : ''}${idHint(sameNameId)}`}
        </Text>
      ) : null}
    </Inline>
  );
}
