import {
  CrmNetworkError,
  CrmRateLimitError,
  CrmServerError,
  type RequestInfo,
} from '../../src/crm';
import { BASE, FakeFetch, entity, makeClient } from './fake-fetch';

const ENTITIES = '/api/1.0/workspace/CRM/entities';
const E1 = `${ENTITIES}/e1`;

describe('headers', () => {
  it('sends bearer, JSON content type and accept on GET, POST, PUT, DELETE', async () => {
    const fake = new FakeFetch()
      .on('GET', E1, { body: entity('e1') })
      .on('PUT', E1, { body: entity('e1') })
      .on('DELETE', E1, { body: entity('e1') })
      .on('POST', ENTITIES, { body: entity('e1') });
    const { client } = makeClient(fake);
    await client.getEntity('e1');
    await client.updateEntity('e1', { 'company-name': 'x' });
    await client.deleteEntity('e1');
    await client.createEntity({ type: 'company', fields: { 'company-name': 'x' } });
    const api = fake.apiCalls();
    expect(api.map((c) => c.method)).toEqual(['GET', 'PUT', 'DELETE', 'POST']);
    for (const c of api) {
      expect(c.headers['Content-Type']).toBe('application/json');
      expect(c.headers.Accept).toBe('application/json');
      expect(c.headers.Authorization).toBe('Bearer tok-1');
    }
    expect(api[0]?.body).toBeUndefined();
    expect(JSON.parse(api[1]?.body ?? '')).toEqual({ fields: { 'company-name': 'x' } });
    expect(JSON.parse(api[3]?.body ?? '')).toEqual({
      type: 'company',
      fields: { 'company-name': 'x' },
    });
  });

  it('encodes path segments', async () => {
    const fake = new FakeFetch().on('GET', /entities/, { body: entity('a/b c') });
    const { client } = makeClient(fake);
    await client.getEntity('a/b c');
    expect(fake.apiCalls()[0]?.url).toBe(`${BASE}${ENTITIES}/a%2Fb%20c`);
  });
});

describe('GET retries', () => {
  it('retries 5xx with exponential backoff and succeeds', async () => {
    const fake = new FakeFetch().on(
      'GET',
      E1,
      { status: 503 },
      { status: 500 },
      { body: entity('e1') },
    );
    const { client, sleeps } = makeClient(fake, { retryBaseDelayMs: 200 });
    await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
    expect(fake.callsTo('GET', E1)).toHaveLength(3);
    // random() = 0.5 -> 75% of 200, then of 400
    expect(sleeps).toEqual([150, 300]);
  });

  it('gives up after maxRetries and surfaces CrmServerError', async () => {
    const fake = new FakeFetch().on('GET', E1, { status: 502 });
    const { client } = makeClient(fake, { maxRetries: 2 });
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmServerError);
    expect(fake.callsTo('GET', E1)).toHaveLength(3);
  });

  it('retries network errors', async () => {
    const fake = new FakeFetch().on('GET', E1, { networkError: true }, { body: entity('e1') });
    const { client } = makeClient(fake);
    await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
  });

  it('honours a short Retry-After on 429', async () => {
    const fake = new FakeFetch().on(
      'GET',
      E1,
      { status: 429, headers: { 'Retry-After': '1' } },
      { body: entity('e1') },
    );
    const { client, sleeps } = makeClient(fake);
    await client.getEntity('e1');
    expect(sleeps).toEqual([1000]);
  });

  it('a long Retry-After is surfaced as CrmRateLimitError without sleeping', async () => {
    const fake = new FakeFetch().on('GET', E1, { status: 429, headers: { 'Retry-After': '60' } });
    const { client, sleeps } = makeClient(fake, { maxRetryDelayMs: 2000 });
    const err = (await client.getEntity('e1').catch((e: unknown) => e)) as CrmRateLimitError;
    expect(err).toBeInstanceOf(CrmRateLimitError);
    expect(err.retryAfterMs).toBe(60_000);
    expect(sleeps).toEqual([]);
    expect(fake.callsTo('GET', E1)).toHaveLength(1);
  });

  it('does not retry 4xx', async () => {
    const fake = new FakeFetch().on('GET', E1, { status: 404, body: { message: 'gone' } });
    const { client } = makeClient(fake);
    await expect(client.getEntity('e1')).rejects.toThrow('gone');
    expect(fake.callsTo('GET', E1)).toHaveLength(1);
  });

  it('backoff is capped by maxRetryDelayMs', async () => {
    const fake = new FakeFetch().on('GET', E1, { status: 500 });
    const { client, sleeps } = makeClient(fake, {
      maxRetries: 5,
      retryBaseDelayMs: 1000,
      maxRetryDelayMs: 2000,
    });
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmServerError);
    expect(Math.max(...sleeps)).toBeLessThanOrEqual(2000);
  });
});

describe('writes never retry', () => {
  it.each([
    ['5xx', { status: 500 }, CrmServerError],
    ['429', { status: 429, headers: { 'Retry-After': '1' } }, CrmRateLimitError],
    ['network', { networkError: true }, CrmNetworkError],
  ] as const)('POST on %s', async (_n, reply, cls) => {
    const fake = new FakeFetch().on('POST', ENTITIES, reply, { body: entity('e1') });
    const { client } = makeClient(fake);
    await expect(client.createEntity({ type: 'company', fields: {} })).rejects.toBeInstanceOf(cls);
    expect(fake.callsTo('POST', ENTITIES)).toHaveLength(1);
  });

  it('PUT and DELETE on 503', async () => {
    const fake = new FakeFetch().on('PUT', E1, { status: 503 }).on('DELETE', E1, { status: 503 });
    const { client } = makeClient(fake);
    await expect(client.updateEntity('e1', {})).rejects.toBeInstanceOf(CrmServerError);
    await expect(client.deleteEntity('e1')).rejects.toBeInstanceOf(CrmServerError);
    expect(fake.apiCalls()).toHaveLength(2);
  });
});

describe('timeout', () => {
  it('a hanging request becomes CrmNetworkError with timedOut', async () => {
    const fake = new FakeFetch().on('GET', E1, { hang: true });
    const { client } = makeClient(fake, { timeoutMs: 30, maxRetries: 0 });
    const err = (await client.getEntity('e1').catch((e: unknown) => e)) as CrmNetworkError;
    expect(err).toBeInstanceOf(CrmNetworkError);
    expect(err.timedOut).toBe(true);
  });

  it('a body that never finishes also times out', async () => {
    const fake = new FakeFetch();
    const slowBody = {
      status: 200,
      headers: { get: () => null },
      text: () => new Promise<string>(() => undefined),
    };
    const fetch = jest.fn(async (url: string, init: Parameters<typeof fake.fetch>[1]) =>
      url.endsWith('/oauth/token') ? fake.fetch(url, init) : slowBody,
    );
    const { client } = makeClient(fake, { fetch, timeoutMs: 30, maxRetries: 0 });
    await expect(client.getEntity('e1')).rejects.toMatchObject({ timedOut: true });
  });

  it('timed-out GETs are retried', async () => {
    const fake = new FakeFetch().on('GET', E1, { hang: true }, { body: entity('e1') });
    const { client } = makeClient(fake, { timeoutMs: 30 });
    await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
  });
});

describe('onRequest', () => {
  it('reports every round trip, without query strings', async () => {
    const seen: RequestInfo[] = [];
    const fake = new FakeFetch().on(
      'GET',
      ENTITIES,
      { status: 500 },
      { body: { items: [], total: 0, _links: {} } },
    );
    const { client } = makeClient(fake, { onRequest: (i) => seen.push(i) });
    await client.listEntities({
      type: 'sale',
      filters: [{ fieldId: 'sale-name', value: 'secret deal' }],
    });
    expect(seen.map((s) => [s.method, s.path, s.status])).toEqual([
      ['POST', '/api/1.0/oauth/token', 200],
      ['GET', ENTITIES, 500],
      ['GET', ENTITIES, 200],
    ]);
  });

  it('reports network errors', async () => {
    const seen: RequestInfo[] = [];
    const fake = new FakeFetch().on('GET', E1, { networkError: true });
    const { client } = makeClient(fake, { onRequest: (i) => seen.push(i), maxRetries: 0 });
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmNetworkError);
    expect(seen.at(-1)?.status).toBe('network-error');
  });
});
