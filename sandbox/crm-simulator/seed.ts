// Deterministic demo data (seeded PRNG): realistic companies, contacts and sales, linked together.
import type { FieldValues } from '../../src/crm/types';
import { DEMO_USERS } from '../forge-host/demo';
import { createRng, intBetween, pick, type Rng, uuidFrom } from '../shared/prng';
import type { PersistedState, StoredEntity } from './store';
import {
  COMPANY_TAGS,
  CONTACT_CUSTOM_FIELD_ID,
  EMPLOYEES_FIELD_ID,
  INDUSTRIES,
  PRODUCTS,
} from './templates';

export type Dataset = 'demo' | 'large' | 'empty';

export interface SeedCounts {
  companies: number;
  contacts: number;
  sales: number;
}

export const DEMO_COUNTS: SeedCounts = { companies: 60, contacts: 240, sales: 120 };

/** Large datasets keep the demo's proportions: 20% companies, 60% contacts, 20% sales. */
export function largeCounts(total: number): SeedCounts {
  const companies = Math.max(1, Math.floor(total * 0.2));
  const sales = Math.floor(total * 0.2);
  return { companies, sales, contacts: Math.max(0, total - companies - sales) };
}

/** Account ids of the sandbox Jira's users: account managers and owners are people it knows. */
export const DEMO_ACCOUNT_IDS: readonly string[] = Object.values(DEMO_USERS).map(
  (user) => user.accountId,
);

const PREFIXES = [
  'Nord',
  'Blue',
  'Silver',
  'Green',
  'Polar',
  'Rapid',
  'Bright',
  'Iron',
  'Oak',
  'River',
  'Summit',
  'Harbor',
  'Atlas',
  'Vertex',
  'Lumen',
  'Cedar',
  'Falcon',
  'Orbit',
  'Delta',
  'Zenith',
];
const CORES = [
  'wind',
  'stone',
  'field',
  'bridge',
  'point',
  'wave',
  'works',
  'gate',
  'light',
  'peak',
  'line',
  'forge',
  'core',
  'path',
  'grid',
];
const KINDS = [
  'Logistics',
  'Software',
  'Foods',
  'Systems',
  'Health',
  'Energy',
  'Consulting',
  'Labs',
  'Retail',
  'Finance',
  'Robotics',
  'Media',
];
/** The template's industry of each kind of company in the names: Nordbridge Logistics is Logistics. */
const INDUSTRY_OF_KIND: Record<string, string> = {
  Logistics: 'Logistics',
  Software: 'Software',
  Foods: 'Manufacturing',
  Systems: 'Software',
  Health: 'Healthcare',
  Energy: 'Energy',
  Consulting: 'Consulting',
  Labs: 'Healthcare',
  Retail: 'Retail',
  Finance: 'Finance',
  Robotics: 'Manufacturing',
  Media: 'Media',
};
const LEGAL = ['BV', 'GmbH', 'Ltd', 'Inc.', 'AG', 'NV', 'LLC', 'Oy', 'AB', 'SAS'];
const FIRST = [
  'Emma',
  'Liam',
  'Sophie',
  'Noah',
  'Julia',
  'Lucas',
  'Anna',
  'Daan',
  'Mila',
  'Sem',
  'Eva',
  'Finn',
  'Sara',
  'Jan',
  'Lotte',
  'Tom',
  'Maria',
  'Ahmed',
  'Yara',
  'Pieter',
  'Chloé',
  'Mateo',
  'Ingrid',
  'Olivier',
  'Hana',
  'Kenji',
  'Priya',
  'Erik',
  'Fatima',
  'Jonas',
];
const LAST = [
  'de Vries',
  'Jansen',
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'Müller',
  'Schmidt',
  'Dubois',
  'Rossi',
  'García',
  'Nowak',
  'Johansson',
  'Smith',
  'Brown',
  'Wilson',
  'Tanaka',
  'Patel',
  'Khan',
  'Andersen',
  'Hoekstra',
  'Peeters',
  "O'Brien",
  'Kowalski',
  'Novak',
];
const TITLES = [
  'CEO',
  'CTO',
  'CFO',
  'Head of Sales',
  'Procurement Manager',
  'IT Manager',
  'Office Manager',
  'Product Owner',
  'Developer',
  'Account Executive',
  'Operations Lead',
  'Marketing Director',
];
const TLDS = ['com', 'nl', 'de', 'io', 'eu', 'co.uk'];
const NOTES = [
  'Met at the trade fair in Utrecht.',
  'Prefers e-mail over phone calls.',
  'Interested in the Data Center edition.\nFollow up after Q3 budget round.',
  'Asked for a reference customer in the same industry.',
  'Renewal is handled by procurement.',
  'Very responsive; decision expected soon.',
];
const CONTACT_ROLES = ['Decision maker', 'Billing contact', 'Technical contact'];
const SALE_CONTACT_ROLES = ['Decision maker', 'Champion', 'Stakeholder'];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const slugCache = new Map<string, string>();
/** Lowercase ASCII letters and digits only ("Müller" -> "muller"); cached, names repeat a lot. */
function slug(s: string): string {
  let v = slugCache.get(s);
  if (v === undefined) {
    v = s
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z0-9]+/g, '');
    slugCache.set(s, v);
  }
  return v;
}

function dateBetween(rng: Rng, fromYear: number, toYear: number): string {
  const start = Date.UTC(fromYear, 0, 1);
  const end = Date.UTC(toYear, 11, 31);
  return new Date(start + Math.floor(rng() * (end - start))).toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

function timestampOn(rng: Rng, date: string): string {
  return `${date}T${pad(intBetween(rng, 7, 18))}:${pad(intBetween(rng, 0, 59))}:${pad(intBetween(rng, 0, 59))}Z`;
}

function some<T>(rng: Rng, items: readonly T[], max: number): T[] {
  const n = intBetween(rng, 0, max);
  const out = new Set<T>();
  for (let i = 0; i < n; i++) out.add(pick(rng, items));
  return [...out];
}

/** Builds the whole workspace; same counts and seed give byte-identical data. */
export function generateState(counts: SeedCounts, seed = 20240601): PersistedState {
  const rng = createRng(seed);
  const idRng = createRng(seed ^ 0x9e3779b9);
  const entities: StoredEntity[] = [];
  const links: [string, string, string[]][] = [];
  const usedNames = new Set<string>();

  const companies: { id: string; name: string; domain: string; contacts: string[] }[] = [];
  for (let i = 0; i < counts.companies; i++) {
    const prefix = pick(rng, PREFIXES);
    const core = pick(rng, CORES);
    const kind = pick(rng, KINDS);
    let name = `${prefix}${core} ${kind} ${pick(rng, LEGAL)}`;
    if (usedNames.has(name)) name = `${name} ${i}`;
    usedNames.add(name);
    const domain = `${slug(name.split(' ').slice(0, 2).join(''))}${i >= 1000 ? i : ''}.${pick(rng, TLDS)}`;
    const id = uuidFrom(idRng);
    const fields: FieldValues = {
      'company-name': name,
      'company-website': `https://www.${domain}`,
    };
    // The industry follows the name; the draw stays so the rest of the data is unchanged.
    if (rng() < 0.9) {
      pick(rng, INDUSTRIES);
      fields['company-industry'] = INDUSTRY_OF_KIND[kind] ?? 'Software';
    }
    const tags = some(rng, COMPANY_TAGS, 3);
    if (tags.length > 0) fields['company-tags'] = tags;
    if (rng() < 0.7) {
      pick(rng, KINDS); // a draw kept so the records after it stay the same
      fields['company-description'] =
        `${name} is a ${kind.toLowerCase()} company.\n${pick(rng, NOTES)}`;
    }
    if (rng() < 0.8) fields['company-founded'] = dateBetween(rng, 1950, 2021);
    if (rng() < 0.85) fields['company-account-manager'] = pick(rng, DEMO_ACCOUNT_IDS);
    if (rng() < 0.9) fields[EMPLOYEES_FIELD_ID] = intBetween(rng, 3, 25_000);
    entities.push({ id, type: 'company', fields });
    companies.push({ id, name, domain, contacts: [] });
  }

  for (let i = 0; i < counts.contacts; i++) {
    const first = pick(rng, FIRST);
    const last = pick(rng, LAST);
    const company =
      companies.length > 0 ? companies[intBetween(rng, 0, companies.length - 1)] : undefined;
    const id = uuidFrom(idRng);
    const fields: FieldValues = { 'contact-name': `${first} ${last}` };
    const domain = company?.domain ?? 'example.com';
    if (rng() < 0.95)
      fields['contact-email'] = `${slug(first)}.${slug(last)}${i >= 200 ? i : ''}@${domain}`;
    if (rng() < 0.8)
      fields['contact-phone'] =
        rng() < 0.5
          ? `+31 6 ${intBetween(rng, 1000, 9999)} ${intBetween(rng, 1000, 9999)}`
          : `+49 30 ${intBetween(rng, 100, 999)} ${intBetween(rng, 1000, 9999)}`;
    if (rng() < 0.85) fields['contact-job-title'] = pick(rng, TITLES);
    if (rng() < 0.4) fields['contact-notes'] = pick(rng, NOTES);
    if (rng() < 0.5) fields['contact-birthday'] = dateBetween(rng, 1960, 2000);
    if (rng() < 0.75)
      fields['contact-last-contacted'] = timestampOn(rng, dateBetween(rng, 2024, 2025));
    if (rng() < 0.3) fields[CONTACT_CUSTOM_FIELD_ID] = `CUST-${intBetween(rng, 10000, 99999)}`;
    entities.push({ id, type: 'contact', fields });
    if (company) {
      const roles = ['Employee', ...some(rng, CONTACT_ROLES, 2)];
      links.push([company.id, id, roles]);
      company.contacts.push(id);
    }
  }

  for (let i = 0; i < counts.sales; i++) {
    const company =
      companies.length > 0 ? companies[intBetween(rng, 0, companies.length - 1)] : undefined;
    const product = pick(rng, PRODUCTS);
    const id = uuidFrom(idRng);
    const opened = dateBetween(rng, 2023, 2025);
    const status = rng() < 0.5 ? 'open' : rng() < 0.6 ? 'won' : 'lost';
    const fields: FieldValues = {
      'sale-name': `${product} for ${company?.name ?? 'Unknown'}${i >= 100 ? ` #${i}` : ''}`,
      'sale-status': status,
      'sale-opened-at': opened,
    };
    if (rng() < 0.92) fields['sale-balance'] = Math.round(rng() * 150_000_00) / 100;
    if (rng() < 0.8) fields['sale-expected-close'] = addDays(opened, intBetween(rng, 14, 180));
    if (status !== 'open')
      fields['sale-closed-at'] = timestampOn(rng, addDays(opened, intBetween(rng, 7, 200)));
    if (rng() < 0.85) fields['sale-owner'] = pick(rng, DEMO_ACCOUNT_IDS);
    const products = [...new Set([product, ...some(rng, PRODUCTS, 2)])];
    fields['sale-products'] = products;
    if (rng() < 0.4) fields['sale-notes'] = pick(rng, NOTES);
    entities.push({ id, type: 'sale', fields });
    if (company) {
      links.push([company.id, id, ['Customer']]);
      const n = Math.min(company.contacts.length, intBetween(rng, 1, 2));
      for (let k = 0; k < n; k++) {
        const contact = company.contacts[k];
        if (contact)
          links.push([id, contact, [SALE_CONTACT_ROLES[k % SALE_CONTACT_ROLES.length] as string]]);
      }
    }
  }
  return { version: 1, entities, links, issues: {}, comments: {} };
}

export function datasetState(dataset: Dataset, largeCount = 100_000): PersistedState {
  if (dataset === 'empty') return { version: 1, entities: [], links: [], issues: {}, comments: {} };
  return generateState(dataset === 'large' ? largeCounts(largeCount) : DEMO_COUNTS);
}
