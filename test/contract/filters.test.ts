// Contract: every field type with each of its operators, defaults, OR and AND, sorting, encoding.
// Each test filters on a run-unique marker in the name, so seeded data never interferes.

import {
  FIELD_OPERATORS,
  FilterError,
  CrmValidationError,
  validateFilters,
  type EntityType,
  type FieldFilter,
  type FieldValues,
  type Operator,
} from '../../src/crm';
import { DEMO_ACCOUNT_IDS, EMPLOYEES_FIELD_ID } from '../../sandbox/crm-simulator';
import { marker, startHarness, type Harness } from './harness';

let h: Harness;
const m = marker('flt');
const U1 = DEMO_ACCOUNT_IDS[0] as string;
const U2 = DEMO_ACCOUNT_IDS[1] as string;

// Fixture entities, keyed by a short label appended to the marker in their name.
const fixtures: Array<{ type: EntityType; label: string; fields: FieldValues }> = [
  {
    type: 'company',
    label: 'c1',
    fields: {
      'company-website': 'https://alpha.example',
      'company-description': 'We build rockets',
      'company-industry': 'Software',
      'company-tags': ['Partner', 'SMB'],
      'company-founded': '2001-01-01',
      'company-account-manager': U1,
      [EMPLOYEES_FIELD_ID]: 10,
    },
  },
  {
    type: 'company',
    label: 'c2',
    fields: {
      'company-website': 'https://beta.example',
      'company-description': 'Rocket fuel retail',
      'company-industry': 'Retail',
      'company-tags': ['Customer'],
      'company-founded': '2010-06-15',
      'company-account-manager': U2,
      [EMPLOYEES_FIELD_ID]: 250.5,
    },
  },
  {
    type: 'company',
    label: 'c3',
    fields: {
      'company-website': 'https://gamma.test',
      'company-description': 'Boats',
      'company-industry': 'Software',
      'company-tags': ['Partner', 'Customer'],
      'company-founded': '2020-12-31',
      [EMPLOYEES_FIELD_ID]: 5000,
    },
  },
  {
    type: 'contact',
    label: 'p1',
    fields: {
      'contact-email': 'ann@gmail.com',
      'contact-notes': 'Met at the fair',
      'contact-birthday': '1980-03-01',
      'contact-last-contacted': '2024-05-01T10:00:00Z',
    },
  },
  {
    type: 'contact',
    label: 'p2',
    fields: {
      'contact-email': 'bob@corp.example',
      'contact-notes': 'Prefers phone',
      'contact-birthday': '1990-07-20',
      'contact-last-contacted': '2024-05-02T08:30:00+02:00',
    },
  },
  {
    type: 'contact',
    label: 'p3',
    fields: { 'contact-email': 'cy@gmail.com', 'contact-last-contacted': '2024-06-01T00:00:00Z' },
  },
  {
    type: 'sale',
    label: 's1',
    fields: {
      'sale-status': 'open',
      'sale-balance': 100,
      'sale-opened-at': '2024-01-10',
      'sale-closed-at': '2024-02-01T12:00:00Z',
      'sale-owner': U1,
      'sale-products': ['Training'],
    },
  },
  {
    type: 'sale',
    label: 's2',
    fields: {
      'sale-status': 'won',
      'sale-balance': 500,
      'sale-opened-at': '2024-02-10',
      'sale-closed-at': '2024-03-01T12:00:00Z',
      'sale-owner': U2,
      'sale-products': ['Training', 'Onboarding'],
    },
  },
  {
    type: 'sale',
    label: 's3',
    fields: {
      'sale-status': 'lost',
      'sale-balance': 999.99,
      'sale-opened-at': '2024-03-10',
      'sale-owner': U1,
      'sale-products': ['Premium Support'],
    },
  },
  {
    type: 'sale',
    label: 's4',
    fields: {
      'sale-status': 'open',
      'sale-balance': 2500,
      'sale-opened-at': '2024-04-10',
      'sale-products': ['Onboarding'],
    },
  },
];

beforeAll(async () => {
  h = await startHarness();
  for (const f of fixtures) {
    await h.client.createEntity({
      type: f.type,
      fields: { [`${f.type}-name`]: `${m} ${f.label}`, ...f.fields },
    });
  }
});
afterAll(async () => {
  await h.sim.close();
});

/** Labels of our fixtures matching the filters (name contains the marker AND the filters). */
async function labels(
  type: EntityType,
  filters: FieldFilter[],
  sortBy?: string,
): Promise<string[]> {
  const all: FieldFilter[] = [
    { fieldId: `${type}-name`, operator: 'contains', value: m },
    ...filters,
  ];
  // The client's validator must accept what the server accepts; the raw filters are sent so
  // filters without an operator exercise the server's default.
  validateFilters(await h.client.getTemplate(type), all);
  const out: string[] = [];
  for await (const e of h.client.iterateEntities({
    type,
    filters: all,
    ...(sortBy ? { sortBy } : {}),
    size: 100,
  })) {
    out.push(String(e.fields?.[`${type}-name`]).slice(m.length + 1));
  }
  return sortBy ? out : out.sort();
}

const f = (fieldId: string, operator: Operator | undefined, value: string | number): FieldFilter =>
  operator === undefined ? { fieldId, value } : { fieldId, operator, value };

// [type, field type, filter, expected labels]
const cases: Array<[EntityType, string, FieldFilter, string[]]> = [
  // string: eq (exact, case-insensitive on the simulator), contains
  ['company', 'string', f('company-website', 'eq', 'https://beta.example'), ['c2']],
  ['company', 'string', f('company-website', 'contains', '.example'), ['c1', 'c2']],
  ['contact', 'string', f('contact-email', 'contains', 'gmail.com'), ['p1', 'p3']],
  ['contact', 'string', f('contact-email', undefined, 'bob@corp.example'), ['p2']],
  // text: contains (default)
  ['company', 'text', f('company-description', 'contains', 'rocket'), ['c1', 'c2']],
  ['contact', 'text', f('contact-notes', undefined, 'phone'), ['p2']],
  // date: eq (default), gte, lte
  ['company', 'date', f('company-founded', 'eq', '2010-06-15'), ['c2']],
  ['company', 'date', f('company-founded', undefined, '2001-01-01'), ['c1']],
  ['company', 'date', f('company-founded', 'gte', '2010-06-15'), ['c2', 'c3']],
  ['company', 'date', f('company-founded', 'lte', '2010-06-15'), ['c1', 'c2']],
  ['sale', 'date', f('sale-opened-at', 'gte', '2024-02-10'), ['s2', 's3', 's4']],
  ['contact', 'date', f('contact-birthday', 'lte', '1985-01-01'), ['p1']],
  // timestamp: eq, gte, lte (offsets compare as instants)
  ['contact', 'timestamp', f('contact-last-contacted', 'eq', '2024-05-01T10:00:00Z'), ['p1']],
  ['contact', 'timestamp', f('contact-last-contacted', 'eq', '2024-05-02T06:30:00Z'), ['p2']],
  [
    'contact',
    'timestamp',
    f('contact-last-contacted', 'gte', '2024-05-02T00:00:00Z'),
    ['p2', 'p3'],
  ],
  [
    'contact',
    'timestamp',
    f('contact-last-contacted', 'lte', '2024-05-02T06:30:00Z'),
    ['p1', 'p2'],
  ],
  ['sale', 'timestamp', f('sale-closed-at', 'lte', '2024-02-15T00:00:00Z'), ['s1']],
  ['sale', 'timestamp', f('sale-closed-at', undefined, '2024-03-01T12:00:00Z'), ['s2']],
  // decimal: eq (default), gte, lte; also the UUID custom field
  ['sale', 'decimal', f('sale-balance', 'eq', 500), ['s2']],
  ['sale', 'decimal', f('sale-balance', undefined, 999.99), ['s3']],
  ['sale', 'decimal', f('sale-balance', 'gte', 500), ['s2', 's3', 's4']],
  ['sale', 'decimal', f('sale-balance', 'lte', 999.99), ['s1', 's2', 's3']],
  ['company', 'decimal', f(EMPLOYEES_FIELD_ID, 'gte', 250.5), ['c2', 'c3']],
  ['company', 'decimal', f(EMPLOYEES_FIELD_ID, 'lte', '10'), ['c1']],
  // user: eq
  ['sale', 'user', f('sale-owner', 'eq', U1), ['s1', 's3']],
  ['company', 'user', f('company-account-manager', undefined, U2), ['c2']],
  // single-select: eq
  ['sale', 'single-select', f('sale-status', 'eq', 'open'), ['s1', 's4']],
  ['company', 'single-select', f('company-industry', undefined, 'Software'), ['c1', 'c3']],
  // multi-select: contains (default)
  ['sale', 'multi-select', f('sale-products', 'contains', 'Training'), ['s1', 's2']],
  ['company', 'multi-select', f('company-tags', undefined, 'Customer'), ['c2', 'c3']],
];

describe('every field type and operator', () => {
  it.each(cases)('%s %s %j', async (type, _ft, filter, expected) => {
    expect(await labels(type, [filter])).toEqual(expected);
  });

  it('the cases cover every allowed operator of every field type', () => {
    const covered = new Set(cases.map(([, ft, flt]) => `${ft}:${flt.operator ?? 'default'}`));
    for (const [ft, rule] of Object.entries(FIELD_OPERATORS)) {
      for (const op of rule.operators) expect(covered).toContain(`${ft}:${op}`);
      expect(covered).toContain(`${ft}:default`);
    }
  });
});

describe('combining filters', () => {
  it('same field+operator twice is OR', async () => {
    expect(
      await labels('sale', [
        f('sale-status', undefined, 'won'),
        f('sale-status', undefined, 'lost'),
      ]),
    ).toEqual(['s2', 's3']);
  });

  it('different filters are AND (the spec example: open sales of 500 or more)', async () => {
    expect(
      await labels('sale', [f('sale-balance', 'gte', 500), f('sale-status', undefined, 'open')]),
    ).toEqual(['s4']);
  });

  it('OR inside AND', async () => {
    expect(
      await labels('sale', [
        f('sale-status', 'eq', 'open'),
        f('sale-status', 'eq', 'won'),
        f('sale-balance', 'lte', 500),
      ]),
    ).toEqual(['s1', 's2']);
  });

  it('gte and lte on one field make a range', async () => {
    expect(
      await labels('sale', [
        f('sale-opened-at', 'gte', '2024-02-01'),
        f('sale-opened-at', 'lte', '2024-03-31'),
      ]),
    ).toEqual(['s2', 's3']);
  });
});

describe('sorting and encoding', () => {
  it('sort-by another field', async () => {
    expect(await labels('sale', [], 'sale-balance')).toEqual(['s1', 's2', 's3', 's4']);
  });

  it('default sort is by name', async () => {
    const out: string[] = [];
    for await (const e of h.client.iterateEntities({
      type: 'sale',
      filters: [f('sale-name', 'contains', m)],
    })) {
      out.push(String(e.fields?.['sale-name']));
    }
    expect(out).toEqual([...out].sort());
  });

  it('values with reserved URL characters round-trip', async () => {
    const odd = `${marker()} a&b=c+d #1 ?x=[y] % é`;
    const e = await h.client.createEntity({ type: 'contact', fields: { 'contact-name': odd } });
    const page = await h.client.listEntities({
      type: 'contact',
      filters: [f('contact-name', 'eq', odd)],
    });
    expect(page.items.map((x) => x.id)).toEqual([e.id]);
  });
});

describe('refused filters', () => {
  it('the client validator refuses what the spec forbids, before any request', async () => {
    const t = await h.client.getTemplate('sale');
    expect(() => validateFilters(t, [f('sale-status', 'contains', 'op')])).toThrow(FilterError);
    expect(() => validateFilters(t, [f('sale-balance', 'gte', 'many')])).toThrow(FilterError);
  });

  it('the server answers a forbidden operator with 400 -> CrmValidationError', async () => {
    const err = await h.client
      .listEntities({ type: 'sale', filters: [f('sale-name', 'gte', 'a')] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmValidationError);
    expect((err as Error).message).toMatch(/not allowed/);
  });

  it('unknown field and malformed date -> CrmValidationError', async () => {
    await expect(
      h.client.listEntities({ type: 'sale', filters: [f('sale-nope', 'eq', 'a')] }),
    ).rejects.toBeInstanceOf(CrmValidationError);
    await expect(
      h.client.listEntities({ type: 'sale', filters: [f('sale-opened-at', 'eq', '2024/01/01')] }),
    ).rejects.toBeInstanceOf(CrmValidationError);
  });
});
