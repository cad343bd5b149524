// The Atlas CRM side of suggestions, in as few rounds as the answers allow:
//   1. one parallel round of list requests, each ONE request with its values ORed (the same field
//      and operator): contacts by email, contacts by name, companies by website, companies by
//      name (customer organisations and the names written in the text);
//   2. the matched contacts' company links (the reporter's first), beside the fields of anything
//      listed without them;
//   3. only when links came without fields (lists may omit them): those companies' fields.
// When more contacts were listed without fields than are followed, their links wait for round 2
// (which tells who each is) and the rounds after it move one later.
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
import { isEntityId } from '../../../shared/ids';
import { describeForLog } from '../../redact';
import type { Templates } from '../../storage/template-cache';
import { personKey } from '../names';
import { entityName } from '../summaries';
import {
  companyReason,
  contactCandidates,
  domainCandidates,
  organizationCandidates,
  writtenNameCandidates,
  type Candidate,
} from './candidates';
import { canonicalEmail, domainSpellings } from './emails';
import {
  emailOf,
  listContactsByEmail,
  normaliseEmails,
  readCompaniesOf,
  withEntityFields,
} from './match';
import { MAX_COMPANY_TERMS, MAX_PERSON_TERMS } from './name-terms';
import { nameCandidates } from './people';
import type { SearchPlan } from './plan';
import { Round } from './round';
import { shortName } from './text';
import { WEIGHT } from './weights';

export type { Candidate } from './candidates';

/** Companies listed per request by website: a domain matches a few at most. */
const SITE_PAGE = 20;
/** Companies and contacts listed by name: partial matches, checked against the text after. */
const NAME_PAGE = 100;
const CONTACT_NAME_PAGE = 50;
/** Acronyms list many names that merely contain them ("Leon" for "EON"): a page of their own. */
const SHORT_PAGE = 50;
/** Domains asked per request, so the query string stays short. */
const MAX_DOMAINS = 10;
/** Contacts whose companies are read: the people on the request, not a mailing list. */
const MAX_CONTACTS_WITH_COMPANIES = 6;

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

async function list(
  crm: CrmClient,
  type: 'company' | 'contact',
  fieldId: string,
  values: readonly string[],
  size: number,
): Promise<Entity[]> {
  const page = await crm.listEntities({
    type,
    filters: values.map((value) => ({ fieldId, operator: 'contains' as const, value })),
    size,
  });
  return page.items.filter((item) => item.type === type && isEntityId(item.id));
}

interface Fields {
  emailId?: string;
  /** The contact name, searched with `contains`. */
  contactNameId?: string;
  siteId?: string;
  /** The company name, searched with `contains`. */
  companyNameId?: string;
}

function fieldsOf(templates: Templates): Fields {
  const emailId = fieldOfFormat(templates.contact, 'email')?.id;
  const siteId = fieldAllowing(
    templates.company,
    fieldOfFormat(templates.company, 'url')?.id,
    'contains',
  );
  const contactNameId = fieldAllowing(
    templates.contact,
    nameFieldId('contact', templates.contact),
    'contains',
  );
  const companyNameId = fieldAllowing(
    templates.company,
    nameFieldId('company', templates.company),
    'contains',
  );
  return {
    ...(emailId ? { emailId } : {}),
    ...(contactNameId ? { contactNameId } : {}),
    ...(siteId ? { siteId } : {}),
    ...(companyNameId ? { companyNameId } : {}),
  };
}

interface LinkRead {
  contactId: string;
  links: Promise<CompanyLinks | Error>;
}

/** How a contact was matched decides how much its companies weigh. */
function companyWeight(best: Candidate, of: number): number {
  const weight =
    best.source === 'reporter'
      ? best.byName
        ? WEIGHT.reporterByNameCompany
        : WEIGHT.reporterCompany
      : best.source === 'participant'
        ? WEIGHT.participantCompany
        : WEIGHT.writtenContactCompany;
  return of > 1 ? Math.min(weight, WEIGHT.oneOfSeveral) : weight;
}

/**
 * The companies of the contacts that really matched, with their fields: from the lists when they
 * found the same company, else read (round 3, only when links came without fields).
 */
async function companyOfContactCandidates(
  crm: CrmClient,
  templates: Templates,
  reads: readonly LinkRead[],
  matched: ReadonlyMap<string, Candidate>,
  known: readonly Entity[],
  notes: string[],
): Promise<Candidate[]> {
  // A company the lists already found with its fields is not read again.
  const full = new Map(known.filter((e) => e.fields !== undefined).map((e) => [e.id, e]));
  const viaContacts: { best: Candidate; entity: Entity; roles: string[]; of: number }[] = [];
  for (const read of reads) {
    const links = await read.links;
    const best = matched.get(read.contactId);
    // A contact that did not really match: its companies say nothing.
    if (!best) continue;
    if (links instanceof Error) {
      console.warn(`[atlas-crm] suggestions: companies failed: ${describeForLog(links)}`);
      const name = shortName(entityName(best.entity, templates.contact));
      notes.push(`Atlas CRM did not answer which companies ${name} is at, so those are missing.`);
      continue;
    }
    for (const link of links)
      viaContacts.push({
        best,
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
      shortName(entityName(item.best.entity, templates.contact)),
      item.roles.map(shortName),
      item.of,
    ),
    weight: companyWeight(item.best, item.of),
    via: { contactId: item.best.entity.id, of: item.of },
  }));
}

/** A listed contact's place: the people on the request first, by their address, then by name. */
function contactRank(
  plan: SearchPlan,
  fields: Fields,
  templates: Templates,
): (contact: Entity) => number {
  const ranks = new Map<string, number>();
  const order = ['reporter', 'participant', 'text'];
  for (const [email, origins] of plan.emails)
    ranks.set(
      canonicalEmail(email),
      Math.min(...origins.map((origin) => order.indexOf(origin.source))),
    );
  const people = new Map(plan.people.map((p) => [p.key, p.role === 'reporter' ? 0 : 1]));
  return (contact) => {
    const email = fields.emailId ? emailOf(contact, fields.emailId) : undefined;
    const byEmail = email === undefined ? undefined : ranks.get(canonicalEmail(email));
    if (byEmail !== undefined) return byEmail;
    if (contact.fields === undefined) return order.length;
    return people.get(personKey(entityName(contact, templates.contact))) ?? order.length;
  };
}

/** Starts reading the companies of the first contacts by rank; a failure is kept, not thrown. */
function readLinksOf(
  crm: CrmClient,
  contacts: readonly Entity[],
  rank: (contact: Entity) => number,
): LinkRead[] {
  // A stable sort: the CRM's order among contacts of the same rank.
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

/**
 * Fields of listed entities for one round, each entity read at most once: a company found both by
 * its website and by its name is one request, not two.
 */
function fieldsOnce(crm: CrmClient): (list: Entity[]) => Promise<Entity[]> {
  const reads = new Map<string, Promise<Entity | undefined>>();
  return async (listed) => {
    const fresh = listed.filter((entity) => entity.fields === undefined && !reads.has(entity.id));
    const batch = crm.withFields(fresh);
    for (const entity of fresh)
      reads.set(
        entity.id,
        batch.then((read) => read.find((item) => item.id === entity.id)),
      );
    const read = await Promise.all(
      listed.map((entity) =>
        entity.fields === undefined ? reads.get(entity.id) : Promise.resolve(entity),
      ),
    );
    return read.filter((entity): entity is Entity => entity !== undefined);
  };
}

const unique = (entities: readonly Entity[]) => [
  ...new Map(entities.map((entity) => [entity.id, entity])).values(),
];

export async function findCandidates(
  crm: CrmClient,
  templates: Templates,
  plan: SearchPlan,
): Promise<Found> {
  const notes: string[] = [];
  const fields = fieldsOf(templates);
  const { emailId, contactNameId, siteId, companyNameId } = fields;
  const emails = emailId ? normaliseEmails([...plan.emails.keys()]) : [];
  const domains = siteId ? [...plan.domains.keys()].slice(0, MAX_DOMAINS) : [];
  const personTerms = contactNameId ? plan.personTerms.slice(0, MAX_PERSON_TERMS) : [];
  const companyTerms = companyNameId
    ? plan.companyTerms.slice(0, MAX_COMPANY_TERMS).map((term) => term.value)
    : [];
  const shortTerms = companyNameId ? plan.shortTerms : [];
  if (!emailId && plan.emails.size > 0)
    notes.push("The contact template has no email field, so contacts can't be matched by email.");

  // Round 1: the independent lists side by side.
  const first = new Round(notes);
  const none = Promise.resolve<Entity[]>([]);
  // One `contains` list of a field per term, when the template has the field and there are terms.
  const ask = (
    label: string,
    type: 'company' | 'contact',
    fieldId: string | undefined,
    terms: readonly string[],
    size: number,
  ) =>
    fieldId && terms.length > 0
      ? first.step(label, list(crm, type, fieldId, terms, size), [])
      : none;
  const listed = {
    byEmail:
      emailId && emails.length > 0
        ? first.step('contacts by email', listContactsByEmail(crm, emailId, emails), [])
        : none,
    byName: ask('contacts by name', 'contact', contactNameId, personTerms, CONTACT_NAME_PAGE),
    // A website may be stored in either spelling of an international domain.
    bySite: ask(
      'companies by website',
      'company',
      siteId,
      domains.flatMap(domainSpellings),
      SITE_PAGE,
    ),
    // Organisations and written names, with or without their legal form (contains).
    byCompanyName: ask('companies by name', 'company', companyNameId, companyTerms, NAME_PAGE),
    byShortName: ask('companies by short name', 'company', companyNameId, shortTerms, SHORT_PAGE),
  };
  await first.done(true);

  // Round 2: the contacts' companies (a contact listed without fields is checked in this same
  // round, and its companies dropped if it does not match), and missing fields.
  const wantedEmails = new Set(emails.map(canonicalEmail));
  const wantedNames = new Set(personTerms.map(personKey));
  const plausible = unique([
    ...(await listed.byEmail).filter((contact) => {
      const email = emailId ? emailOf(contact, emailId) : undefined;
      return (
        contact.fields === undefined ||
        (email !== undefined && wantedEmails.has(canonicalEmail(email)))
      );
    }),
    ...(await listed.byName).filter(
      (contact) =>
        contact.fields === undefined ||
        wantedNames.has(personKey(entityName(contact, templates.contact))),
    ),
  ]);
  const rank = contactRank(plan, fields, templates);
  const follow = (contacts: readonly Entity[]) => readLinksOf(crm, contacts, rank);
  // Listed without fields and more than are followed: which are the people on the request is
  // only known once read, so their companies wait for that (a round more, in this case only).
  const unranked =
    plausible.length > MAX_CONTACTS_WITH_COMPANIES && plausible.some((c) => c.fields === undefined);
  const early = unranked ? undefined : follow(plausible);
  const second = new Round(notes);
  const withFields = fieldsOnce(crm);
  const fieldsOfListed = (what: string, entities: Promise<Entity[]>) =>
    second.step(what, entities.then(withFields), []);
  const [contacts, siteCompanies, namedCompanies] = await Promise.all([
    second.step('contacts', withFields(plausible), []),
    fieldsOfListed('companies by website', listed.bySite),
    fieldsOfListed(
      'companies by name',
      Promise.all([listed.byCompanyName, listed.byShortName]).then(([named, short]) =>
        unique([...named, ...short]),
      ),
    ),
  ]);
  await second.done(false);

  const byEmail = contactCandidates(contacts, plan, emailId, emails);
  const foundByEmail = new Set(
    [...byEmail.matched.values()].flatMap((c) => (emailId ? (emailOf(c, emailId) ?? []) : [])),
  );
  const byName = nameCandidates(contacts, templates.contact, plan, foundByEmail);
  // Each matched contact by its strongest evidence, which its companies inherit.
  const matched = new Map<string, Candidate>();
  for (const candidate of [...byEmail.candidates, ...byName]) {
    const known = matched.get(candidate.entity.id);
    if (!known || known.weight < candidate.weight) matched.set(candidate.entity.id, candidate);
  }
  const reads = early ?? follow([...matched.values()].map((c) => c.entity));
  const candidates = [
    ...byEmail.candidates,
    ...byName,
    ...(siteId ? domainCandidates(siteCompanies, siteId, plan.domains) : []),
    ...organizationCandidates(namedCompanies, templates.company, plan.organizations),
    ...writtenNameCandidates(namedCompanies, templates.company, plan),
    ...(await companyOfContactCandidates(
      crm,
      templates,
      reads,
      matched,
      [...siteCompanies, ...namedCompanies],
      notes,
    )),
  ];
  return { candidates, notes };
}
