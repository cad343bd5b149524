// The kinds of match and their reasons in plain words, from records Atlas CRM listed: a contact
// by its own email, a company by its website's registrable domain, by a customer organisation's
// name or by its name written in the text, and a contact's company with the relation's roles.
// Each carries a weight (weights.ts): how much it says that the ticket is about the record.
import type { Entity, Template } from '../../../crm';
import type { SuggestionSource } from '../../../shared/contract';
import { companyKey, companyKeys, legalFormOf } from '../names';
import { entityName } from '../summaries';
import { asciiDomain, readableDomain, registrableDomain } from './emails';
import { groupByEmail } from './match';
import { findMentions, strongestMention, type Mention } from './mentions';
import type { SearchPlan } from './plan';
import { shortName } from './text';
import { COMPANY_WRITTEN, WEIGHT } from './weights';
import { isCommonCompanyWord, isTicketWord } from './words';

export interface Candidate {
  entity: Entity;
  source: SuggestionSource;
  reason: string;
  weight: number;
  /** A contact found by the person's display name, not their address. */
  byName?: true;
  /** The company itself is named (text, organisation), not only reached through a contact. */
  direct?: boolean;
  /** Reached through this contact, one of its `of` companies. */
  via?: { contactId: string; of: number };
  /** Where its name is written, and whether the legal form written there is its own. */
  written?: { mention: Mention; key: string; form: 'same' | 'other' | 'none' };
}

const squeeze = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** "Emma Meijer's company (Billing contact)", or one of several, none assumed. */
export function companyReason(contactName: string, roles: string[], of: number): string {
  const role = roles.length > 0 ? ` (${roles.join(', ')})` : '';
  return of === 1
    ? `${contactName}'s company${role}`
    : `One of ${contactName}'s ${of} companies${role}`;
}

/** The organisation whose name this company's name holds as whole words, or means. */
function organizationReason(name: string, organizations: readonly string[]): string | undefined {
  const have = ` ${squeeze(name)} `;
  const org =
    organizations.find((each) => have.includes(` ${squeeze(each)} `)) ??
    organizations.find((each) => companyKey(each) === companyKey(name));
  if (org === undefined) return undefined;
  // "Riverforge Foods LLC" is the organisation "Riverforge Foods" with its legal form.
  return companyKey(org) === companyKey(name)
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
        candidates.push({
          entity: contact,
          source: origin.source,
          reason: origin.reason,
          weight: origin.weight,
        });
    }
  return { candidates, matched };
}

/**
 * Companies whose website's registrable domain is one asked (in ASCII, as plan.domains holds them,
 * so "müller.de" and "xn--mller-kva.de" are one): "contains" alone is not enough.
 */
export function domainCandidates(
  companies: readonly Entity[],
  siteId: string,
  domains: SearchPlan['domains'],
): Candidate[] {
  return companies.flatMap((company): Candidate[] => {
    const site = company.fields?.[siteId];
    const registrable = typeof site === 'string' ? registrableDomain(site) : undefined;
    const domain = registrable === undefined ? undefined : asciiDomain(registrable);
    const origin = domain === undefined ? undefined : domains.get(domain);
    if (domain === undefined || origin === undefined) return [];
    const reason = origin.reason(readableDomain(domain));
    return [{ entity: company, source: 'domain', reason, weight: origin.weight }];
  });
}

export function organizationCandidates(
  companies: readonly Entity[],
  template: Template,
  organizations: readonly string[],
): Candidate[] {
  return companies.flatMap((company): Candidate[] => {
    const reason = organizationReason(entityName(company, template), organizations);
    return reason === undefined
      ? []
      : [
          {
            entity: company,
            source: 'organization',
            reason,
            weight: WEIGHT.organization,
            direct: true,
          },
        ];
  });
}

/**
 * Companies whose name, with or without its legal form and whatever its accents, case or
 * punctuation, is written in the summary or description, weighed by where and how.
 */
export function writtenNameCandidates(
  companies: readonly Entity[],
  template: Template,
  plan: SearchPlan,
): Candidate[] {
  return companies.flatMap((company): Candidate[] => {
    const name = entityName(company, template);
    const key = companyKey(name);
    // "Data Solutions", "Open Systems": words any text may hold count only with the legal form.
    const common = key.split(' ').every((word) => isCommonCompanyWord(word) || isTicketWord(word));
    const mentions = companyKeys(name)
      .flatMap((each) => findMentions(plan.texts, each.split(' ')))
      .filter((mention) => !common || mention.form !== undefined);
    if (mentions.length === 0) return [];
    const { mention, weight } = strongestMention(mentions, COMPANY_WRITTEN);
    const text = plan.texts.find((t) => t.where === mention.where)?.text ?? '';
    const written = shortName(text.slice(mention.start, mention.end));
    const own = legalFormOf(name);
    return [
      {
        entity: company,
        source: 'text',
        reason: mention.passing
          ? `${written} is named in the ${mention.where}, in passing`
          : `${written} is named in the ${mention.signature ? 'signature' : mention.where}`,
        weight,
        direct: true,
        written: {
          mention,
          key,
          form: mention.form === undefined ? 'none' : mention.form === own ? 'same' : 'other',
        },
      },
    ];
  });
}
