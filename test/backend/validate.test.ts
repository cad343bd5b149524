import { AppFailure } from '../../src/backend/errors';
import { INPUT_LIMITS, validators } from '../../src/backend/validate';
import { LIMITS, type FunctionKey } from '../../src/shared/contract';

function problems(key: FunctionKey, payload: unknown): Record<string, string> {
  try {
    (validators[key] as (p: unknown) => unknown)(payload);
  } catch (err) {
    expect(err).toBeInstanceOf(AppFailure);
    const f = err as AppFailure;
    expect(f.code).toBe('VALIDATION');
    expect(f.message).toMatch(/^Check the input/);
    return f.fieldErrors ?? {};
  }
  throw new Error(`${key} accepted ${JSON.stringify(payload)}`);
}

const ID = '57b0376d-75d5-46dc-9681-5ec215feb549';

describe('payload validation', () => {
  it('has a validator for every key the contract lists', () => {
    expect(Object.keys(validators).sort()).toEqual(
      [
        'panel/open',
        'context/summary',
        'links/refresh',
        'links/add',
        'links/remove',
        'entities/search',
        'entities/get',
        'entities/create',
        'entities/update',
        'comments/add',
        'comments/older',
        'relations/add',
        'relations/update',
        'relations/remove',
        'suggestions/list',
        'suggestions/dismiss',
        'suggestions/restore',
        'sales/open',
        'issues/linked',
        'admin/settings/get',
        'admin/credentials/save',
        'admin/credentials/remove',
        'admin/connection/test',
        'admin/policy/save',
        'admin/groups/find',
        'admin/autolink/save',
        'admin/projects/find',
        'gadget/customers',
      ].sort(),
    );
  });

  it.each([
    'panel/open',
    'context/summary',
    'links/refresh',
    'admin/settings/get',
    'admin/connection/test',
  ] as const)('%s takes no payload but tolerates {} and undefined; refuses a non-object', (key) => {
    expect(validators[key](undefined)).toEqual({});
    expect(validators[key]({})).toEqual({});
    expect(problems(key, 'x')).toEqual({ payload: 'must be an object' });
    expect(problems(key, [1])).toEqual({ payload: 'must be an object' });
  });

  describe.each(['links/add', 'links/remove', 'entities/get'] as const)('%s', (key) => {
    it('accepts an entity id and drops every other property (issue ids in the payload are ignored)', () => {
      expect(validators[key]({ entityId: ID, issueId: '10002', issueKey: 'SUP-2' })).toEqual({
        entityId: ID,
      });
    });
    it.each([
      [{}, 'is required'],
      [{ entityId: '' }, 'is required'],
      [{ entityId: 42 }, 'is required'],
      [
        { entityId: 'a'.repeat(INPUT_LIMITS.entityIdMax + 1) },
        `must be at most ${INPUT_LIMITS.entityIdMax} characters`,
      ],
      [{ entityId: '../../oauth/token' }, 'must be an Atlas CRM id (letters, digits, - and _)'],
      [{ entityId: 'a b' }, 'must be an Atlas CRM id (letters, digits, - and _)'],
    ])('refuses invalid payload #%#', (payload, message) => {
      expect(problems(key, payload)).toEqual({ entityId: message });
    });
  });

  describe('entities/search', () => {
    it('accepts a full search and trims text', () => {
      expect(
        validators['entities/search']({
          type: 'contact',
          text: '  emma ',
          filters: [
            { fieldId: 'contact-email', operator: 'contains', value: 'gmail' },
            { fieldId: 'x', value: 3 },
          ],
          sortBy: 'contact-name',
          pageSize: 50,
          cursor: 'abc',
          extra: 'ignored',
        }),
      ).toEqual({
        type: 'contact',
        text: 'emma',
        filters: [
          { fieldId: 'contact-email', operator: 'contains', value: 'gmail' },
          { fieldId: 'x', value: 3 },
        ],
        sortBy: 'contact-name',
        pageSize: 50,
        cursor: 'abc',
      });
    });
    it.each([
      [{ type: 'lead' }, { type: 'must be one of company, contact, sale' }],
      [{}, { type: 'must be one of company, contact, sale' }],
      [
        { type: 'sale', text: 'a' },
        { text: `must be ${LIMITS.searchTextMin} to ${LIMITS.searchTextMax} characters` },
      ],
      [
        { type: 'sale', text: '  a  ' },
        { text: `must be ${LIMITS.searchTextMin} to ${LIMITS.searchTextMax} characters` },
      ],
      [
        { type: 'sale', text: 'x'.repeat(201) },
        { text: `must be ${LIMITS.searchTextMin} to ${LIMITS.searchTextMax} characters` },
      ],
      [{ type: 'sale', text: 5 }, { text: 'must be text' }],
      [{ type: 'sale', pageSize: 0 }, { pageSize: 'must be a whole number from 1 to 100' }],
      [{ type: 'sale', pageSize: 101 }, { pageSize: 'must be a whole number from 1 to 100' }],
      [{ type: 'sale', pageSize: 2.5 }, { pageSize: 'must be a whole number from 1 to 100' }],
      [{ type: 'sale', pageSize: '20' }, { pageSize: 'must be a whole number from 1 to 100' }],
      [{ type: 'sale', sortBy: '' }, { sortBy: 'must be a field id' }],
      [{ type: 'sale', cursor: '' }, { cursor: 'is not a cursor this app issued' }],
      [
        { type: 'sale', cursor: 'x'.repeat(INPUT_LIMITS.cursorMax + 1) },
        { cursor: 'is not a cursor this app issued' },
      ],
      [{ type: 'sale', filters: 'sale-status=open' }, { filters: 'must be a list' }],
      [
        { type: 'sale', filters: Array.from({ length: 21 }, () => ({ fieldId: 'a', value: 'b' })) },
        { filters: 'must hold at most 20 filters' },
      ],
      [
        { type: 'sale', filters: [{ fieldId: 'sale-status', operator: 'like', value: 'open' }] },
        { 'sale-status': 'operator must be one of eq, contains, gte, lte' },
      ],
      [
        { type: 'sale', filters: [{ fieldId: 'sale-status', value: '' }] },
        { 'sale-status': 'value must be 1 to 500 characters' },
      ],
      [
        { type: 'sale', filters: [{ fieldId: 'sale-balance', value: Number.NaN }] },
        { 'sale-balance': 'value must be text or a number' },
      ],
      [
        { type: 'sale', filters: [{ fieldId: 'sale-balance', value: { gte: 5 } }] },
        { 'sale-balance': 'value must be text or a number' },
      ],
      [{ type: 'sale', filters: [{ value: 'x' }] }, { 'filters.0': 'needs a field id' }],
      [{ type: 'sale', filters: [null] }, { 'filters.0': 'must be an object' }],
    ])('refuses invalid payload #%#', (payload, expected) => {
      expect(problems('entities/search', payload)).toEqual(expected);
    });
  });

  describe('entities/create and entities/update', () => {
    it('accepts every value shape of the spec', () => {
      const fields = { 'a-name': 'Acme', 'a-balance': 12.5, 'a-tags': ['x', 'y'], 'a-note': null };
      expect(validators['entities/create']({ type: 'company', fields, linkToIssue: true })).toEqual(
        {
          type: 'company',
          fields,
          linkToIssue: true,
        },
      );
      expect(validators['entities/update']({ entityId: ID, fields })).toEqual({
        entityId: ID,
        fields,
      });
    });
    it.each([
      [
        { type: 'company', fields: {}, linkToIssue: 'yes' },
        { linkToIssue: 'must be true or false' },
      ],
      [
        { type: 'company', linkToIssue: false },
        { fields: 'must be an object of field ids and values' },
      ],
      [
        { type: 'company', fields: [], linkToIssue: false },
        { fields: 'must be an object of field ids and values' },
      ],
      [
        { type: 'company', fields: { a: { nested: 1 } }, linkToIssue: false },
        { a: 'must be text, a number, a list of option labels or null' },
      ],
      [
        { type: 'company', fields: { a: [1, 2] }, linkToIssue: false },
        { a: 'must be a list of option labels' },
      ],
      [
        { type: 'company', fields: { a: Infinity }, linkToIssue: false },
        { a: 'must be a finite number' },
      ],
      [
        { type: 'company', fields: { a: 'x'.repeat(10_001) }, linkToIssue: false },
        { a: 'must be at most 10000 characters' },
      ],
      [
        { type: 'person', fields: {}, linkToIssue: false },
        { type: 'must be one of company, contact, sale' },
      ],
    ])('create refuses invalid payload #%#', (payload, expected) => {
      expect(problems('entities/create', payload)).toEqual(expected);
    });
    it('refuses a __proto__ field id and too many fields', () => {
      expect(
        problems(
          'entities/create',
          JSON.parse('{"type":"company","linkToIssue":false,"fields":{"__proto__":"x"}}'),
        ),
      ).toEqual({
        fields: "has an invalid field id '__proto__'",
      });
      const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}`, 'v']));
      expect(
        problems('entities/create', { type: 'company', linkToIssue: false, fields: many }),
      ).toEqual({
        fields: 'must hold at most 200 fields',
      });
    });
    it('update needs an entity id and at least one field', () => {
      expect(problems('entities/update', { entityId: ID, fields: {} })).toEqual({
        fields: 'must name at least one field to change',
      });
      expect(problems('entities/update', { fields: { a: 'b' } })).toEqual({
        entityId: 'is required',
      });
    });
  });

  describe('comments/add', () => {
    it('trims the comment', () => {
      expect(validators['comments/add']({ entityId: ID, comment: '  Called them.\n ' })).toEqual({
        entityId: ID,
        comment: 'Called them.',
      });
    });
    it.each([
      [{ entityId: ID, comment: '   ' }, { comment: 'must not be empty' }],
      [{ entityId: ID }, { comment: 'must be text' }],
      [
        { entityId: ID, comment: 'x'.repeat(LIMITS.commentMax + 1) },
        { comment: `must be at most ${LIMITS.commentMax} characters` },
      ],
      [{ comment: 'hi' }, { entityId: 'is required' }],
    ])('refuses invalid payload #%#', (payload, expected) => {
      expect(problems('comments/add', payload)).toEqual(expected);
    });
  });

  describe('admin payloads', () => {
    it('credentials are trimmed; errors never echo the values', () => {
      expect(
        validators['admin/credentials/save']({
          clientId: ' id-1 ',
          clientSecret: 's3cret-value\n',
        }),
      ).toEqual({
        clientId: 'id-1',
        clientSecret: 's3cret-value',
      });
      const errs = problems('admin/credentials/save', {
        clientId: 'a b',
        clientSecret: 'super secret value',
      });
      expect(errs).toEqual({
        clientId: 'must not contain spaces or line breaks',
        clientSecret: 'must not contain spaces or line breaks',
      });
      expect(JSON.stringify(errs)).not.toContain('super');
      expect(problems('admin/credentials/save', {})).toEqual({
        clientId: 'is required',
        clientSecret: 'is required',
      });
      expect(
        problems('admin/credentials/save', { clientId: 'x'.repeat(201), clientSecret: 'y' }),
      ).toEqual({
        clientId: 'must be at most 200 characters',
      });
    });
    it('policy takes a de-duplicated list of groups (id and name)', () => {
      const g1 = { groupId: 'g1', name: 'support team' };
      const g2 = { groupId: 'g2', name: 'sales' };
      expect(validators['admin/policy/save']({ groups: [g1, g1, g2] })).toEqual({
        groups: [g1, g2],
      });
      expect(validators['admin/policy/save']({ groups: [] })).toEqual({ groups: [] });
      const bad = 'must be a list of Jira groups ({ groupId, name })';
      expect(problems('admin/policy/save', { groups: 'g1' })).toEqual({ groups: bad });
      expect(problems('admin/policy/save', { groups: [1] })).toEqual({ groups: bad });
      expect(problems('admin/policy/save', { groups: [{ groupId: 'g1' }] })).toEqual({
        groups: bad,
      });
      expect(problems('admin/policy/save', { groups: [{ groupId: 'g 1', name: 'x' }] })).toEqual({
        groups: bad,
      });
      expect(
        problems('admin/policy/save', {
          groups: Array.from({ length: 51 }, (_, i) => ({ groupId: `g${i}`, name: `g${i}` })),
        }),
      ).toEqual({ groups: 'must hold at most 50 groups' });
    });
    it('group search takes a short query', () => {
      expect(validators['admin/groups/find']({ query: ' sup ' })).toEqual({ query: 'sup' });
      expect(validators['admin/groups/find']({ query: '' })).toEqual({ query: '' });
      expect(problems('admin/groups/find', {})).toEqual({ query: 'must be text' });
      expect(problems('admin/groups/find', { query: 'x'.repeat(101) })).toEqual({
        query: 'must be at most 100 characters',
      });
    });
  });
});

describe('comments/older', () => {
  const cursor = (shown: number, before: string) =>
    `${shown}.${Buffer.from(before, 'utf8').toString('base64url')}`;
  const last = '2025-06-01T12:00:00.000Z 6b1f0c2e-2b7a-4a51-9d0b-1f2e3d4c5b6a';

  it('takes a record and a cursor the app gave out', () => {
    const payload = { entityId: ID, cursor: cursor(20, last) };
    expect(validators['comments/older'](payload)).toEqual(payload);
  });

  it.each([
    ['missing', undefined],
    ['not text', 20],
    ['not one of ours', 'abc'],
    ['past the log', cursor(51, last)],
    ['before the first page', cursor(0, last)],
    ['without a time', cursor(20, 'someone else')],
    ['not canonical', `${cursor(20, last)}A`],
  ])('refuses a cursor %s', (_why, value) => {
    expect(problems('comments/older', { entityId: ID, cursor: value })).toEqual({
      cursor: 'must be a cursor from a previous page',
    });
  });
});

describe('text that can not go into a URL, and field ids named like Object.prototype', () => {
  const LONE_HIGH = 'acme \uD83D';
  const LONE_LOW = '\uDE80 acme';
  const broken = 'contains a broken character (part of an emoji or symbol); type it again';

  it('refuses a lone surrogate in search text, filter values, filter field ids and group queries', () => {
    expect(problems('entities/search', { type: 'company', text: LONE_HIGH })).toEqual({
      text: broken,
    });
    expect(problems('entities/search', { type: 'company', text: LONE_LOW })).toEqual({
      text: broken,
    });
    expect(
      problems('entities/search', {
        type: 'company',
        filters: [{ fieldId: 'company-name', value: LONE_HIGH }],
      }),
    ).toEqual({ 'company-name': `value ${broken}` });
    expect(
      problems('entities/search', {
        type: 'company',
        filters: [{ fieldId: 'x\uD800', value: 'a' }],
      }),
    ).toEqual({ 'filters.0': 'needs a field id' });
    expect(problems('admin/groups/find', { query: LONE_LOW })).toEqual({ query: broken });
  });

  it('keeps whole surrogate pairs (emoji) in search text', () => {
    expect(validators['entities/search']({ type: 'company', text: 'rocket 🚀' })).toMatchObject({
      text: 'rocket 🚀',
    });
  });

  it('records a problem of a filter on __proto__ instead of dropping it', () => {
    const found = problems('entities/search', {
      type: 'company',
      filters: [{ fieldId: '__proto__', operator: 'like', value: 'x' }],
    });
    expect(Object.keys(found)).toEqual(['__proto__']);
  });
});

describe('broken characters (half of an emoji) in any text that reaches Atlas CRM or Jira', () => {
  const HALF = 'hi \ud800 there';
  const BROKEN = /broken character/;

  it('are refused in comments, field values and option labels', () => {
    expect(problems('comments/add', { entityId: ID, comment: HALF }).comment).toMatch(BROKEN);
    const update = problems('entities/update', { entityId: ID, fields: { 'company-name': HALF } });
    expect(Object.values(update).join(' ')).toMatch(BROKEN);
    const create = problems('entities/create', {
      type: 'company',
      fields: { 'company-name': 'Acme', 'company-tags': ['ok', HALF] },
    });
    expect(Object.values(create).join(' ')).toMatch(BROKEN);
  });

  it('are refused in credentials and groups, before asking Atlas CRM or Jira', () => {
    expect(
      problems('admin/credentials/save', { clientId: HALF, clientSecret: 's' }).clientId,
    ).toMatch(BROKEN);
    expect(
      problems('admin/policy/save', { groups: [{ groupId: 'g-1', name: `team ${HALF}` }] }).groups,
    ).toBeDefined();
  });

  it('whole emoji pass', () => {
    expect(
      (validators['comments/add'] as (p: unknown) => { comment: string })({
        entityId: ID,
        comment: 'thanks 😀',
      }).comment,
    ).toBe('thanks 😀');
  });
});

describe('gadget/customers', () => {
  const validate = validators['gadget/customers'];
  it('accepts a project or a JQL query, drops the query’s own order and fills in the default top', () => {
    expect(validate({ scope: { kind: 'project', projectKey: 'SUP' } })).toEqual({
      scope: { kind: 'project', projectKey: 'SUP' },
      top: 10,
    });
    expect(
      validate({ scope: { kind: 'jql', jql: 'project = SUP ORDER BY created DESC' }, top: 5 }),
    ).toEqual({ scope: { kind: 'jql', jql: 'project = SUP' }, top: 5 });
  });
  it.each([
    [{}, { scope: 'must be a project or a JQL query' }],
    [
      { scope: { kind: 'project', projectKey: 'sup; drop' } },
      { scope: 'must name a project by its key' },
    ],
    [{ scope: { kind: 'jql', jql: '' } }, { scope: 'must be a JQL query of 1 to 2000 characters' }],
    [
      { scope: { kind: 'jql', jql: 'x'.repeat(2001) } },
      { scope: 'must be a JQL query of 1 to 2000 characters' },
    ],
    [
      { scope: { kind: 'jql', jql: 'a\u0000b' } },
      { scope: 'must be a JQL query of 1 to 2000 characters' },
    ],
    [
      { scope: { kind: 'project', projectKey: 'SUP' }, top: 2.5 },
      { top: 'must be a whole number from 3 to 20' },
    ],
    [
      { scope: { kind: 'project', projectKey: 'SUP' }, top: 500 },
      { top: 'must be a whole number from 3 to 20' },
    ],
  ])('refuses invalid payload #%#', (payload, expected) => {
    expect(problems('gadget/customers', payload)).toEqual(expected);
  });
});
