// The company a linked contact works at, shown on its card: read from the contact's own links in
// Atlas CRM, beside the read of the contact itself, so it costs no extra round. A company listed
// without its fields (as the API reference documents lists) is named only if the record
// already holds it; otherwise the card shows no company rather than spend another request.
import type { CrmClient, EntityLink } from '../../../crm';
import type { LinkedEntity } from '../../../shared/contract';
import { describeForLog } from '../../redact';
import { compactCompany } from '../../storage/link-record-format';
import type { Templates } from '../../storage/template-cache';
import { companyNamesOf } from '../summaries';

/** A contact is at a handful of companies at most; more are not shown on a card. */
const COMPANY_LINKS_PAGE = 5;

/**
 * What is known of a contact's company: its name(s), `null` for none, `undefined` when Atlas CRM
 * could not tell (then a stored name is kept).
 */
export type CompanyRead = string | null | undefined;

/** The contact's links to companies; never fails (undefined when they could not be read). */
export async function readCompanyLinks(
  crm: CrmClient,
  contactId: string,
): Promise<EntityLink[] | undefined> {
  try {
    return (await crm.listLinks(contactId, { type: 'company', size: COMPANY_LINKS_PAGE })).items;
  } catch (err) {
    console.warn(`[atlas-crm] a contact's companies could not be read: ${describeForLog(err)}`);
    return undefined;
  }
}

/** Names of the companies a record holds: they name companies listed without their fields. */
export function knownCompanyNames(links: readonly LinkedEntity[]): Map<string, string> {
  return new Map(
    links.filter((link) => link.type === 'company').map((link) => [link.id, link.name]),
  );
}

export function companyOf(
  links: EntityLink[] | undefined,
  templates: Templates,
  known: ReadonlyMap<string, string>,
): CompanyRead {
  if (links === undefined) return undefined;
  const names = companyNamesOf(
    links.map((link) => link.entity),
    templates.company,
    known,
  );
  if (names === undefined) return undefined;
  // As it is stored: redacted and cut, so the answer shows what the record holds.
  return compactCompany(names.join(', ')) ?? null;
}
