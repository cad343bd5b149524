// Contract: error classes, retries, timeouts, tokens (expiry, refresh, single flight) over HTTP.

import {
  CrmAuthError,
  CrmNetworkError,
  CrmNotConfiguredError,
  CrmNotFoundError,
  CrmRateLimitError,
  CrmServerError,
  CrmValidationError,
  MemoryTokenCache,
  type CrmClient,
} from '../../src/crm';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.sim.close();
});
afterEach(() => {
  h.sim.control.clearFaults();
});

/** A client that already holds a token, so faults only hit the call under test. */
async function warmClient(opts: Parameters<Harness['newClient']>[0] = {}): Promise<CrmClient> {
  const client = h.newClient(opts);
  await client.requestToken();
  h.sim.control.resetStats();
  return client;
}

describe('error classes', () => {
  it('400 -> CrmValidationError', async () => {
    await expect(
      h.client.createEntity({
        type: 'sale',
        fields: { 'sale-name': 'x', 'sale-balance': 'lots' as never },
      }),
    ).rejects.toBeInstanceOf(CrmValidationError);
  });

  it('404 -> CrmNotFoundError', async () => {
    await expect(h.client.getEntity('00000000-0000-0000-0000-000000000000')).rejects.toBeInstanceOf(
      CrmNotFoundError,
    );
  });

  it('wrong secret -> CrmAuthError naming the credentials', async () => {
    const client = h.newClient({
      credentials: async () => ({ clientId: h.sim.clientId, clientSecret: 'wrong' }),
    });
    const err = await client.listEntities().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrmAuthError);
    expect((err as Error).message).toBe('Atlas CRM rejected the client id or secret');
    expect((err as Error).message).not.toContain('wrong');
  });

  it('requestToken(creds) tests credentials without touching the cache', async () => {
    const cache = new MemoryTokenCache();
    const client = h.newClient({ tokenCache: cache });
    await expect(
      client.requestToken({ clientId: h.sim.clientId, clientSecret: h.sim.clientSecret }),
    ).resolves.toMatchObject({
      accessToken: expect.any(String),
    });
    await expect(client.requestToken({ clientId: 'x', clientSecret: 'y' })).rejects.toBeInstanceOf(
      CrmAuthError,
    );
    expect(await cache.get()).toBeUndefined();
  });

  it('no credentials -> CrmNotConfiguredError', async () => {
    await expect(
      h.newClient({ credentials: async () => undefined }).listEntities(),
    ).rejects.toBeInstanceOf(CrmNotConfiguredError);
  });

  it('5xx (JSON and HTML pages) on GET: retried, then CrmServerError', async () => {
    const client = await warmClient({ maxRetries: 2 });
    h.sim.control.setFaults({ errorRate: 1 });
    await expect(client.getTemplate('sale')).rejects.toBeInstanceOf(CrmServerError);
    expect(h.sim.control.stats().byEndpoint['GET /template/:type']).toBe(3);
  });

  it('5xx on a write: not retried', async () => {
    const client = await warmClient();
    h.sim.control.setFaults({ errorRate: 1 });
    await expect(
      client.createEntity({ type: 'sale', fields: { 'sale-name': 'never' } }),
    ).rejects.toBeInstanceOf(CrmServerError);
    expect(h.sim.control.stats().byEndpoint['POST /entities']).toBe(1);
  });

  it('a transient 5xx on GET is recovered by the retry', async () => {
    const client = await warmClient({ sleep: async () => h.sim.control.clearFaults() });
    h.sim.control.setFaults({ errorRate: 1 });
    await expect(client.getTemplate('company')).resolves.toMatchObject({
      sections: expect.any(Array),
    });
    expect(h.sim.control.stats().byEndpoint['GET /template/:type']).toBe(2);
  });

  it('429 with a long Retry-After -> CrmRateLimitError at once', async () => {
    const sleeps: number[] = [];
    const client = await warmClient({ sleep: async (ms) => void sleeps.push(ms) });
    h.sim.control.setFaults({ rateLimitRate: 1, retryAfterSeconds: 30 });
    const err = (await client.listEntities().catch((e: unknown) => e)) as CrmRateLimitError;
    expect(err).toBeInstanceOf(CrmRateLimitError);
    expect(err.retryAfterMs).toBe(30_000);
    expect(sleeps).toEqual([]);
    expect(h.sim.control.stats().byEndpoint['GET /entities']).toBe(1);
  });

  it('429 with a short Retry-After on GET is waited out', async () => {
    const sleeps: number[] = [];
    const client = await warmClient({
      sleep: async (ms) => {
        sleeps.push(ms);
        h.sim.control.clearFaults();
      },
    });
    h.sim.control.setFaults({ rateLimitRate: 1, retryAfterSeconds: 1 });
    await expect(client.listEntities({ type: 'sale' })).resolves.toMatchObject({
      items: expect.any(Array),
    });
    expect(sleeps).toEqual([1000]);
  });

  it('429 on a write is surfaced, not retried', async () => {
    const client = await warmClient({ sleep: async () => h.sim.control.clearFaults() });
    h.sim.control.setFaults({ rateLimitRate: 1, retryAfterSeconds: 1 });
    await expect(
      client.createEntity({ type: 'sale', fields: { 'sale-name': 'x' } }),
    ).rejects.toBeInstanceOf(CrmRateLimitError);
    expect(h.sim.control.stats().byEndpoint['POST /entities']).toBe(1);
  });

  it('slow answer -> CrmNetworkError with timedOut', async () => {
    const client = await warmClient({ timeoutMs: 100, maxRetries: 0 });
    h.sim.control.setFaults({ latencyMs: 400 });
    const err = (await client.getTemplate('sale').catch((e: unknown) => e)) as CrmNetworkError;
    expect(err).toBeInstanceOf(CrmNetworkError);
    expect(err.timedOut).toBe(true);
  });

  it('nothing listening -> CrmNetworkError', async () => {
    const { startSimulator } = await import('../../sandbox/crm-simulator');
    const dead = await startSimulator({ port: 0, dataset: 'empty' });
    await dead.close();
    const client = h.newClient({ baseUrl: dead.baseUrl, maxRetries: 1 });
    const err = (await client.listEntities().catch((e: unknown) => e)) as CrmNetworkError;
    expect(err).toBeInstanceOf(CrmNetworkError);
    expect(err.timedOut).toBe(false);
  });
});

describe('tokens', () => {
  it('one token request for 50 concurrent calls', async () => {
    const client = h.newClient();
    h.sim.control.resetStats();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        client.getTemplate((['company', 'contact', 'sale'] as const)[i % 3] ?? 'sale'),
      ),
    );
    expect(results).toHaveLength(50);
    const stats = h.sim.control.stats();
    expect(stats.tokenRequests).toBe(1);
    expect(stats.total).toBe(51);
  });

  it('expireAllTokens: the next call gets a 401, refreshes once and succeeds', async () => {
    const client = await warmClient();
    await client.getTemplate('sale');
    h.sim.control.expireAllTokens();
    h.sim.control.resetStats();
    await Promise.all(Array.from({ length: 10 }, () => client.getTemplate('sale')));
    const stats = h.sim.control.stats();
    expect(stats.tokenRequests).toBe(1);
    expect(stats.byEndpoint['GET /template/:type']).toBe(20);
  });

  it('a write that meets an expired token is retried once with a new token', async () => {
    const client = await warmClient();
    h.sim.control.expireAllTokens();
    const e = await client.createEntity({
      type: 'company',
      fields: { 'company-name': `expired-token write ${Date.now()}` },
    });
    expect(e.id).toEqual(expect.any(String));
    expect(h.sim.control.stats().byEndpoint['POST /entities']).toBe(2);
  });
});

describe('short-lived tokens', () => {
  let short: Harness;
  beforeAll(async () => {
    short = await startHarness({ tokenTtlSeconds: 2, dataset: 'empty' });
  });
  afterAll(async () => {
    await short.sim.close();
  });

  it('refreshes before expiry (no 401 round trip) and reuses the token meanwhile', async () => {
    const client = short.newClient();
    await client.getTemplate('sale');
    await client.getTemplate('sale');
    expect(short.sim.control.stats().tokenRequests).toBe(1);
    await new Promise((r) => setTimeout(r, 1200));
    await client.getTemplate('sale');
    const stats = short.sim.control.stats();
    expect(stats.tokenRequests).toBe(2);
    expect(stats.byEndpoint['GET /template/:type']).toBe(3);
  });

  it('a token the server expired while the client still trusts it: 401, one refresh, one retry', async () => {
    // A client clock running 10x slow keeps the token "fresh" locally past its real expiry.
    const start = Date.now();
    const client = short.newClient({
      tokenRefreshMarginMs: 0,
      now: () => start + (Date.now() - start) / 10,
    });
    await client.getTemplate('sale');
    short.sim.control.resetStats();
    await new Promise((r) => setTimeout(r, 2100));
    await client.getTemplate('sale');
    const stats = short.sim.control.stats();
    expect(stats.tokenRequests).toBe(1);
    expect(stats.byEndpoint['GET /template/:type']).toBe(2);
  });
});
