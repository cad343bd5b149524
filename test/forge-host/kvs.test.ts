// The stand-in KVS driven through the REAL @forge/kvs client, so the wire contract it emulates is
// the one the pinned package speaks (see sandbox/forge-host/kvs/index.ts).
import path from 'node:path';
import {
  Filter,
  FilterConditions,
  ForgeKvsAPIError,
  MetadataField,
  Sort,
  WhereConditions,
  kvs,
} from '@forge/kvs';
import { ForgeHost, InMemoryKvs } from '../../sandbox/forge-host';
import {
  entitiesFromManifest,
  parseEntityDeclarations,
  type KvsSnapshotV1,
} from '../../sandbox/forge-host/kvs';

const repoRoot = path.resolve(__dirname, '..', '..');
let now = Date.UTC(2025, 5, 1, 12, 0, 0);
// A test entity with indexes of both forms, declared as in manifest.yml.
const staffEntity = parseEntityDeclarations({
  app: {
    storage: {
      entities: [
        {
          name: 'staff',
          attributes: {
            name: { type: 'string' },
            age: { type: 'integer' },
            dept: { type: 'string' },
            active: { type: 'boolean' },
          },
          indexes: [
            'age',
            { name: 'by-dept', partition: ['dept'], range: ['age'] },
            { name: 'by-name', range: ['name'] },
          ],
        },
      ],
    },
  },
});
// The entities of the app's own manifest.yml (issue-links: rev, writer, record, outbox), and staff.
const store = new InMemoryKvs({
  now: () => now,
  entities: [...entitiesFromManifest(repoRoot), ...staffEntity],
});
const host = new ForgeHost({ kvs: store });

beforeAll(() => host.install());
afterAll(() => host.uninstall());
beforeEach(() => {
  store.clear();
  store.resetCounts();
});

describe('values', () => {
  it('set, get and delete round-trip JSON values', async () => {
    await kvs.set('settings:baseUrl', { url: 'https://crm.example', n: 3, tags: ['a'] });
    expect(await kvs.get('settings:baseUrl')).toEqual({
      url: 'https://crm.example',
      n: 3,
      tags: ['a'],
    });
    await kvs.set('settings:baseUrl', 'replaced');
    expect(await kvs.get('settings:baseUrl')).toBe('replaced');
    await kvs.delete('settings:baseUrl');
    expect(await kvs.get('settings:baseUrl')).toBeUndefined();
  });

  it('reads a missing key as undefined and deletes it without error', async () => {
    expect(await kvs.get('nope')).toBeUndefined();
    await expect(kvs.delete('nope')).resolves.toBeUndefined();
  });

  it('stores falsy values', async () => {
    await kvs.set('zero', 0);
    await kvs.set('no', false);
    await kvs.set('empty', '');
    expect(await kvs.get('zero')).toBe(0);
    expect(await kvs.get('no')).toBe(false);
    expect(await kvs.get('empty')).toBe('');
  });

  it('returns metadata fields when asked', async () => {
    await kvs.set('meta', 1, { ttl: { value: 1, unit: 'HOURS' } });
    const r = await kvs.get<number>('meta', {
      metadataFields: [
        MetadataField.CREATED_AT,
        MetadataField.UPDATED_AT,
        MetadataField.EXPIRE_TIME,
      ],
    });
    expect(r).toEqual({
      key: 'meta',
      value: 1,
      createdAt: Math.floor(now / 1000),
      updatedAt: Math.floor(now / 1000),
      expireTime: new Date(now + 3_600_000).toISOString(),
    });
  });

  it('rejects keys Forge rejects, with ForgeKvsAPIError', async () => {
    await expect(kvs.set('bad/key', 1)).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(kvs.set('', 1)).rejects.toMatchObject({ code: 'EMPTY_KEY' });
    await expect(kvs.set('k'.repeat(501), 1)).rejects.toMatchObject({ code: 'KEY_TOO_LONG' });
    await expect(kvs.set('ok key:with-#._chars', 1)).resolves.toBeUndefined();
  });

  it('rejects values over 240 KiB', async () => {
    await expect(kvs.set('big', 'x'.repeat(240 * 1024))).rejects.toMatchObject({
      code: 'MAX_SIZE',
    });
  });
});

describe('keyPolicy and returnValue', () => {
  it('FAIL_IF_EXISTS: first set wins, second rejects with the real error class', async () => {
    await kvs.set('lock:sync', 'a', { keyPolicy: 'FAIL_IF_EXISTS' });
    const second = kvs.set('lock:sync', 'b', { keyPolicy: 'FAIL_IF_EXISTS' });
    await expect(second).rejects.toBeInstanceOf(ForgeKvsAPIError);
    const error = (await second.catch((e: unknown) => e)) as ForgeKvsAPIError;
    expect(error.code).toBe('KEY_CONFLICT');
    expect(error.responseDetails).toMatchObject({
      status: 409,
      httpMethod: 'POST',
      httpPath: '/api/v1/set',
    });
    expect(await kvs.get('lock:sync')).toBe('a');
  });

  it('FAIL_IF_EXISTS succeeds again once a TTL has expired', async () => {
    await kvs.set('lease', 1, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 30, unit: 'SECONDS' } });
    await expect(kvs.set('lease', 2, { keyPolicy: 'FAIL_IF_EXISTS' })).rejects.toMatchObject({
      code: 'KEY_CONFLICT',
    });
    now += 31_000;
    await expect(kvs.set('lease', 3, { keyPolicy: 'FAIL_IF_EXISTS' })).resolves.toBeUndefined();
  });

  it('returnValue PREVIOUS and LATEST', async () => {
    expect(
      await kvs.set('rv', 1, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' }),
    ).toBeUndefined();
    expect(await kvs.set('rv', 2, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).toEqual({
      key: 'rv',
      value: 1,
    });
    expect(
      await kvs.set('rv', 3, {
        keyPolicy: 'OVERRIDE',
        returnValue: 'LATEST',
        returnMetadataFields: [MetadataField.UPDATED_AT],
      }),
    ).toEqual({ key: 'rv', value: 3, updatedAt: Math.floor(now / 1000) });
  });
});

describe('TTL', () => {
  it('expires values after their TTL', async () => {
    await kvs.set('token', 'abc', { ttl: { value: 1, unit: 'HOURS' } });
    now += 59 * 60_000;
    expect(await kvs.get('token')).toBe('abc');
    now += 2 * 60_000;
    expect(await kvs.get('token')).toBeUndefined();
    expect(store.keys()).not.toContain('token');
  });

  it('expires secrets too', async () => {
    await kvs.setSecret('crm:token', 'secret-token', { ttl: { value: 10, unit: 'MINUTES' } });
    expect(await kvs.getSecret('crm:token')).toBe('secret-token');
    now += 10 * 60_000;
    expect(await kvs.getSecret('crm:token')).toBeUndefined();
  });
});

describe('secrets', () => {
  it('setSecret / getSecret / deleteSecret live apart from values', async () => {
    await kvs.setSecret('crm:clientSecret', 's3cr3t');
    await kvs.set('crm:clientSecret', 'plain value');
    expect(await kvs.getSecret('crm:clientSecret')).toBe('s3cr3t');
    expect(await kvs.get('crm:clientSecret')).toBe('plain value');
    await kvs.deleteSecret('crm:clientSecret');
    expect(await kvs.getSecret('crm:clientSecret')).toBeUndefined();
    expect(await kvs.get('crm:clientSecret')).toBe('plain value');
    await kvs.setSecret('only-secret', 'x');
    expect(await kvs.get('only-secret')).toBeUndefined();
    expect(store.secretKeys()).toEqual(['only-secret']);
  });

  it('secrets never show up in queries', async () => {
    await kvs.setSecret('crm:a', 1);
    await kvs.set('crm:b', 2);
    const { results } = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('crm:'))
      .getMany();
    expect(results.map((r) => r.key)).toEqual(['crm:b']);
  });
});

// ---- kvs.query(): pages of at most 20, in no promised order ----------------------------------
// Sources: developer.atlassian.com/platform/forge/runtime-reference/storage-api-query (default 10,
// "up to a maximum of 20" / 100) and storage-reference/handling-errors-kvs (LIST_QUERY_LIMIT_EXCEEDED).

/** Every key under `prefix`, page by page. */
async function allKeys(prefix: string, limit: number): Promise<{ keys: string[]; pages: number }> {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const q = kvs.query().where('key', WhereConditions.beginsWith(prefix)).limit(limit);
    const page = await (cursor ? q.cursor(cursor) : q).getMany<number>();
    keys.push(...page.results.map((r) => r.key));
    cursor = page.nextCursor;
    pages++;
  } while (cursor);
  return { keys, pages };
}

const padded = (n: number) => String(n).padStart(2, '0');

describe('query', () => {
  it('answers pages of 10 by default and at most 20; refuses 21 with 400 LIST_QUERY_LIMIT_EXCEEDED', async () => {
    for (let i = 0; i < 25; i++) await kvs.set(`k${padded(i)}`, i);
    expect((await kvs.query().getMany()).results).toHaveLength(10);
    expect((await kvs.query().limit(20).getMany()).results).toHaveLength(20);
    const tooMany = await apiError(kvs.query().limit(21).getMany());
    expect(tooMany.responseDetails.status).toBe(400);
    expect(tooMany.code).toBe('LIST_QUERY_LIMIT_EXCEEDED');
    expect(tooMany.message).toMatch(/20/);
    expect((await apiError(kvs.query().limit(0).getMany())).code).toBe('BAD_REQUEST');
    expect((await apiError(kvs.query().limit(2.5).getMany())).code).toBe('BAD_REQUEST');
  });

  it('answers in a scrambled order, yet its cursor enumerates every key exactly once', async () => {
    store.setQuerySeed('order-a');
    for (let i = 0; i < 45; i++) await kvs.set(`link:${padded(i)}`, i);
    await kvs.set('other:1', 'x');
    const { keys, pages } = await allKeys('link:', 20);
    expect(pages).toBe(3);
    const sorted = Array.from({ length: 45 }, (_, i) => `link:${padded(i)}`);
    expect([...keys].sort()).toEqual(sorted);
    expect(keys).not.toEqual(sorted);
    // Stable per store and seed: the same order again; another seed, another order.
    expect((await allKeys('link:', 7)).keys).toEqual(keys);
    store.setQuerySeed('order-b');
    expect((await allKeys('link:', 20)).keys).not.toEqual(keys);
  });

  it('keeps enumerating every key once while keys come and go between pages', async () => {
    for (let i = 0; i < 30; i++) await kvs.set(`c:${padded(i)}`, i);
    const first = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('c:'))
      .limit(10)
      .getMany();
    const seen = first.results.map((r) => r.key);
    await kvs.delete(seen[0] as string);
    let cursor = first.nextCursor;
    while (cursor) {
      const page = await kvs
        .query()
        .where('key', WhereConditions.beginsWith('c:'))
        .limit(10)
        .cursor(cursor)
        .getMany();
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
    }
    expect(new Set(seen).size).toBe(30);
  });

  it('refuses a cursor of another prefix or one it did not issue', async () => {
    for (let i = 0; i < 3; i++) await kvs.set(`a:${i}`, i);
    const page = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('a:'))
      .limit(1)
      .getMany();
    const other = kvs.query().where('key', WhereConditions.beginsWith('b:')).limit(1);
    expect((await apiError(other.cursor(page.nextCursor as string).getMany())).code).toBe(
      'BAD_REQUEST',
    );
    expect((await apiError(kvs.query().cursor('not a cursor').getMany())).code).toBe('BAD_REQUEST');
  });

  it('getOne returns a match or undefined', async () => {
    await kvs.set('p:b', 2);
    await kvs.set('p:a', 1);
    const one = await kvs.query().where('key', WhereConditions.beginsWith('p:')).getOne();
    expect(['p:a', 'p:b']).toContain(one?.key);
    expect(
      await kvs.query().where('key', WhereConditions.beginsWith('zzz')).getOne(),
    ).toBeUndefined();
  });
});

// ---- Custom Entity Store queries --------------------------------------------------------------
// Sources: runtime-reference/custom-entities (indexes: string form, or name / partition / range),
// runtime-reference/storage-api-query-complex (partition values, where, sort, cursor),
// storage-reference/handling-errors-customentities (COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE: 1-100).

type Employee = { name?: string; age?: number; dept?: string; active?: boolean };
const STAFF = 'staff';

async function hire(key: string, employee: Employee): Promise<void> {
  await kvs.entity<Employee>(STAFF).set(key, employee);
}

/** A query builder, as `index(...)` returns it. */
type EntityQuery = ReturnType<
  ReturnType<ReturnType<typeof kvs.entity<Employee>>['query']>['index']
>;

/** Every key a query answers, following its cursor. */
async function everyKey(build: () => EntityQuery): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const q = build();
    const page = await (cursor ? q.cursor(cursor) : q).getMany();
    keys.push(...page.results.map((r) => r.key));
    cursor = page.nextCursor;
  } while (cursor);
  return keys;
}

describe('entity queries', () => {
  const staff = () => kvs.entity<Employee>(STAFF).query();

  it('orders by the index range, ASC by default or DESC, equal values each once across pages', async () => {
    for (let i = 0; i < 30; i++) await hire(`e${padded(i)}`, { age: 20 + (i % 5), dept: 'ops' });
    await hire('no-age', { dept: 'ops' });
    const ages = async (sort?: Sort) => {
      const keys = await everyKey(() => {
        const q = staff()
          .index('by-dept', { partition: ['ops'] })
          .limit(4);
        return sort ? q.sort(sort) : q;
      });
      return keys.map((key) => (store.peekEntity(STAFF, key) as Employee).age);
    };
    const up = await ages();
    // An item without the range attribute is not in the index.
    expect(up).toHaveLength(30);
    expect(up).toEqual([...up].sort((a, b) => (a as number) - (b as number)));
    const down = await ages(Sort.DESC);
    expect(down).toEqual([...up].reverse());
    const keys = await everyKey(() =>
      staff()
        .index('by-dept', { partition: ['ops'] })
        .limit(4),
    );
    expect(new Set(keys).size).toBe(30);
  });

  it('answers only the partition asked for, and needs one value per partition attribute', async () => {
    await hire('a', { age: 30, dept: 'ops' });
    await hire('b', { age: 31, dept: 'sales' });
    const { results } = await staff()
      .index('by-dept', { partition: ['sales'] })
      .getMany();
    expect(results.map((r) => r.key)).toEqual(['b']);
    const missing = await apiError(staff().index('by-dept').getMany());
    expect(missing.code).toBe('BAD_REQUEST');
    expect(
      (
        await apiError(
          staff()
            .index('by-dept', { partition: [30] })
            .getMany(),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    // An index without a partition takes none.
    expect(
      (
        await apiError(
          staff()
            .index('age', { partition: ['ops'] })
            .getMany(),
        )
      ).code,
    ).toBe('BAD_REQUEST');
  });

  it('a plain index over one attribute takes range conditions (greaterThan, between, ...)', async () => {
    for (const [key, age] of [
      ['a', 25],
      ['b', 35],
      ['c', 45],
      ['d', 30],
    ] as const)
      await hire(key, { age });
    const keysOf = async (q: Promise<{ results: { key: string }[] }>) =>
      (await q).results.map((r) => r.key);
    expect(
      await keysOf(staff().index('age').where(WhereConditions.greaterThan(30)).getMany()),
    ).toEqual(['b', 'c']);
    expect(
      await keysOf(
        staff().index('age').where(WhereConditions.between(30, 40)).sort(Sort.DESC).getMany(),
      ),
    ).toEqual(['b', 'd']);
    expect(
      await keysOf(staff().index('age').where(WhereConditions.lessThanEqualTo(30)).getMany()),
    ).toEqual(['a', 'd']);
    await hire('n1', { name: 'Ada' });
    await hire('n2', { name: 'Alan' });
    await hire('n3', { name: 'Grace' });
    expect(
      await keysOf(staff().index('by-name').where(WhereConditions.beginsWith('A')).getMany()),
    ).toEqual(['n1', 'n2']);
  });

  it('applies filters to the page read, after its limit: follow the cursor, not the count', async () => {
    for (let i = 0; i < 6; i++) await hire(`f${i}`, { age: 40 + i, active: i % 2 === 0 });
    const active = new Filter<Employee>().and('active', FilterConditions.equalTo(true));
    const first = await staff().index('age').filters(active).limit(3).getMany();
    expect(first.results.map((r) => r.key)).toEqual(['f0', 'f2']);
    expect(first.nextCursor).toBeDefined();
    const keys = await everyKey(() => staff().index('age').filters(active).limit(3));
    expect(keys).toEqual(['f0', 'f2', 'f4']);
  });

  it('pages of 1 to 100 (10 by default); refuses others with COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE', async () => {
    for (let i = 0; i < 12; i++) await hire(`l${padded(i)}`, { age: i });
    expect((await staff().index('age').getMany()).results).toHaveLength(10);
    expect((await staff().index('age').limit(100).getMany()).results).toHaveLength(12);
    for (const limit of [0, 101, 1.5]) {
      const error = await apiError(staff().index('age').limit(limit).getMany());
      expect(error.responseDetails.status).toBe(400);
      expect(error.code).toBe('COMPLEX_QUERY_PAGE_LIMIT_NOT_IN_RANGE');
    }
  });

  it('refuses an undeclared index and a cursor of another query or forged', async () => {
    await hire('a', { age: 30, dept: 'ops' });
    await hire('b', { age: 31, dept: 'ops' });
    expect((await apiError(staff().index('by-salary').getMany())).message).toMatch(/not declared/);
    const page = await staff()
      .index('by-dept', { partition: ['ops'] })
      .limit(1)
      .getMany();
    const elsewhere = staff().index('by-dept', { partition: ['sales'] });
    const misuse = await apiError(elsewhere.cursor(page.nextCursor as string).getMany());
    expect(misuse.code).toBe('BAD_REQUEST');
    expect((await apiError(staff().index('age').cursor('forged').getMany())).code).toBe(
      'BAD_REQUEST',
    );
  });

  it('answers key, value and the metadata asked for', async () => {
    await hire('m', { age: 50 });
    const { results } = await kvs
      .entity<Employee>(STAFF)
      .query({ metadataFields: [MetadataField.CREATED_AT] })
      .index('age')
      .getMany();
    expect(results).toEqual([{ key: 'm', value: { age: 50 }, createdAt: Math.floor(now / 1000) }]);
  });
});

// ---- Rate limits on demand ---------------------------------------------------------------------
// Source: developer.atlassian.com/platform/forge/limits-kvs-ce and handling-errors-customentities:
// "Any request that exceeds a quota or limit will return a 429 status with an error code of
// RATE_LIMIT_EXCEEDED".

describe('rate limits', () => {
  afterEach(() => store.setFaults({}));

  it('refuses every n-th call with 429 RATE_LIMIT_EXCEEDED, and writes nothing then', async () => {
    store.setFaults({ rateLimitEvery: 2 });
    await kvs.set('a', 1);
    const refused = await apiError(kvs.set('b', 2));
    expect(refused.responseDetails.status).toBe(429);
    expect(refused.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(store.peek('b')).toBeUndefined();
    await kvs.set('c', 3);
    expect((await apiError(kvs.get('a'))).code).toBe('RATE_LIMIT_EXCEEDED');
    // A refused call is still a round trip.
    expect(store.counts().total).toBe(4);
    store.setFaults({});
    expect(await kvs.get('a')).toBe(1);
  });

  it('only on the paths named; entity queries and batches included', async () => {
    store.setFaults({ rateLimitEvery: 1, paths: ['/api/v1/entity/query', '/api/v1/batch/get'] });
    await hire('x', { age: 1 });
    await kvs.set('v', 1);
    expect((await apiError(staff429())).code).toBe('RATE_LIMIT_EXCEEDED');
    expect((await apiError(kvs.batchGet([{ key: 'v' }]))).code).toBe('RATE_LIMIT_EXCEEDED');
    expect(await kvs.get('v')).toBe(1);
  });

  it('at a rate, drawn from a seed: the same calls fail on every run', async () => {
    const outcomes = async () => {
      store.setFaults({ rateLimitRate: 0.5, seed: 7 });
      const results: boolean[] = [];
      for (let i = 0; i < 20; i++)
        results.push(
          await kvs.get('k').then(
            () => true,
            () => false,
          ),
        );
      return results;
    };
    const once = await outcomes();
    expect(once).toContain(true);
    expect(once).toContain(false);
    expect(await outcomes()).toEqual(once);
  });
});

function staff429() {
  return kvs.entity<Employee>(STAFF).query().index('age').getMany();
}

describe('bookkeeping', () => {
  it('counts calls per API path', async () => {
    await kvs.set('a', 1);
    await kvs.get('a');
    await kvs.getSecret('s');
    expect(store.counts()).toEqual({
      total: 3,
      byPath: { '/api/v1/set': 1, '/api/v1/get': 1, '/api/v1/secret/get': 1 },
    });
    expect(host.counts().kvs).toBe(3);
    host.resetCounts();
    expect(host.counts().kvs).toBe(0);
  });

  it('snapshot / restore keeps values, secrets and TTLs', async () => {
    await kvs.set('keep', { a: 1 });
    await kvs.setSecret('sec', 'x');
    await kvs.set('short', 1, { ttl: { value: 5, unit: 'SECONDS' } });
    const snap = JSON.parse(JSON.stringify(store.snapshot()));
    const other = new InMemoryKvs({ now: () => now });
    other.restore(snap);
    expect(other.peek('keep')).toEqual({ a: 1 });
    expect(other.peekSecret('sec')).toBe('x');
    expect(other.peek('short')).toBe(1);
    now += 6000;
    expect(other.peek('short')).toBeUndefined();
  });
});

// ---- Custom Entity Store, transactions and batches ------------------------------------------

const ENTITY = 'issue-links';
const record = (rev: number, writer = 'worker-1') => ({
  rev,
  writer,
  record: { links: [{ type: 'company', id: 'c-1' }] },
  outbox: [],
});
type IssueLinks = { rev: number; writer: string; record: unknown; outbox: unknown };
const revIs = (n: number) => new Filter<IssueLinks>().and('rev', FilterConditions.equalTo(n));
const isNew = () => new Filter<IssueLinks>().and('rev', FilterConditions.notExists());

/** The rejection of `promise`, which must be a ForgeKvsAPIError. */
async function apiError(promise: Promise<unknown>): Promise<ForgeKvsAPIError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ForgeKvsAPIError);
  return error as ForgeKvsAPIError;
}

describe('custom entities', () => {
  it('set, get and delete round-trip an item, apart from plain values', async () => {
    await kvs.entity(ENTITY).set('10001', record(1));
    expect(await kvs.entity(ENTITY).get('10001')).toEqual(record(1));
    expect(await kvs.get('10001')).toBeUndefined();
    expect(store.peekEntity(ENTITY, '10001')).toEqual(record(1));
    expect(
      await kvs.entity(ENTITY).get('10001', { metadataFields: [MetadataField.CREATED_AT] }),
    ).toEqual({ key: '10001', value: record(1), createdAt: Math.floor(now / 1000) });
    await kvs.entity(ENTITY).delete('10001');
    expect(await kvs.entity(ENTITY).get('10001')).toBeUndefined();
    await expect(kvs.entity(ENTITY).delete('10001')).resolves.toBeUndefined();
    expect(store.counts().byPath['/api/v1/entity/set']).toBe(1);
  });

  it('accepts a partial item and attributes of type any holding any JSON', async () => {
    await kvs.entity(ENTITY).set('a', { rev: 0 });
    await kvs.entity(ENTITY).set('b', { record: null, outbox: [{ deep: { x: [1, 'two'] } }] });
    expect(store.entityKeys(ENTITY)).toEqual(['a', 'b']);
  });

  it('refuses entities the manifest does not declare, with a plain 400', async () => {
    const error = await apiError(kvs.entity('no-such-entity').set('1', { rev: 1 }));
    expect(error.responseDetails.status).toBe(400);
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/not declared/);
    await expect(kvs.entity('no-such-entity').get('1')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(kvs.entity('Bad_Name').get('1')).rejects.toMatchObject({
      code: 'INVALID_ENTITY_TYPE',
    });
  });

  it.each([
    ['a float rev', { rev: 1.5 }],
    ['a rev beyond 32 bits', { rev: 2 ** 31 }],
    ['a string rev', { rev: '1' }],
    ['a null rev', { rev: null }],
    ['a numeric writer', { writer: 7 }],
    ['an undeclared attribute', { rev: 1, extra: true }],
  ])('refuses %s with INVALID_ENTITY_VALUE', async (_label, value) => {
    const error = await apiError(kvs.entity(ENTITY).set('1', value as never));
    expect(error.responseDetails.status).toBe(400);
    expect(error.code).toBe('INVALID_ENTITY_VALUE');
    expect(store.peekEntity(ENTITY, '1')).toBeUndefined();
  });

  it('refuses values that are not objects, and bad keys as for plain values', async () => {
    for (const value of ['text', 3, [1, 2]]) {
      await expect(kvs.entity(ENTITY).set('1', value as never)).rejects.toMatchObject({
        code: 'INVALID_ENTITY_VALUE',
      });
    }
    await expect(kvs.entity(ENTITY).set('bad/key', { rev: 1 })).rejects.toMatchObject({
      code: 'INVALID_KEY',
    });
    await expect(
      kvs.entity(ENTITY).set('big', { record: 'x'.repeat(240 * 1024) }),
    ).rejects.toMatchObject({ code: 'MAX_SIZE' });
  });

  it('checks float and boolean attributes', () => {
    const typed = new InMemoryKvs({
      entities: [{ name: 'typed', attributes: { f: 'float', b: 'boolean' } }],
    });
    const set = (value: unknown) =>
      typed.handle('/api/v1/entity/set', { entityName: 'typed', key: 'k', value }).status;
    expect([set({ f: 0 }), set({ f: -2.5 }), set({ f: 1e-130 }), set({ b: false })]).toEqual([
      204, 204, 204, 204,
    ]);
    expect([set({ f: 1e126 }), set({ f: 1e-131 }), set({ f: '1' }), set({ b: 1 })]).toEqual([
      400, 400, 400, 400,
    ]);
  });

  it('keeps TTL and keyPolicy working for items', async () => {
    await kvs.entity(ENTITY).set('t', { rev: 1 }, { ttl: { value: 1, unit: 'MINUTES' } });
    await expect(
      kvs.entity(ENTITY).set('t', { rev: 2 }, { keyPolicy: 'FAIL_IF_EXISTS' }),
    ).rejects.toMatchObject({ code: 'KEY_CONFLICT' });
    now += 61_000;
    expect(await kvs.entity(ENTITY).get('t')).toBeUndefined();
  });

  it('seedEntity refuses what Forge would refuse', () => {
    expect(() => store.seedEntity(ENTITY, '1', { rev: 'one' })).toThrow(/INVALID_ENTITY_VALUE/);
    expect(() => store.seedEntity('elsewhere', '1', { rev: 1 })).toThrow(/not declared/);
    store.seedEntity(ENTITY, '1', { rev: 1 });
    expect(store.peekEntity(ENTITY, '1')).toEqual({ rev: 1 });
  });

  it('a ForgeHost reads the entities of its manifest', () => {
    const h = new ForgeHost();
    expect(() => h.kvs.seedEntity(ENTITY, '1', record(1))).not.toThrow();
    expect(() => h.kvs.seedEntity('other-entity', '1', {})).toThrow();
  });
});

describe('transactions', () => {
  it('a conditional set succeeds when the condition holds', async () => {
    store.seedEntity(ENTITY, '10001', record(1));
    await kvs
      .transact()
      .set('10001', record(2, 'worker-2'), { entityName: ENTITY, conditions: revIs(1) })
      .execute();
    expect(store.peekEntity(ENTITY, '10001')).toEqual(record(2, 'worker-2'));
  });

  it('a failed condition fails the whole transaction with 409 and writes nothing', async () => {
    store.seedEntity(ENTITY, '10001', record(2));
    store.seed('links:issue:10001', ['legacy']);
    const error = await apiError(
      kvs
        .transact()
        .set('10001', record(3, 'late'), { entityName: ENTITY, conditions: revIs(1) })
        .set('10002', record(1), { entityName: ENTITY })
        .set('plain', 'x')
        .delete('links:issue:10001')
        .execute(),
    );
    expect(error.code).toBe('CONDITIONAL_CHECK_FAILED');
    expect(error.responseDetails).toMatchObject({ status: 409, httpPath: '/api/v1/transaction' });
    expect(store.peekEntity(ENTITY, '10001')).toEqual(record(2));
    expect(store.peekEntity(ENTITY, '10002')).toBeUndefined();
    expect(store.peek('plain')).toBeUndefined();
    expect(store.peek('links:issue:10001')).toEqual(['legacy']);
  });

  it('NOT_EXISTS creates an item only once', async () => {
    const create = (writer: string) =>
      kvs
        .transact()
        .set('10001', record(1, writer), { entityName: ENTITY, conditions: isNew() })
        .execute();
    const outcomes = await Promise.allSettled([create('first'), create('second')]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toMatchObject({
      code: 'CONDITIONAL_CHECK_FAILED',
    });
    expect(store.peekEntity(ENTITY, '10001')).toEqual(record(1, 'first'));
    // On a missing item every attribute is absent: EQUAL_TO cannot hold.
    await expect(
      kvs
        .transact()
        .set('10009', record(1), { entityName: ENTITY, conditions: revIs(0) })
        .execute(),
    ).rejects.toMatchObject({ code: 'CONDITIONAL_CHECK_FAILED' });
  });

  it('mixes an entity set with a plain-key delete, counted as one call', async () => {
    store.seed('links:issue:10001', { links: ['legacy'] });
    store.resetCounts();
    await kvs
      .transact()
      .set('10001', record(1), { entityName: ENTITY, conditions: isNew() })
      .delete('links:issue:10001')
      .execute();
    expect(store.peekEntity(ENTITY, '10001')).toEqual(record(1));
    expect(store.peek('links:issue:10001')).toBeUndefined();
    expect(store.counts()).toEqual({ total: 1, byPath: { '/api/v1/transaction': 1 } });
    // Deleting a key that does not exist is fine inside a transaction.
    await expect(kvs.transact().delete('links:issue:nothing').execute()).resolves.toBeUndefined();
  });

  it('refuses 26 operations and accepts 25', async () => {
    const build = (n: number) => {
      const t = kvs.transact();
      for (let i = 0; i < n; i++) t.set(`k${i}`, i);
      return t;
    };
    const error = await apiError(build(26).execute());
    expect(error.responseDetails.status).toBe(400);
    expect(store.keys()).toEqual([]);
    await build(25).execute();
    expect(store.keys()).toHaveLength(25);
  });

  it('refuses a key used twice, but a plain key and an item may share a name', async () => {
    const error = await apiError(
      kvs
        .transact()
        .set('10001', record(1), { entityName: ENTITY })
        .delete('10001', { entityName: ENTITY })
        .execute(),
    );
    expect(error.responseDetails.status).toBe(400);
    expect(error.message).toMatch(/only be used once/);
    await expect(
      kvs.transact().set('k', 1).check('k', { entityName: ENTITY, conditions: isNew() }).execute(),
    ).resolves.toBeUndefined();
  });

  it('refuses conditions on plain keys, bad item values and payloads over 1 MB', () => {
    const notEntity = store.handle('/api/v1/transaction', {
      set: [
        {
          key: 'k',
          value: 1,
          conditions: { and: [{ property: 'rev', condition: 'EXISTS', values: [true] }] },
        },
      ],
    });
    expect(notEntity.status).toBe(400);
    const badValue = store.handle('/api/v1/transaction', {
      set: [{ key: 'k', entityName: ENTITY, value: { rev: 'x' } }],
    });
    expect(badValue).toMatchObject({ status: 400, body: { code: 'INVALID_ENTITY_VALUE' } });
    const big = store.handle('/api/v1/transaction', {
      set: [0, 1, 2, 3, 4].map((i) => ({ key: `big${i}`, value: 'x'.repeat(230_000) })),
    });
    expect(big.status).toBe(400);
    expect(store.keys()).toEqual([]);
    expect(store.handle('/api/v1/transaction', {}).status).toBe(400);
  });

  it('refuses malformed conditions with the documented codes', () => {
    const withConditions = (conditions: unknown) =>
      store.handle('/api/v1/transaction', {
        check: [{ key: '1', entityName: ENTITY, conditions }],
      }).body;
    expect(withConditions({ and: [] })).toMatchObject({ code: 'EMPTY_FILTER_OPERATOR' });
    const rev = { property: 'rev', condition: 'EXISTS', values: [true] };
    expect(withConditions({ and: [rev], or: [rev] })).toMatchObject({
      code: 'INVALID_FILTER_OPERATORS_COMBINATION',
    });
    expect(
      withConditions({ and: [{ property: 'rev', condition: 'BETWEEN', values: [1] }] }),
    ).toMatchObject({ code: 'INSUFFICIENT_FILTER_VALUES' });
    expect(
      withConditions({ and: [{ property: 'nope', condition: 'EXISTS', values: [true] }] }),
    ).toMatchObject({ code: 'BAD_REQUEST' });
  });

  describe('condition operators', () => {
    const item = { rev: 5, writer: 'worker-1', record: { a: 1 }, outbox: ['a', 'b'] };
    type Clause = ReturnType<(typeof FilterConditions)[keyof typeof FilterConditions]>;
    const cases: [string, string, boolean, Clause][] = [
      ['rev', 'equalTo 5', true, FilterConditions.equalTo(5)],
      ['rev', 'equalTo "5"', false, FilterConditions.equalTo('5')],
      ['rev', 'notEqualTo 4', true, FilterConditions.notEqualTo(4)],
      ['rev', 'greaterThan 4', true, FilterConditions.greaterThan(4)],
      ['rev', 'greaterThan 5', false, FilterConditions.greaterThan(5)],
      ['rev', 'greaterThanEqualTo 5', true, FilterConditions.greaterThanEqualTo(5)],
      ['rev', 'lessThan 5', false, FilterConditions.lessThan(5)],
      ['rev', 'lessThanEqualTo 5', true, FilterConditions.lessThanEqualTo(5)],
      ['rev', 'between 1 and 5', true, FilterConditions.between(1, 5)],
      ['rev', 'between 6 and 9', false, FilterConditions.between(6, 9)],
      ['writer', 'beginsWith worker', true, FilterConditions.beginsWith('worker')],
      ['writer', 'contains ker-', true, FilterConditions.contains('ker-')],
      ['writer', 'notContains zz', true, FilterConditions.notContains('zz')],
      ['outbox', 'contains a', true, FilterConditions.contains('a')],
      ['outbox', 'notContains a', false, FilterConditions.notContains('a')],
      ['record', 'exists', true, FilterConditions.exists()],
      ['record', 'notExists', false, FilterConditions.notExists()],
    ];
    it.each(cases)(
      '%s %s on an existing item holds: %s',
      async (property, _label, holds, clause) => {
        store.seedEntity(ENTITY, '1', item);
        const run = kvs
          .transact()
          .check('1', {
            entityName: ENTITY,
            conditions: new Filter<IssueLinks>().and(property as keyof IssueLinks, clause),
          })
          .execute();
        if (holds) await expect(run).resolves.toBeUndefined();
        else await expect(run).rejects.toMatchObject({ code: 'CONDITIONAL_CHECK_FAILED' });
      },
    );

    it('on a missing item only NOT_EXISTS holds', async () => {
      for (const clause of [
        FilterConditions.exists(),
        FilterConditions.notEqualTo(1),
        FilterConditions.notContains('x'),
        FilterConditions.lessThan(100),
      ]) {
        await expect(
          kvs
            .transact()
            .check('missing', {
              entityName: ENTITY,
              conditions: new Filter<IssueLinks>().and('rev', clause),
            })
            .execute(),
        ).rejects.toMatchObject({ code: 'CONDITIONAL_CHECK_FAILED' });
      }
    });

    it('or holds when one clause does', async () => {
      store.seedEntity(ENTITY, '1', item);
      const either = new Filter<IssueLinks>()
        .or('rev', FilterConditions.equalTo(1))
        .or('writer', FilterConditions.equalTo('worker-1'));
      await expect(
        kvs.transact().check('1', { entityName: ENTITY, conditions: either }).execute(),
      ).resolves.toBeUndefined();
    });
  });
});

describe('batches', () => {
  it('batchGet mixes plain keys and items; missing keys are failed KEY_NOT_FOUND', async () => {
    store.seed('settings:v1', { on: true });
    store.seedEntity(ENTITY, '10001', record(1));
    const result = await kvs.batchGet([
      { key: 'settings:v1' },
      { key: '10001', entityName: ENTITY },
      { key: 'missing' },
      { key: '10002', entityName: ENTITY },
    ]);
    expect(result).toEqual({
      successfulKeys: [
        { key: 'settings:v1', value: { on: true } },
        { key: '10001', entityName: ENTITY, value: record(1) },
      ],
      failedKeys: [
        { key: 'missing', error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } },
        {
          key: '10002',
          entityName: ENTITY,
          error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' },
        },
      ],
    });
    expect(store.counts().byPath['/api/v1/batch/get']).toBe(1);
  });

  it('batchGet answers the metadata asked for, and refuses unknown fields', () => {
    store.seedEntity(ENTITY, '1', { rev: 1 });
    expect(
      store.handle('/api/v1/batch/get', [
        { key: '1', entityName: ENTITY, options: { metadataFields: ['UPDATED_AT'] } },
      ]).body,
    ).toEqual({
      successfulKeys: [
        { key: '1', entityName: ENTITY, value: { rev: 1 }, updatedAt: Math.floor(now / 1000) },
      ],
      failedKeys: [],
    });
    expect(
      store.handle('/api/v1/batch/get', [{ key: '1', options: { metadataFields: ['NOPE'] } }]),
    ).toMatchObject({ status: 400, body: { code: 'BAD_REQUEST' } });
  });

  it('refuses a repeated key, an empty batch and 26 items as a whole', async () => {
    const repeated = await apiError(kvs.batchGet([{ key: 'a' }, { key: 'a' }]));
    expect(repeated.responseDetails.status).toBe(400);
    await expect(
      kvs.batchGet([{ key: 'a' }, { key: 'a', entityName: ENTITY }]),
    ).resolves.toMatchObject({ successfulKeys: [] });
    await expect(kvs.batchGet([])).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const many = Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: i }));
    await expect(kvs.batchSet(many)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(store.keys()).toEqual([]);
  });

  it('batchSet and batchDelete succeed or fail per item', async () => {
    const set = await kvs.batchSet<unknown>([
      { key: 'plain', value: 1 },
      { key: '1', entityName: ENTITY, value: { rev: 1 } },
      { key: '2', entityName: ENTITY, value: { rev: 'x' } },
      { key: '3', entityName: 'undeclared', value: { rev: 1 } },
    ]);
    expect(set.successfulKeys).toEqual([{ key: 'plain' }, { key: '1', entityName: ENTITY }]);
    expect(set.failedKeys.map((f) => [f.key, f.error.code])).toEqual([
      ['2', 'INVALID_ENTITY_VALUE'],
      ['3', 'BAD_REQUEST'],
    ]);
    expect(store.peekEntity(ENTITY, '1')).toEqual({ rev: 1 });
    const deleted = await kvs.batchDelete([{ key: 'plain' }, { key: '1', entityName: ENTITY }]);
    expect(deleted).toEqual({
      successfulKeys: [{ key: 'plain' }, { key: '1', entityName: ENTITY }],
      failedKeys: [],
    });
    expect(store.peekEntity(ENTITY, '1')).toBeUndefined();
  });

  it('never reaches secrets', async () => {
    await kvs.setSecret('crm:token', 's3cr3t');
    const result = await kvs.batchGet([{ key: 'crm:token' }]);
    expect(result.successfulKeys).toEqual([]);
    expect(store.peekSecret('crm:token')).toBe('s3cr3t');
  });
});

describe('snapshots with entities', () => {
  it('round-trips entity items with their TTLs, as version 2', async () => {
    await kvs.set('keep', 1);
    await kvs.entity(ENTITY).set('10001', record(3));
    await kvs.entity(ENTITY).set('short', { rev: 1 }, { ttl: { value: 5, unit: 'SECONDS' } });
    const snap = JSON.parse(JSON.stringify(store.snapshot()));
    expect(snap.version).toBe(2);
    const other = new InMemoryKvs({ now: () => now, entities: entitiesFromManifest(repoRoot) });
    other.restore(snap);
    expect(other.peek('keep')).toBe(1);
    expect(other.peekEntity(ENTITY, '10001')).toEqual(record(3));
    expect(other.entityKeys(ENTITY)).toEqual(['10001', 'short']);
    now += 6000;
    expect(other.peekEntity(ENTITY, 'short')).toBeUndefined();
  });

  it('still restores a version 1 snapshot (no entities)', () => {
    const v1: KvsSnapshotV1 = {
      version: 1,
      values: { a: { value: 1, createdAt: 1, updatedAt: 1 } },
      secrets: { s: { value: 'x', createdAt: 1, updatedAt: 1 } },
    };
    const other = new InMemoryKvs({ entities: entitiesFromManifest(repoRoot) });
    other.seedEntity(ENTITY, 'gone', { rev: 1 });
    other.restore(v1);
    expect(other.peek('a')).toBe(1);
    expect(other.peekSecret('s')).toBe('x');
    expect(other.entityKeys(ENTITY)).toEqual([]);
    expect(() => other.restore({ version: 3 } as never)).toThrow(/version/);
  });
});
