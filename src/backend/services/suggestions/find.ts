// The Atlas CRM side of suggestions, in as few rounds as the answers allow:
//   1. one parallel round of list requests: contacts by email, companies by website domain,
//      companies by organisation name or a name written in the text (each one request, OR of
//      the same field and operator);
//   2. the listed contacts' company links, beside the fields of anything listed without them;
//   3. only when links came without fields (lists may omit them): those companies' fields.
// A list answer is not taken on trust: every hit is checked against its own fields.
import {
  fieldOfFormat,
  nameFieldId,
  operatorsFor,
  type CrmClient,
  type Entity,
  type Template,
} from '../../../crm';
import type { SuggestionSource } from '../../../shared/contract';
import { describeForLog } from '../../redact';
import { isEntityId } from '../../storage/link-record-format';
import type { Templates } from '../../storage/template-cache';
import { entityName } from '../summaries';
import { registrableDomain } from './emails';
import {
  emailOf,
  groupByEmail,
  listContactsByEmail,
  normaliseEmails,
  readCompaniesOf,
  withEntityFields,
} from './match';
import type { SearchPlan } from './plan';
import { shortName } from './text';

/** Companies listed per request; a domain or a name matches a few at most. */
const COMPANIES_PAGE = 20;
/** Values asked per request, so the query string stays short. */
const MAX_VALUES = 10;
/** Contacts whose companies are read: the people on the request, not a mailing list. */
const MAX_CONTACTS_WITH_COMPANIES = 5;

export interface Candidate {
  entity: Entity;
  source: SuggestionSource;
  reason: string;
}

export interface Found {
  candidates: Candidate[];
  notes: string[];
}

type CompanyLinks = { entity: Entity; roles: string[] }[];

const squeeze = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** Only fields whose type allows `contains` (the spec's operator table) are searched with it. */
function containsField(template: Template, fieldId: string | undefined): string | undefined {
  const field = template.sections.flatMap((s) => s.fields).find((f) => f.id === fieldId);
  return field && operatorsFor(field.type)?.operators.includes('contains') ? field.id : undefined;
}

async function listCompanies(
  crm: CrmClient,
  fieldId: string,
  values: readonly string[],
): Promise<Entity[]> {
  const page = await crm.listEntities({
    type: 'company',
    filters: values.map((value) => ({ fieldId, operator: 'contains' as const, value })),
    size: COMPANIES_PAGE,
  });
  return page.items.filter((item) => item.type === 'company' && isEntityId(item.id));
}

/** "Emma Meijer's company (Billing contact)", or one of several, none assumed. */
function companyReason(contactName: string, roles: string[], of: number): string {
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
    ? `The customer organisation ${shortName(org)} has this name`
    : `The customer organisation ${shortName(org)} is part of this company's name`;
}

/**
 * Runs the steps of one round side by side. A step that fails becomes a note (and an empty
 * answer) while another answers; when every step of the round fails, the first failure is thrown
 * so the user sees the usual plain words.
 */
class Round {
  private readonly steps: { what: string; run: Promise<unknown> }[] = [];

  constructor(private readonly notes: string[]) {}

  step<T>(what: string, run: Promise<T>, empty: T): Promise<T> {
    this.steps.push({ what, run });
    return run.catch(() => empty);
  }

  async done(throwWhenAllFail: boolean): Promise<void> {
    const settled = await Promise.allSettled(this.steps.map((s) => s.run));
    const failed = settled.flatMap((r, i) =>
      r.status === 'rejected'
        ? [{ what: this.steps[i]?.what ?? '', err: r.reason as unknown }]
        : [],
    );
    if (throwWhenAllFail && failed.length > 0 && failed.length === this.steps.length)
      throw failed[0]?.err;
    for (const { what, err } of failed) {
      console.warn(`[atlas-crm] suggestions: ${what} failed: ${describeForLog(err)}`);
      this.notes.push(`Atlas CRM did not answer about ${what}, so those suggestions are missing.`);
    }
  }
}

interface Fields {
  emailId?: string;
  siteId?: string;
  nameId?: string;
}

/** Contacts whose own email is one asked, once per origin of that address. */
function contactCandidates(
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

/** Companies whose website's registrable domain is one asked: "contains" alone is not enough. */
function domainCandidates(companies: readonly Entity[], siteId: string, domains: string[]) {
  return companies.flatMap((company): Candidate[] => {
    const site = company.fields?.[siteId];
    const domain = typeof site === 'string' ? registrableDomain(site) : undefined;
    return domain !== undefined && domains.includes(domain)
      ? [{ entity: company, source: 'domain', reason: `${domain} is this company's website` }]
      : [];
  });
}

/** Companies named like a customer organisation, or exactly as a name written in the text. */
function nameCandidates(
  companies: readonly Entity[],
  template: Template,
  organizations: readonly string[],
  written: SearchPlan['companyNames'],
): Candidate[] {
  return companies.flatMap((company): Candidate[] => {
    const name = entityName(company, template);
    const out: Candidate[] = [];
    const reason = organizationReason(name, organizations);
    if (reason !== undefined) out.push({ entity: company, source: 'organization', reason });
    const same = written.find((item) => squeeze(item.name) === squeeze(name));
    if (same) out.push({ entity: company, source: 'text', reason: same.reason });
    return out;
  });
}

interface LinkRead {
  contactId: string;
  links: Promise<CompanyLinks | Error>;
}

/**
 * The companies of the contacts that really matched, with their fields: from the lists when they
 * found the same company, else read (round 3, only when links came without fields).
 */
async function companyOfContactCandidates(
  crm: CrmClient,
  templates: Templates,
  reads: readonly LinkRead[],
  matched: ReadonlyMap<string, Entity>,
  known: readonly Entity[],
  notes: string[],
): Promise<Candidate[]> {
  // A company the lists already found with its fields is not read again.
  const full = new Map(known.filter((e) => e.fields !== undefined).map((e) => [e.id, e]));
  const viaContacts: { contact: Entity; entity: Entity; roles: string[]; of: number }[] = [];
  for (const read of reads) {
    const links = await read.links;
    const contact = matched.get(read.contactId);
    // A contact whose email did not really match: its companies say nothing.
    if (!contact) continue;
    if (links instanceof Error) {
      console.warn(`[atlas-crm] suggestions: companies failed: ${describeForLog(links)}`);
      const name = shortName(entityName(contact, templates.contact));
      notes.push(`Atlas CRM did not answer which companies ${name} is at, so those are missing.`);
      continue;
    }
    for (const link of links)
      viaContacts.push({
        contact,
        entity: full.get(link.entity.id) ?? link.entity,
        roles: link.roles,
        of: links.length,
      });
  }
  const round = new Round(notes);
  const companies = await round.step(
    'companies of contacts',
    withEntityFields(crm, viaContacts),
    [],
  );
  await round.done(false);
  return companies.map((item) => ({
    entity: item.entity,
    source: 'reporter-company',
    reason: companyReason(
      shortName(entityName(item.contact, templates.contact)),
      item.roles.map(shortName),
      item.of,
    ),
  }));
}

function fieldsOf(templates: Templates): Fields {
  const emailId = fieldOfFormat(templates.contact, 'email')?.id;
  const siteId = containsField(templates.company, fieldOfFormat(templates.company, 'url')?.id);
  const nameId = containsField(templates.company, nameFieldId('company', templates.company));
  return {
    ...(emailId ? { emailId } : {}),
    ...(siteId ? { siteId } : {}),
    ...(nameId ? { nameId } : {}),
  };
}

export async function findCandidates(
  crm: CrmClient,
  templates: Templates,
  plan: SearchPlan,
): Promise<Found> {
  const notes: string[] = [];
  const { emailId, siteId, nameId } = fieldsOf(templates);
  const emails = emailId ? normaliseEmails([...plan.emails.keys()]) : [];
  const domains = siteId ? plan.domains.slice(0, MAX_VALUES) : [];
  const organizations = nameId ? plan.organizations.slice(0, MAX_VALUES) : [];
  const written = nameId ? plan.companyNames.slice(0, MAX_VALUES) : [];
  // One request for both: the same field and operator repeated is an OR.
  const names = [...new Set([...organizations, ...written.map((item) => item.name)])];
  if (!emailId && plan.emails.size > 0)
    notes.push("The contact template has no email field, so contacts can't be matched by email.");

  // Round 1: the independent lists side by side.
  const first = new Round(notes);
  const none = Promise.resolve<Entity[]>([]);
  const listed = {
    contacts:
      emailId && emails.length > 0
        ? first.step('contacts by email', listContactsByEmail(crm, emailId, emails), [])
        : none,
    bySite:
      siteId && domains.length > 0
        ? first.step('companies by website', listCompanies(crm, siteId, domains), [])
        : none,
    byName:
      nameId && names.length > 0
        ? first.step('companies by name', listCompanies(crm, nameId, names), [])
        : none,
  };
  await first.done(true);

  // Round 2: the contacts' companies (a contact listed without fields is checked in this same
  // round, and its companies dropped if its email does not match), and missing fields.
  const wanted = new Set(emails);
  const plausible = (await listed.contacts).filter((contact) => {
    const email = emailId ? emailOf(contact, emailId) : undefined;
    return contact.fields === undefined || (email !== undefined && wanted.has(email));
  });
  const reads: LinkRead[] = plausible.slice(0, MAX_CONTACTS_WITH_COMPANIES).map((contact) => ({
    contactId: contact.id,
    links: readCompaniesOf(crm, contact.id).then(
      (links): CompanyLinks | Error => links,
      (err: unknown) => (err instanceof Error ? err : new Error('companies not read')),
    ),
  }));
  const second = new Round(notes);
  const [contacts, siteCompanies, nameCompanies] = await Promise.all([
    second.step('contacts by email', crm.withFields(plausible), []),
    second.step(
      'companies by website',
      listed.bySite.then((l) => crm.withFields(l)),
      [],
    ),
    second.step(
      'companies by name',
      listed.byName.then((l) => crm.withFields(l)),
      [],
    ),
  ]);
  await second.done(false);

  const byContact = contactCandidates(contacts, plan, emailId, emails);
  const candidates = [
    ...byContact.candidates,
    ...(siteId ? domainCandidates(siteCompanies, siteId, domains) : []),
    ...nameCandidates(nameCompanies, templates.company, organizations, written),
    ...(await companyOfContactCandidates(
      crm,
      templates,
      reads,
      byContact.matched,
      [...siteCompanies, ...nameCompanies],
      notes,
    )),
  ];
  return { candidates, notes };
}
