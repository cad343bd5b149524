// The Atlas CRM side of suggestions, in as few rounds as the answers allow:
//   1. one parallel round of list requests: contacts by email, companies by website domain,
//      companies by organisation name, companies named in the text (each one request, OR of
//      the same field and operator);
//   2. the listed contacts' company links (the reporter's first, then the participants', then
//      those written in the text), beside the fields of anything listed without them;
//   3. only when links came without fields (lists may omit them): those companies' fields.
// When more contacts were listed without fields than are followed, their links wait for round 2
// (which tells whose address each is) and the rounds after it move one later.
// A list answer is not taken on trust: every hit is checked against its own fields.
import {
  fieldOfFormat,
  nameFieldId,
  operatorsFor,
  type CrmClient,
  type Operator,
  type Entity,
  type Template,
} from '../../../crm';
import type { SuggestionSource } from '../../../shared/contract';
import { describeForLog } from '../../redact';
import { isEntityId } from '../../../shared/ids';
import type { Templates } from '../../storage/template-cache';
import { entityName } from '../summaries';
import {
  companyReason,
  contactCandidates,
  domainCandidates,
  organizationCandidates,
  writtenNameCandidates,
  type Candidate,
} from './candidates';
import {
  emailOf,
  listContactsByEmail,
  normaliseEmails,
  readCompaniesOf,
  withEntityFields,
} from './match';
import { canonicalEmail, domainSpellings } from './emails';
import type { SearchPlan } from './plan';
import { Round } from './round';
import { shortName } from './text';

export type { Candidate } from './candidates';

/** Companies listed per request; a domain or a name matches a few at most. */
const COMPANIES_PAGE = 20;
/** Values asked per request, so the query string stays short. */
const MAX_VALUES = 10;
/** Contacts whose companies are read: the people on the request, not a mailing list. */
const MAX_CONTACTS_WITH_COMPANIES = 5;
/** Which contacts' companies are read first when more match: the people on the request first. */
const ORIGIN_ORDER: readonly SuggestionSource[] = ['reporter', 'participant', 'text'];

export interface Found {
  candidates: Candidate[];
  notes: string[];
}

type CompanyLinks = { entity: Entity; roles: string[] }[];

/** The field, if its type allows the operator (the spec's operator table). */
function fieldAllowing(
  template: Template,
  fieldId: string | undefined,
  operator: Operator,
): string | undefined {
  const field = template.sections.flatMap((s) => s.fields).find((f) => f.id === fieldId);
  return field && operatorsFor(field.type)?.operators.includes(operator) ? field.id : undefined;
}

async function listCompanies(
  crm: CrmClient,
  fieldId: string,
  operator: Operator,
  values: readonly string[],
): Promise<Entity[]> {
  const page = await crm.listEntities({
    type: 'company',
    filters: values.map((value) => ({ fieldId, operator, value })),
    size: COMPANIES_PAGE,
  });
  return page.items.filter((item) => item.type === 'company' && isEntityId(item.id));
}

interface Fields {
  emailId?: string;
  siteId?: string;
  /** The company name, searched with `contains` (organisations) and `eq` (written names). */
  nameContainsId?: string;
  nameEqId?: string;
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

/** A contact's place by the strongest origin of its address; unknown addresses last. */
function originRank(plan: SearchPlan, emailId: string | undefined): (contact: Entity) => number {
  const ranks = new Map<string, number>();
  for (const [email, origins] of plan.emails)
    ranks.set(
      canonicalEmail(email),
      Math.min(...origins.map((origin) => ORIGIN_ORDER.indexOf(origin.source))),
    );
  return (contact) => {
    const email = emailId ? emailOf(contact, emailId) : undefined;
    const known = email === undefined ? undefined : ranks.get(canonicalEmail(email));
    return known ?? ORIGIN_ORDER.length;
  };
}

/** Starts reading the companies of the first contacts by origin; a failure is kept, not thrown. */
function readLinksOf(
  crm: CrmClient,
  contacts: readonly Entity[],
  rank: (contact: Entity) => number,
): LinkRead[] {
  // A stable sort: the CRM's order among contacts of the same origin.
  return [...contacts]
    .sort((a, b) => rank(a) - rank(b))
    .slice(0, MAX_CONTACTS_WITH_COMPANIES)
    .map((contact) => ({
      contactId: contact.id,
      links: readCompaniesOf(crm, contact.id).then(
        (links): CompanyLinks | Error => links,
        (err: unknown) => (err instanceof Error ? err : new Error('companies not read')),
      ),
    }));
}

function fieldsOf(templates: Templates): Fields {
  const emailId = fieldOfFormat(templates.contact, 'email')?.id;
  const siteId = fieldAllowing(
    templates.company,
    fieldOfFormat(templates.company, 'url')?.id,
    'contains',
  );
  const nameId = nameFieldId('company', templates.company);
  const nameContainsId = fieldAllowing(templates.company, nameId, 'contains');
  const nameEqId = fieldAllowing(templates.company, nameId, 'eq');
  return {
    ...(emailId ? { emailId } : {}),
    ...(siteId ? { siteId } : {}),
    ...(nameContainsId ? { nameContainsId } : {}),
    ...(nameEqId ? { nameEqId } : {}),
  };
}

/**
 * Fields of listed entities for one round, each entity read at most once: a company found both by
 * its website and by its name is one request, not two.
 */
function fieldsOnce(crm: CrmClient): (list: Entity[]) => Promise<Entity[]> {
  const reads = new Map<string, Promise<Entity | undefined>>();
  return async (list) => {
    const fresh = list.filter((entity) => entity.fields === undefined && !reads.has(entity.id));
    const batch = crm.withFields(fresh);
    for (const entity of fresh)
      reads.set(
        entity.id,
        batch.then((read) => read.find((item) => item.id === entity.id)),
      );
    const read = await Promise.all(
      list.map((entity) =>
        entity.fields === undefined ? reads.get(entity.id) : Promise.resolve(entity),
      ),
    );
    return read.filter((entity): entity is Entity => entity !== undefined);
  };
}

export async function findCandidates(
  crm: CrmClient,
  templates: Templates,
  plan: SearchPlan,
): Promise<Found> {
  const notes: string[] = [];
  const { emailId, siteId, nameContainsId, nameEqId } = fieldsOf(templates);
  const emails = emailId ? normaliseEmails([...plan.emails.keys()]) : [];
  const domains = siteId ? plan.domains.slice(0, MAX_VALUES) : [];
  const organizations = nameContainsId ? plan.organizations.slice(0, MAX_VALUES) : [];
  const written = nameEqId ? plan.companyNames.slice(0, MAX_VALUES) : [];
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
        ? first.step(
            'companies by website',
            // A website may be stored in either spelling of an international domain.
            listCompanies(crm, siteId, 'contains', domains.flatMap(domainSpellings)),
            [],
          )
        : none,
    // An organisation may lack the legal form its company has: "Riverforge Foods" (contains).
    byOrganization:
      nameContainsId && organizations.length > 0
        ? first.step(
            'companies by organisation',
            listCompanies(crm, nameContainsId, 'contains', organizations),
            [],
          )
        : none,
    // A written name has its legal form: exactly that name (eq), so "Logistics LLC", the tail of
    // "Ask Nordbridge Logistics LLC", never fills the page with every logistics company.
    byWrittenName:
      nameEqId && written.length > 0
        ? first.step(
            'companies named in the text',
            listCompanies(
              crm,
              nameEqId,
              'eq',
              written.map((item) => item.name),
            ),
            [],
          )
        : none,
  };
  await first.done(true);

  // Round 2: the contacts' companies (a contact listed without fields is checked in this same
  // round, and its companies dropped if its email does not match), and missing fields.
  const wanted = new Set(emails.map(canonicalEmail));
  const plausible = (await listed.contacts).filter((contact) => {
    const email = emailId ? emailOf(contact, emailId) : undefined;
    return (
      contact.fields === undefined || (email !== undefined && wanted.has(canonicalEmail(email)))
    );
  });
  const follow = (contacts: readonly Entity[]) =>
    readLinksOf(crm, contacts, originRank(plan, emailId));
  // Listed without fields and more than are followed: which are the reporter's and participants'
  // is only known once read, so their companies wait for that (a round more, in this case only).
  const unranked =
    plausible.length > MAX_CONTACTS_WITH_COMPANIES && plausible.some((c) => c.fields === undefined);
  const early = unranked ? undefined : follow(plausible);
  const second = new Round(notes);
  const withFields = fieldsOnce(crm);
  const fieldsOfListed = (what: string, listed: Promise<Entity[]>) =>
    second.step(what, listed.then(withFields), []);
  const [contacts, siteCompanies, orgCompanies, writtenCompanies] = await Promise.all([
    second.step('contacts by email', withFields(plausible), []),
    fieldsOfListed('companies by website', listed.bySite),
    fieldsOfListed('companies by organisation', listed.byOrganization),
    fieldsOfListed('companies named in the text', listed.byWrittenName),
  ]);
  await second.done(false);

  const byContact = contactCandidates(contacts, plan, emailId, emails);
  const reads = early ?? follow([...byContact.matched.values()]);
  const candidates = [
    ...byContact.candidates,
    ...(siteId ? domainCandidates(siteCompanies, siteId, domains) : []),
    ...organizationCandidates(orgCompanies, templates.company, organizations),
    ...writtenNameCandidates(writtenCompanies, templates.company, written),
    ...(await companyOfContactCandidates(
      crm,
      templates,
      reads,
      byContact.matched,
      [...siteCompanies, ...orgCompanies, ...writtenCompanies],
      notes,
    )),
  ];
  return { candidates, notes };
}
