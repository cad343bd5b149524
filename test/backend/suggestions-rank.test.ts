// From candidates to suggestions: weighed, merged per record, what the ticket is about first,
// names in passing left out, a shorter name inside a longer one and a contact's other companies
// dropped; and contacts found by name only when the name is one contact's.
import type { Entity, EntityType, Template } from '../../src/crm';
import type { Candidate } from '../../src/backend/services/suggestions/candidates';
import { nameCandidates } from '../../src/backend/services/suggestions/people';
import { planSearch } from '../../src/backend/services/suggestions/plan';
import { rankCandidates } from '../../src/backend/services/suggestions/rank';
import { WEIGHT } from '../../src/backend/services/suggestions/weights';
import type { Templates } from '../../src/backend/storage/template-cache';
import { loadDomainLibrary } from '../../src/backend/services/suggestions/emails';

// The matching libraries are loaded by the calls that use them, before they do (chunks of their own).
beforeAll(loadDomainLibrary);

const template = (type: EntityType): Template => ({
  sections: [
    {
      name: 'General',
      fields: [{ id: `${type}-name`, label: 'Name', type: 'string', required: true }],
    },
  ],
});
const TEMPLATES: Templates = {
  company: template('company'),
  contact: template('contact'),
  sale: template('sale'),
};
const record = (id: string, type: 'company' | 'contact', name: string): Entity => ({
  id,
  type,
  fields: { [`${type}-name`]: name },
  _links: {},
});
const acme = record('co-1', 'company', 'Acme Ltd');
const beta = record('co-2', 'company', 'Beta GmbH');
const emma = record('c-1', 'contact', 'Emma Meijer');

const mention = (start: number, end: number) => ({
  where: 'description' as const,
  signature: false,
  passing: false,
  start,
  end,
});
const ids = (candidates: Candidate[], hidden: string[] = []) =>
  rankCandidates(candidates, TEMPLATES, new Set(hidden)).map((s) => s.entity.id);

describe('ranking', () => {
  it('orders by weight, merges a record reasons and leaves out what stays below the threshold', () => {
    const suggestions = rankCandidates(
      [
        {
          entity: acme,
          source: 'text',
          reason: 'Acme is named',
          weight: WEIGHT.namedInDescription,
        },
        { entity: emma, source: 'reporter', reason: 'The reporter', weight: WEIGHT.reporter },
        { entity: acme, source: 'domain', reason: 'acme.com', weight: WEIGHT.reporterDomain },
        { entity: beta, source: 'text', reason: 'Beta in passing', weight: WEIGHT.inPassing },
      ],
      TEMPLATES,
      new Set(),
    );
    expect(suggestions.map((s) => [s.entity.id, s.source, s.reason])).toEqual([
      ['c-1', 'reporter', 'The reporter'],
      ['co-1', 'domain', 'acme.com; Acme is named'],
    ]);
  });

  it('never suggests a hidden record', () => {
    const candidates: Candidate[] = [
      { entity: emma, source: 'reporter', reason: 'r', weight: WEIGHT.reporter },
    ];
    expect(ids(candidates, ['c-1'])).toEqual([]);
  });

  it('drops a shorter name written inside a longer one', () => {
    const long = record('co-3', 'company', 'Summit Dental Partners LLC');
    const short = record('co-4', 'company', 'Summit Dental Ltd');
    const written = (key: string, start: number, end: number) => ({
      mention: mention(start, end),
      key,
      form: 'none' as const,
    });
    expect(
      ids([
        {
          entity: short,
          source: 'text',
          reason: 'short',
          weight: WEIGHT.namedInDescription,
          direct: true,
          written: written('summit dental', 0, 13),
        },
        {
          entity: long,
          source: 'text',
          reason: 'long',
          weight: WEIGHT.namedInDescription,
          direct: true,
          written: written('summit dental partners', 0, 22),
        },
      ]),
    ).toEqual(['co-3']);
  });

  it('takes the company whose legal form is written over one of the same name', () => {
    const uk = record('co-5', 'company', 'Helix Bio Ltd');
    const us = record('co-6', 'company', 'Helix Bio Inc.');
    const written = (form: 'same' | 'other') => ({
      mention: mention(0, 13),
      key: 'helix bio',
      form,
    });
    const weight = WEIGHT.namedInDescription;
    expect(
      ids([
        {
          entity: us,
          source: 'text',
          reason: 'us',
          weight,
          direct: true,
          written: written('other'),
        },
        {
          entity: uk,
          source: 'text',
          reason: 'uk',
          weight,
          direct: true,
          written: written('same'),
        },
      ]),
    ).toEqual(['co-5']);
  });

  it("drops a contact's other company when the ticket names one of them", () => {
    const via = { contactId: 'c-1', of: 2 };
    const weight = WEIGHT.oneOfSeveral;
    const base = [
      { entity: acme, source: 'reporter-company' as const, reason: 'one of', weight, via },
      { entity: beta, source: 'reporter-company' as const, reason: 'one of', weight, via },
    ];
    expect(ids(base).sort()).toEqual(['co-1', 'co-2']);
    const named: Candidate = {
      entity: beta,
      source: 'text',
      reason: 'Beta is named',
      weight: WEIGHT.namedInSummary,
      direct: true,
    };
    expect(ids([...base, named])).toEqual(['co-2']);
  });
});

describe('contacts found by name', () => {
  const plan = (reporter: { name: string; email?: string }, description = '') =>
    planSearch({
      reporter,
      participants: [],
      organizations: [],
      written: [],
      texts: [{ where: 'description', text: description }],
    });

  it('finds the reporter whose email Jira hides by the one contact of that name', () => {
    const [candidate] = nameCandidates(
      [emma],
      TEMPLATES.contact,
      plan({ name: 'Emma Meijer' }),
      new Set(),
    );
    expect(candidate).toMatchObject({
      source: 'reporter',
      byName: true,
      reason: "The reporter, Emma Meijer, has this contact's name (Jira hides their email address)",
    });
  });

  it('names nobody when two contacts share the name, or the address found the contact', () => {
    const twin = record('c-2', 'contact', 'Emma Meijer');
    expect(
      nameCandidates([emma, twin], TEMPLATES.contact, plan({ name: 'Emma Meijer' }), new Set()),
    ).toEqual([]);
    const reporter = { name: 'Emma Meijer', email: 'emma@acme.com' };
    expect(
      nameCandidates([emma], TEMPLATES.contact, plan(reporter), new Set(['emma@acme.com'])),
    ).toEqual([]);
  });

  it('finds a person named in the text, with or without accents', () => {
    const chloe = record('c-3', 'contact', 'Chloé Wilson');
    const found = nameCandidates(
      [chloe],
      TEMPLATES.contact,
      plan({ name: 'Ada Okoro' }, 'Please call back Chloe Wilson today.'),
      new Set(),
    );
    expect(found.map((c) => [c.entity.id, c.source, c.reason])).toEqual([
      ['c-3', 'text', 'Chloe Wilson is named in the description'],
    ]);
  });
});
