// The stand-in KVS driven through the REAL @forge/kvs client, so the wire contract it emulates is
// the one the pinned package speaks (see sandbox/forge-host/kvs/index.ts).
import { ForgeKvsAPIError, MetadataField, WhereConditions, kvs } from '@forge/kvs';
import { ForgeHost, InMemoryKvs } from '../../sandbox/forge-host';

let now = Date.UTC(2025, 5, 1, 12, 0, 0);
const store = new InMemoryKvs({ now: () => now });
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

describe('query', () => {
  it('beginsWith on key, sorted, paged by cursor and limit', async () => {
    for (let i = 0; i < 25; i++) await kvs.set(`link:${String(i).padStart(2, '0')}`, i);
    await kvs.set('other:1', 'x');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      let q = kvs.query().where('key', WhereConditions.beginsWith('link:')).limit(10);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany<number>();
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(
      Array.from({ length: 25 }, (_, i) => `link:${String(i).padStart(2, '0')}`),
    );
  });

  it('defaults to 10 results and rejects limits over 100', async () => {
    for (let i = 0; i < 12; i++) await kvs.set(`k${String(i).padStart(2, '0')}`, i);
    const page = await kvs.query().getMany();
    expect(page.results).toHaveLength(10);
    expect(page.nextCursor).toBeDefined();
    await expect(kvs.query().limit(101).getMany()).rejects.toBeInstanceOf(ForgeKvsAPIError);
  });

  it('getOne returns the first match or undefined', async () => {
    await kvs.set('p:b', 2);
    await kvs.set('p:a', 1);
    expect(await kvs.query().where('key', WhereConditions.beginsWith('p:')).getOne()).toEqual({
      key: 'p:a',
      value: 1,
    });
    expect(
      await kvs.query().where('key', WhereConditions.beginsWith('zzz')).getOne(),
    ).toBeUndefined();
  });
});

describe('operations the app does not use', () => {
  it('refuses batch and transaction calls instead of faking them', async () => {
    await expect(kvs.batchSet([{ key: 'b1', value: 1 }])).rejects.toMatchObject({
      code: 'NOT_IMPLEMENTED',
    });
    await expect(kvs.batchGet([{ key: 'b1' }])).rejects.toMatchObject({ code: 'NOT_IMPLEMENTED' });
    await expect(kvs.transact().set('t:a', 1).execute()).rejects.toMatchObject({
      code: 'NOT_IMPLEMENTED',
    });
    expect(store.keys()).toEqual([]);
  });
});

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
