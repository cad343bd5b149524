import {
  CrmAuthError,
  CrmBadResponseError,
  CrmConflictError,
  CrmError,
  CrmForbiddenError,
  CrmNetworkError,
  CrmNotConfiguredError,
  CrmNotFoundError,
  CrmRateLimitError,
  CrmServerError,
  CrmValidationError,
  parseRetryAfter,
} from '../../src/crm';
import { FakeFetch, makeClient } from './fake-fetch';

const PATH = '/api/1.0/workspace/CRM/entities/e1';

async function errorFor(status: number, body: unknown, headers?: Record<string, string>) {
  const fake = new FakeFetch().on('GET', PATH, { status, body, ...(headers ? { headers } : {}) });
  const { client } = makeClient(fake, { maxRetries: 0 });
  return client.getEntity('e1').then(
    () => {
      throw new Error('expected an error');
    },
    (e: unknown) => e,
  );
}

describe('status -> error class', () => {
  it.each([
    [400, CrmValidationError],
    [401, CrmAuthError],
    [403, CrmForbiddenError],
    [404, CrmNotFoundError],
    [409, CrmConflictError],
    [429, CrmRateLimitError],
    [500, CrmServerError],
    [502, CrmServerError],
    [503, CrmServerError],
    [418, CrmError],
    [422, CrmError],
  ])('%i -> %p', async (status, cls) => {
    const err = await errorFor(status, { message: `boom ${status}` });
    expect(err).toBeInstanceOf(cls);
    expect(err).toBeInstanceOf(CrmError);
    expect((err as CrmError).status).toBe(status);
    expect((err as CrmError).message).toBe(`boom ${status}`);
  });

  it('other 4xx are plain CrmError, not a subclass', async () => {
    const err = await errorFor(422, {});
    expect((err as Error).constructor).toBe(CrmError);
    expect((err as Error).message).toMatch(/422/);
  });

  it('400 carries the API message', async () => {
    const err = (await errorFor(400, {
      message: 'Sale opened-at date can not be in the future',
    })) as CrmValidationError;
    expect(err.message).toBe('Sale opened-at date can not be in the future');
  });

  it('400 schema form becomes a readable message and fieldErrors', async () => {
    const err = (await errorFor(400, {
      schema: { type: 'object' },
      errors: {
        fields: { 'sale-balance': 'not a number', 'sale-status': ['not one of open, won, lost'] },
      },
    })) as CrmValidationError;
    expect(err).toBeInstanceOf(CrmValidationError);
    expect(err.fieldErrors).toEqual({
      'sale-balance': 'not a number',
      'sale-status': 'not one of open, won, lost',
    });
    expect(err.message).toContain('sale-balance (not a number)');
    expect(err.message).not.toContain('[object Object]');
  });

  it('400 schema form with an opaque fields value still gives a message', async () => {
    const err = (await errorFor(400, {
      schema: {},
      errors: { fields: '(not (map? a-string))' },
    })) as CrmValidationError;
    expect(err.message).toContain('Invalid fields');
    expect(err.fieldErrors).toBeUndefined();
  });

  it('error pages that are HTML keep a generic message', async () => {
    const fake = new FakeFetch().on('GET', PATH, {
      status: 503,
      text: '<html><body>Bad gateway</body></html>',
    });
    const { client } = makeClient(fake, { maxRetries: 0 });
    const err = await client.getEntity('e1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmServerError);
    expect((err as Error).message).toMatch(/server error 503/);
  });

  it('429 carries retryAfterMs', async () => {
    const err = (await errorFor(429, {}, { 'Retry-After': '30' })) as CrmRateLimitError;
    expect(err.retryAfterMs).toBe(30_000);
  });

  it('messages never carry an echoed token or secret', async () => {
    const token = 'kQ3x9_ZlPp0aV7mN2rT5yW8bC1dE4fG6hJ-sU0iO3';
    const err = (await errorFor(400, {
      message: `bad header Authorization: Bearer ${token} and client_secret=SECRET-xyz`,
    })) as Error;
    expect(err.message).not.toContain(token);
    expect(err.message).not.toContain('SECRET-xyz');
  });

  it('ordinary words after Basic/Bearer are left alone', async () => {
    const err = (await errorFor(400, { message: 'Basic information is required' })) as Error;
    expect(err.message).toBe('Basic information is required');
  });

  it('no credentials -> CrmNotConfiguredError without any request', async () => {
    const fake = new FakeFetch();
    const { client } = makeClient(fake, { credentials: async () => undefined });
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmNotConfiguredError);
    expect(fake.calls).toHaveLength(0);
  });

  it('network failure -> CrmNetworkError, not timed out', async () => {
    const fake = new FakeFetch().on('GET', PATH, { networkError: true });
    const { client } = makeClient(fake, { maxRetries: 0 });
    const err = (await client.getEntity('e1').catch((e: unknown) => e)) as CrmNetworkError;
    expect(err).toBeInstanceOf(CrmNetworkError);
    expect(err.timedOut).toBe(false);
    expect(err.message).not.toContain('ECONNRESET');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  it.each<[string | null, number]>([
    ['5', 5000],
    ['0', 0],
    [' 2 ', 2000],
    ['1.5', 1500],
    [null, 1000],
    ['', 1000],
    ['soon', 1000],
    ['Wed, 01 May 2024 12:00:10 GMT', 10_000],
    ['Wed, 01 May 2024 11:00:00 GMT', 0],
  ])('%p -> %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});

describe('malformed 2xx bodies', () => {
  it.each([
    ['HTML page', '<!doctype html><html>maintenance</html>'],
    ['cut-off JSON', '{"id":"e1","type":"comp'],
    ['empty body', ''],
  ])('%s -> CrmBadResponseError', async (_name, text) => {
    const fake = new FakeFetch().on('GET', PATH, { status: 200, text });
    const { client } = makeClient(fake);
    const err = await client.getEntity('e1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmBadResponseError);
    expect(err).toBeInstanceOf(CrmServerError);
  });

  it.each([
    ['array', []],
    ['no id', { type: 'company', _links: {} }],
    ['numeric id', { id: 5, type: 'company' }],
    ['fields not an object', { id: 'e1', type: 'company', fields: 'x' }],
  ])('wrong entity shape (%s) -> CrmBadResponseError', async (_name, body) => {
    const fake = new FakeFetch().on('GET', PATH, { body });
    const { client } = makeClient(fake);
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmBadResponseError);
  });

  it('wrong page shape -> CrmBadResponseError', async () => {
    const fake = new FakeFetch().on('GET', '/api/1.0/workspace/CRM/entities', {
      body: { items: 'nope' },
    });
    const { client } = makeClient(fake);
    await expect(client.listEntities()).rejects.toBeInstanceOf(CrmBadResponseError);
  });

  it('huge body -> CrmBadResponseError (by length and by content-length)', async () => {
    const big = `{"id":"e1","type":"company","x":"${'a'.repeat(2000)}"}`;
    const fake = new FakeFetch().on(
      'GET',
      PATH,
      { text: big },
      { text: '{}', headers: { 'Content-Length': '999999999' } },
    );
    const { client } = makeClient(fake, { maxResponseBytes: 1000 });
    await expect(client.getEntity('e1')).rejects.toThrow(/too large/);
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmBadResponseError);
  });

  it('bad responses are not retried', async () => {
    const fake = new FakeFetch().on('GET', PATH, { text: '<html>' });
    const { client } = makeClient(fake);
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmBadResponseError);
    expect(fake.callsTo('GET', PATH)).toHaveLength(1);
  });
});
