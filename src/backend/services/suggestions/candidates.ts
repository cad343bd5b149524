// The kinds of match and their reasons in plain words, from records Atlas CRM listed: a contact
// by its own email, a company by its website's registrable domain, by a customer organisation's
// name or by a name written in the text, and a contact's company with the relation's roles.
import type { Entity, Template } from '../../../crm';
import type { SuggestionSource } from '../../../shared/contract';
import { entityName } from '../summaries';
import { withoutFinalDot } from './company-names';
import { asciiDomain, readableDomain, registrableDomain } from './emails';
import { groupByEmail } from './match';
import type { SearchPlan } from './plan';
import { shortName } from './text';

export interface Candidate {
  entity: Entity;
  source: SuggestionSource;
  reason: string;
}

const squeeze = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** "Emma Meijer's company (Billing contact)", or one of several, none assumed. */
export function companyReason(contactName: string, roles: string[], of: number): string {
  const role = roles.length > 0 ? ` (${roles.join(', ')})` : '';
  return of === 1
    ? `${contactName}'s company${role}`
    : `One of ${contactName}'s ${of} companies${role}`;
}

/** The organisation whose name this company's name holds as whole words. */
function organizationReason(name: string, organizations: readonly string[]): string | undefined {
  const have = ` ${squeeze(name)} `;
  const org = organizations.find((each) => have.includes(` ${squeeze(each)} `));
  if (org === undefined) return undefined;
  // "Riverforge Foods LLC" is the organisation "Riverforge Foods" with its legal form.
  return have.startsWith(` ${squeeze(org)} `)
    ? `${shortName(org)}, the request's customer organisation, matches this company's name`
    : `${shortName(org)}, the request's customer organisation, is part of this company's name`;
}

/** Contacts whose own email is one asked, once per origin of that address. */
export function contactCandidates(
  contacts: readonly Entity[],
  plan: SearchPlan,
  emailId: string | undefined,
  emails: readonly string[],
): { candidates: Candidate[]; matched: Map<string, Entity> } {
  const candidates: Candidate[] = [];
  const matched = new Map<string, Entity>();
  for (const [email, found] of emailId ? groupByEmail(contacts, emailId, emails) : [])
    for (const contact of found) {
      matched.set(contact.id, contact);
      for (const origin of plan.emails.get(email) ?? [])
        candidates.push({ entity: contact, source: origin.source, reason: origin.reason });
    }
  return { candidates, matched };
}

/**
 * Companies whose website's registrable domain is one asked (in ASCII, as plan.domains holds them,
 * so "müller.de" and "xn--mller-kva.de" are one): "contains" alone is not enough.
 */
export function domainCandidates(companies: readonly Entity[], siteId: string, domains: string[]) {
  return companies.flatMap((company): Candidate[] => {
    const site = company.fields?.[siteId];
    const registrable = typeof site === 'string' ? registrableDomain(site) : undefined;
    const domain = registrable === undefined ? undefined : asciiDomain(registrable);
    if (domain === undefined || !domains.includes(domain)) return [];
    const reason = `${readableDomain(domain)} is this company's website`;
    return [{ entity: company, source: 'domain', reason }];
  });
}

export function organizationCandidates(
  companies: readonly Entity[],
  template: Template,
  organizations: readonly string[],
): Candidate[] {
  return companies.flatMap((company): Candidate[] => {
    const reason = organizationReason(entityName(company, template), organizations);
    return reason === undefined ? [] : [{ entity: company, source: 'organization', reason }];
  });
}

/**
 * Companies named exactly as a name written in the text, ignoring case, spaces and a final dot
 * ("Acme Ltd." ending a sentence is the company "Acme Ltd"); the exact spelling's reason first.
 */
export function writtenNameCandidates(
  companies: readonly Entity[],
  template: Template,
  written: SearchPlan['companyNames'],
): Candidate[] {
  const loose = (name: string) => withoutFinalDot(squeeze(name));
  return companies.flatMap((company): Candidate[] => {
    const name = squeeze(entityName(company, template));
    const same =
      written.find((item) => squeeze(item.name) === name) ??
      written.find((item) => loose(item.name) === loose(name));
    return same ? [{ entity: company, source: 'text', reason: same.reason }] : [];
  });
}
