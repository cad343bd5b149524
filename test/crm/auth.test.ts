import {
  CrmAuthError,
  CrmNotConfiguredError,
  MemoryTokenCache,
  type CachedToken,
  type TokenCache,
} from '../../src/crm';
import { FakeFetch, entity, makeClient, tokenReply } from './fake-fetch';

const TOKEN = '/api/1.0/oauth/token';
const E1 = '/api/1.0/workspace/CRM/entities/e1';

describe('token request', () => {
  it('uses the client-credentials grant with Basic auth', async () => {
    const fake = new FakeFetch().on('GET', E1, { body: entity('e1') });
    const { client } = makeClient(fake);
    await client.getEntity('e1');
    const [tokenCall] = fake.callsTo('POST', TOKEN);
    expect(tokenCall?.headers['Content-Type']).toBe('application/x-www-form-urlencoded');
    expect(tokenCall?.body).toBe('grant_type=client_credentials');
    expect(tokenCall?.headers.Authorization).toBe(
      `Basic ${Buffer.from('id-123:SECRET-xyz').toString('base64')}`,
    );
  });

  it('401 from the token endpoint -> CrmAuthError naming the credentials, no secret in it', async () => {
    const fake = new FakeFetch(false).on('POST', TOKEN, {
      status: 401,
      body: { error: 'invalid_client' },
    });
    const { client } = makeClient(fake);
    const err = (await client.getEntity('e1').catch((e: unknown) => e)) as CrmAuthError;
    expect(err).toBeInstanceOf(CrmAuthError);
    expect(err.message).toBe('Atlas CRM rejected the client id or secret');
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(1);
  });

  it('400 invalid_client is also an auth error', async () => {
    const fake = new FakeFetch(false).on('POST', TOKEN, {
      status: 400,
      body: { error: 'invalid_client' },
    });
    const { client } = makeClient(fake);
    await expect(client.requestToken()).rejects.toBeInstanceOf(CrmAuthError);
  });

  it('token answer without access_token is a bad response', async () => {
    const fake = new FakeFetch(false).on('POST', TOKEN, { body: { token_type: 'Bearer' } });
    const { client } = makeClient(fake);
    await expect(client.requestToken()).rejects.toThrow(/access_token/);
  });

  it('expires_in defaults to one hour', async () => {
    const fake = new FakeFetch(false).on('POST', TOKEN, { body: { access_token: 'abc' } });
    const { client, clock } = makeClient(fake);
    const t = await client.requestToken();
    expect(t.expiresAt - clock.now).toBe(3600_000);
  });

  it('requestToken(creds) tests credentials without touching the cache', async () => {
    const cache = new MemoryTokenCache();
    const fake = new FakeFetch();
    const { client } = makeClient(fake, { tokenCache: cache });
    const t = await client.requestToken({ clientId: 'other', clientSecret: 'pw' });
    expect(t.accessToken).toBe('tok-1');
    expect(await cache.get()).toBeUndefined();
    expect(fake.calls[0]?.headers.Authorization).toBe(
      `Basic ${Buffer.from('other:pw').toString('base64')}`,
    );
  });

  it('requestToken() without creds caches a fresh token', async () => {
    const cache = new MemoryTokenCache();
    const { client } = makeClient(new FakeFetch(), { tokenCache: cache });
    await client.requestToken();
    expect((await cache.get())?.accessToken).toBe('tok-1');
  });

  it('empty credentials count as not configured', async () => {
    const { client } = makeClient(new FakeFetch(), {
      credentials: async () => ({ clientId: '', clientSecret: '' }),
    });
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmNotConfiguredError);
  });
});

describe('token cache', () => {
  it('reuses the cached token until the refresh margin', async () => {
    const fake = new FakeFetch().on('GET', E1, { body: entity('e1') });
    const { client, clock } = makeClient(fake, { tokenRefreshMarginMs: 60_000 });
    await client.getEntity('e1');
    clock.now += 3600_000 - 60_001;
    await client.getEntity('e1');
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(1);
    clock.now += 2;
    await client.getEntity('e1');
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(2);
    expect(fake.apiCalls().map((c) => c.headers.Authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('short-lived tokens shrink the margin to half their lifetime (no refresh on every call)', async () => {
    const fake = new FakeFetch(false)
      .always('POST', TOKEN, () => tokenReply('short', 2))
      .on('GET', E1, { body: entity('e1') });
    const { client, clock } = makeClient(fake, { tokenRefreshMarginMs: 60_000 });
    await client.getEntity('e1');
    await client.getEntity('e1');
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(1);
    clock.now += 1001;
    await client.getEntity('e1');
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(2);
  });

  it('uses an injected cache (e.g. KVS) across client instances', async () => {
    const store: { t?: CachedToken } = {};
    const cache: TokenCache = {
      get: async () => store.t,
      set: async (t) => {
        store.t = t;
      },
      clear: async () => {
        delete store.t;
      },
    };
    const fake = new FakeFetch().on('GET', E1, { body: entity('e1') });
    await makeClient(fake, { tokenCache: cache }).client.getEntity('e1');
    await makeClient(fake, { tokenCache: cache }).client.getEntity('e1');
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(1);
  });
});

describe('a failing token cache (storage down)', () => {
  const broken: TokenCache = {
    get: () => Promise.reject(new Error('storage down')),
    set: () => Promise.reject(new Error('storage down')),
    clear: () => Promise.reject(new Error('storage down')),
  };

  it('costs a token request per client (one invocation) but never fails the call', async () => {
    const fake = new FakeFetch().on('GET', E1, { body: entity('e1') });
    const { client } = makeClient(fake, { tokenCache: broken });
    await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
    await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(1);
    const other = makeClient(fake, { tokenCache: broken }).client;
    await expect(other.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(2);
  });

  it('reads a shared cache once for all the requests of a client', async () => {
    let reads = 0;
    const counting: TokenCache = {
      get: async () => {
        reads += 1;
        return { accessToken: 'shared', expiresAt: Date.now() + 3_600_000 };
      },
      set: async () => undefined,
      clear: async () => undefined,
    };
    const fake = new FakeFetch().on('GET', E1, { body: entity('e1') });
    const { client } = makeClient(fake, { tokenCache: counting });
    await Promise.all([client.getEntity('e1'), client.getEntity('e1'), client.getEntity('e1')]);
    expect(reads).toBe(1);
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(0);
  });

  it('still recovers from a 401 with a new token', async () => {
    const fake = new FakeFetch()
      .on('GET', E1, { status: 401, body: { message: 'expired' } })
      .on('GET', E1, { body: entity('e1') });
    const { client } = makeClient(fake, { tokenCache: broken });
    await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
  });
});

describe('single flight', () => {
  it('50 concurrent calls share one token request', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const fake = new FakeFetch(false)
      .always('POST', TOKEN, async () => {
        await gate;
        return tokenReply('shared');
      })
      .on('GET', E1, { body: entity('e1') });
    const { client } = makeClient(fake);
    const all = Promise.all(Array.from({ length: 50 }, () => client.getEntity('e1')));
    await new Promise((r) => setTimeout(r, 10));
    release();
    await all;
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(1);
    expect(fake.callsTo('GET', E1)).toHaveLength(50);
  });

  it('a failed token request is not cached: the next call tries again', async () => {
    const fake = new FakeFetch(false)
      .on('POST', TOKEN, { status: 401 }, tokenReply('ok'))
      .on('GET', E1, { body: entity('e1') });
    const { client } = makeClient(fake);
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmAuthError);
    await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
  });
});

describe('401 on an API call', () => {
  it('clears the cache, gets a new token and retries once', async () => {
    const fake = new FakeFetch().on('GET', E1, { status: 401 }, { body: entity('e1') });
    const { client } = makeClient(fake);
    await expect(client.getEntity('e1')).resolves.toMatchObject({ id: 'e1' });
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(2);
    expect(fake.apiCalls().map((c) => c.headers.Authorization)).toEqual([
      'Bearer tok-1',
      'Bearer tok-2',
    ]);
  });

  it('retries writes once too (a 401 was not executed)', async () => {
    const fake = new FakeFetch().on(
      'POST',
      '/api/1.0/workspace/CRM/entities',
      { status: 401 },
      { body: entity('e9') },
    );
    const { client } = makeClient(fake);
    await expect(
      client.createEntity({ type: 'company', fields: { 'company-name': 'x' } }),
    ).resolves.toMatchObject({ id: 'e9' });
  });

  it('only once: a second 401 is CrmAuthError', async () => {
    const fake = new FakeFetch().on('GET', E1, { status: 401 });
    const { client } = makeClient(fake);
    await expect(client.getEntity('e1')).rejects.toBeInstanceOf(CrmAuthError);
    expect(fake.callsTo('GET', E1)).toHaveLength(2);
  });

  it('many calls rejected together fetch one new token', async () => {
    const cache = new MemoryTokenCache();
    const fake = new FakeFetch().always('GET', E1, (c) =>
      c.headers.Authorization === 'Bearer revoked' ? { status: 401 } : { body: entity('e1') },
    );
    const { client, clock } = makeClient(fake, { tokenCache: cache });
    await cache.set({ accessToken: 'revoked', expiresAt: clock.now + 3600_000 });
    await Promise.all(Array.from({ length: 20 }, () => client.getEntity('e1')));
    expect(fake.callsTo('POST', TOKEN)).toHaveLength(1);
    expect(fake.callsTo('GET', E1)).toHaveLength(40);
  });
});
