// Matching people and companies in Atlas CRM, shared by the suggestions and by the issue-creation
// trigger: contacts by email (one list request, OR of the same field and operator) and a contact's
// companies through its links, with the relation's roles.
import { fieldOfFormat, type CrmClient, type Entity, type EntityLink } from '../../../crm';
import { isEntityId } from '../../../shared/ids';
import type { Templates } from '../../storage/template-cache';
import { canonicalEmail, emailSpellings } from './emails';

/** Addresses asked in one request: keeps the query string short; an issue names few people. */
export const MAX_EMAILS = 20;
/** Contacts listed per request: a few per address is already more than a person has. */
const CONTACTS_PAGE = 50;
/** A contact works at a handful of companies; more are not suggested. */
export const COMPANY_LINKS_PAGE = 10;

/** Lower-cased, trimmed, without repeats, at most MAX_EMAILS. */
export function normaliseEmails(emails: readonly string[]): string[] {
  const out = new Set<string>();
  for (const email of emails) {
    const text = email.trim().toLowerCase();
    if (text.includes('@')) out.add(text);
    if (out.size >= MAX_EMAILS) break;
  }
  return [...out];
}

/** The email a contact holds, lower-cased; undefined without fields or without an address. */
export function emailOf(contact: Entity, emailFieldId: string): string | undefined {
  const value = contact.fields?.[emailFieldId];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase() : undefined;
}

/** One list request for contacts whose email equals any of `emails` (already normalised). */
export async function listContactsByEmail(
  crm: CrmClient,
  emailFieldId: string,
  emails: readonly string[],
): Promise<Entity[]> {
  if (emails.length === 0) return [];
  // A contact may hold an international address in either spelling of its domain.
  const values = [...new Set(emails.flatMap(emailSpellings))];
  const page = await crm.listEntities({
    type: 'contact',
    filters: values.map((value) => ({ fieldId: emailFieldId, operator: 'eq' as const, value })),
    size: CONTACTS_PAGE,
  });
  return page.items.filter((item) => item.type === 'contact' && isEntityId(item.id));
}

/**
 * Listed contacts grouped by the address of `emails` they hold (either spelling of its domain),
 * kept only when it really is one of them.
 */
export function groupByEmail(
  contacts: readonly Entity[],
  emailFieldId: string,
  emails: readonly string[],
): Map<string, Entity[]> {
  const wanted = new Map(emails.map((email) => [canonicalEmail(email), email]));
  const out = new Map<string, Entity[]>();
  for (const contact of contacts) {
    const held = emailOf(contact, emailFieldId);
    const email = held === undefined ? undefined : wanted.get(canonicalEmail(held));
    if (email === undefined) continue;
    const list = out.get(email) ?? [];
    if (!list.some((known) => known.id === contact.id)) list.push(contact);
    out.set(email, list);
  }
  return out;
}

/**
 * Contacts whose email equals one of `emails`, by lower-cased address. A list answer is not
 * taken on trust: each hit's own email is compared (fields read when the list left them out).
 */
export async function contactsByEmail(
  getCrm: () => CrmClient,
  templates: Templates,
  emails: string[],
  /** Told what the list named before its emails are checked, to start reads that depend on it. */
  onListed?: (listed: readonly Entity[]) => void,
): Promise<Map<string, Entity[]>> {
  const emailFieldId = fieldOfFormat(templates.contact, 'email')?.id;
  const wanted = normaliseEmails(emails);
  if (emailFieldId === undefined || wanted.length === 0) return new Map();
  const crm = getCrm();
  const listed = await listContactsByEmail(crm, emailFieldId, wanted);
  onListed?.(listed);
  if (listed.length === 0) return new Map();
  return groupByEmail(await crm.withFields(listed), emailFieldId, wanted);
}

/** Companies among a contact's links, with roles; ids checked before use. */
export function companyLinks(links: readonly EntityLink[]): { entity: Entity; roles: string[] }[] {
  const out: { entity: Entity; roles: string[] }[] = [];
  for (const link of links) {
    const { entity } = link;
    if (entity.type !== 'company' || !isEntityId(entity.id)) continue;
    if (out.some((known) => known.entity.id === entity.id)) continue;
    out.push({ entity, roles: link.roles.filter((role) => role.trim() !== '') });
  }
  return out;
}

/** One page of a contact's links to companies. */
export async function readCompaniesOf(
  crm: CrmClient,
  contactId: string,
): Promise<{ entity: Entity; roles: string[] }[]> {
  const page = await crm.listLinks(contactId, { type: 'company', size: COMPANY_LINKS_PAGE });
  return companyLinks(page.items);
}

/** Replaces entities listed without fields by their full read; drops ones deleted meanwhile. */
export async function withEntityFields<T extends { entity: Entity }>(
  crm: CrmClient,
  items: readonly T[],
): Promise<T[]> {
  // The same company reached through two contacts is read once.
  const distinct = new Map(items.map((item) => [item.entity.id, item.entity]));
  const full = await crm.withFields([...distinct.values()]);
  const byId = new Map(full.map((entity) => [entity.id, entity]));
  return items.flatMap((item) => {
    const entity = byId.get(item.entity.id);
    return entity ? [{ ...item, entity }] : [];
  });
}

/** The companies a contact is linked to in Atlas CRM, with the relation's roles and fields. */
export async function companiesOfContact(
  getCrm: () => CrmClient,
  contactId: string,
): Promise<{ entity: Entity; roles: string[] }[]> {
  const crm = getCrm();
  return withEntityFields(crm, await readCompaniesOf(crm, contactId));
}
