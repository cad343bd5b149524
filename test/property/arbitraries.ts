// Malformed payloads for every function key: each generator yields only input the key must refuse
// with VALIDATION before any request. Hostile shapes ride along as extra keys everywhere.
import fc from 'fast-check';
import { OPERATORS } from '../../src/crm';
import type { FunctionKey } from '../../src/shared/contract';

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Keys that must never matter: prototype pollution, and fields naming another issue or user. */
export const junk: fc.Arbitrary<Record<string, unknown>> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom(...PROTO_KEYS, 'issueId', 'issue', 'accountId'), fc.string()),
      fc.jsonValue({ maxDepth: 2 }),
    ),
    { maxLength: 4 },
  )
  // JSON.parse makes `__proto__` an own key, as the platform's JSON round trip does.
  .map((entries) => ({
    ...(JSON.parse('{"__proto__": {"polluted": true}}') as Record<string, unknown>),
    ...(JSON.parse(JSON.stringify(Object.fromEntries(entries))) as Record<string, unknown>),
  }));

const deep: fc.Arbitrary<unknown> = fc.integer({ min: 1, max: 400 }).map((depth) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
});

const huge = fc.integer({ min: 10_001, max: 300_000 }).map((n) => 'x'.repeat(n));
const unicode = fc.string({ unit: 'binary', maxLength: 40 });

/** Any value that is not text. */
export const notString: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { minLength: 1, maxLength: 3 }),
  fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }),
  deep,
);

/**
 * Payloads that are not an object at all. Falsy ones (false, 0, '', null) are left out: Forge's
 * resolver runtime hands them to the function as `{}`, i.e. "no payload".
 */
export const notObject: fc.Arbitrary<unknown> = fc
  .oneof(
    fc.string(),
    unicode,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
    deep.map((d) => [d]),
    huge,
  )
  .filter((v) => Boolean(v));

const badEntityId = fc.oneof(
  notString,
  fc.constant(''),
  fc.integer({ min: 101, max: 5000 }).map((n) => 'a'.repeat(n)),
  fc
    .tuple(
      fc.string({ maxLength: 10 }),
      fc.constantFrom('/', '.', ' ', '?', '#', '%', 'é', '\u0000', '<', '😀', '..'),
      fc.string({ maxLength: 10 }),
    )
    .map(([a, b, c]) => `${a}${b}${c}`),
  unicode.filter((s) => !/^[A-Za-z0-9_-]+$/.test(s)),
);
const blankish = fc.constantFrom('', ' ', '\n', '\t  ');
const badText = fc.oneof(
  notString,
  fc.constantFrom('', ' ', 'a', ' b ', '\u00a0x\u00a0'),
  fc.integer({ min: 201, max: 2000 }).map((n) => 'y'.repeat(n)),
);
const badType = fc.oneof(
  notString,
  fc.string().filter((s) => !['company', 'contact', 'sale'].includes(s)),
);
const notBoolean = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.boolean(), { maxLength: 2 }),
);
const notRecord = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.boolean(),
);
const badCredential = fc.oneof(
  notString,
  blankish,
  fc.constant('has space'),
  fc.constant('line\nbreak'),
  fc.integer({ min: 501, max: 3000 }).map((n) => 'k'.repeat(n)),
);

/** A valid payload with exactly one field made invalid, plus junk keys. */
function breakOne(base: Record<string, unknown>, bad: Record<string, fc.Arbitrary<unknown>>) {
  return fc
    .tuple(junk, fc.constantFrom(...Object.keys(bad)))
    .chain(([j, field]) =>
      (bad[field] as fc.Arbitrary<unknown>).map((value) => ({ ...j, ...base, [field]: value })),
    );
}

const ENTITY = { entityId: 'abc-1' };

const objectCases: Partial<Record<FunctionKey, fc.Arbitrary<unknown>>> = {
  'links/add': breakOne(ENTITY, { entityId: badEntityId }),
  'links/remove': breakOne(ENTITY, { entityId: badEntityId }),
  'entities/get': breakOne(ENTITY, { entityId: badEntityId }),
  'entities/search': breakOne(
    { type: 'company', text: 'nord' },
    {
      type: badType,
      text: badText,
      pageSize: fc.oneof(
        fc.constantFrom(0, -1, 101, 1.5, 1e9),
        notString.filter((v) => typeof v !== 'number'),
      ),
      cursor: fc.oneof(
        notString,
        fc.constant(''),
        fc.integer({ min: 4001, max: 9000 }).map((n) => 'c'.repeat(n)),
      ),
      filters: fc.oneof(
        notRecord.filter((v) => !Array.isArray(v)),
        fc.array(fc.oneof(fc.string(), fc.integer(), fc.constant(null)), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.constant(Array.from({ length: 21 }, () => ({ fieldId: 'company-name', value: 'x' }))),
        fc
          .record({
            fieldId: fc.constant('company-name'),
            value: fc.oneof(fc.constant(''), fc.boolean(), fc.constant(null)),
          })
          .map((f) => [f]),
        fc.record({ fieldId: notString, value: fc.constant('x') }).map((f) => [f]),
        fc
          .record({
            fieldId: fc.constant('company-name'),
            operator: fc.string().filter((s) => !(OPERATORS as readonly string[]).includes(s)),
            value: fc.constant('x'),
          })
          .map((f) => [f]),
      ),
    },
  ),
  'entities/create': breakOne(
    { type: 'company', fields: { 'company-name': 'Acme' }, linkToIssue: false },
    { type: badType, fields: notRecord, linkToIssue: notBoolean },
  ),
  'entities/update': breakOne(
    { entityId: 'abc-1', fields: { 'company-name': 'Acme' } },
    { entityId: badEntityId, fields: fc.oneof(notRecord, fc.constant({})) },
  ),
  'comments/add': breakOne(
    { entityId: 'abc-1', comment: 'Called back.' },
    {
      entityId: badEntityId,
      comment: fc.oneof(
        notString,
        blankish,
        fc.integer({ min: 10_001, max: 20_000 }).map((n) => 'z'.repeat(n)),
      ),
    },
  ),
  'admin/credentials/save': breakOne(
    { clientId: 'client-id', clientSecret: 'client-secret' },
    { clientId: badCredential, clientSecret: badCredential },
  ),
  'admin/policy/save': breakOne(
    { groups: [{ groupId: 'g1', name: 'g1' }] },
    {
      groups: fc.oneof(
        notRecord.filter((v) => !Array.isArray(v)),
        fc.array(
          fc.oneof(
            fc.integer(),
            fc.constant(null),
            blankish,
            fc.record({ groupId: fc.constant('a b'), name: fc.constant('x') }),
            fc.record({ groupId: fc.constant('g1'), name: fc.oneof(notString, blankish) }),
          ),
          { minLength: 1, maxLength: 3 },
        ),
        fc.constant(Array.from({ length: 51 }, (_, i) => ({ groupId: `g${i}`, name: `g${i}` }))),
      ),
    },
  ),
  'admin/groups/find': breakOne(
    { query: 'sup' },
    {
      query: fc.oneof(
        notString,
        fc.integer({ min: 101, max: 1000 }).map((n) => 'q'.repeat(n)),
      ),
    },
  ),
};

/** Input `key` must refuse: never an object for keys without a payload. */
export function invalidPayload(key: FunctionKey): fc.Arbitrary<unknown> {
  const own = objectCases[key];
  return own
    ? fc.oneof({ arbitrary: notObject, weight: 1 }, { arbitrary: own, weight: 3 })
    : notObject;
}

export const RUNS = Math.max(2000, Number(process.env.FC_RUNS ?? 0));
