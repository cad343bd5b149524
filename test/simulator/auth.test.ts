import { API, E, msg, TestClient } from './helpers';

const form = 'application/x-www-form-urlencoded';

describe('simulator: OAuth token endpoint and bearer auth', () => {
  let c: TestClient;
  let url: string;
  beforeAll(async () => {
    c = await TestClient.start({ clientId: 'id-1', clientSecret: 's3cr:et', dataset: 'empty' });
    url = `${c.sim.baseUrl}${API}/oauth/token`;
  });
  afterAll(() => c.close());

  const basic = (id: string, secret: string) =>
    `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  it('issues a bearer token for Basic credentials', async () => {
    const r = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': form, Authorization: basic('id-1', 's3cr:et') },
      body: 'grant_type=client_credentials',
    });
    expect(r.status).toBe(200);
    const body = (await r.json()) as Record<string, unknown>;
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    expect(typeof body.access_token).toBe('string');
    expect((body.access_token as string).length).toBeGreaterThan(20);
  });

  it('issues a token for credentials in the form body, and each token differs', async () => {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'id-1',
      client_secret: 's3cr:et',
    });
    const [a, b] = await Promise.all(
      [1, 2].map(
        async () =>
          ((await (await fetch(url, { method: 'POST', body })).json()) as { access_token: string })
            .access_token,
      ),
    );
    expect(a).toBeDefined();
    expect(a).not.toBe(b);
    const r = await fetch(`${c.sim.baseUrl}${E}`, {
      headers: { Authorization: `Bearer ${a ?? ''}` },
    });
    expect(r.status).toBe(200);
  });

  it('answers 401 with a message for wrong or missing credentials', async () => {
    const wrong = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': form, Authorization: basic('id-1', 'nope') },
      body: 'grant_type=client_credentials',
    });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { message: string }).message).toMatch(
      /invalid client credentials/i,
    );
    const missing = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': form },
      body: 'grant_type=client_credentials',
    });
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { message: string }).message).toMatch(/missing/i);
  });

  it('answers 400 for a wrong grant_type and 415 for a JSON token request', async () => {
    const grant = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': form, Authorization: basic('id-1', 's3cr:et') },
      body: 'grant_type=password',
    });
    expect(grant.status).toBe(400);
    expect(((await grant.json()) as { message: string }).message).toMatch(/grant_type/);
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: basic('id-1', 's3cr:et') },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(json.status).toBe(415);
  });

  it('rejects API calls without, with unknown and with revoked tokens', async () => {
    const none = await fetch(`${c.sim.baseUrl}${E}`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as { message: string }).message).toMatch(/bearer/i);
    const unknown = await fetch(`${c.sim.baseUrl}${E}`, {
      headers: { Authorization: 'Bearer not-a-token' },
    });
    expect(unknown.status).toBe(401);

    await c.fetchToken();
    expect((await c.list('')).status).toBe(200);
    c.sim.control.expireAllTokens();
    const expired = await c.list('');
    expect(expired.status).toBe(401);
    expect(msg(expired)).toMatch(/expired/);
    await c.fetchToken();
    expect((await c.list('')).status).toBe(200);
  });

  it('expires tokens after tokenTtlSeconds', async () => {
    const short = await TestClient.start({ tokenTtlSeconds: 1, dataset: 'empty' });
    try {
      await short.fetchToken();
      expect((await short.list('')).status).toBe(200);
      await new Promise((r) => setTimeout(r, 1100));
      const r = await short.list('');
      expect(r.status).toBe(401);
      expect(msg(r)).toMatch(/expired/);
    } finally {
      await short.close();
    }
  });

  it('enforces Content-Type application/json and well-formed JSON on bodies', async () => {
    const text = await c.call(
      'POST',
      E,
      JSON.stringify({ type: 'company', fields: { 'company-name': 'X' } }),
      {
        'Content-Type': 'text/plain',
      },
    );
    expect(text.status).toBe(415);
    expect(msg(text)).toMatch(/application\/json/);
    const formBody = await c.call('POST', E, 'type=company', { 'Content-Type': form });
    expect(formBody.status).toBe(415);
    const bad = await c.call('POST', E, '{"type": "company",', {
      'Content-Type': 'application/json',
    });
    expect(bad.status).toBe(400);
    expect(msg(bad)).toMatch(/Malformed JSON/);
    const charset = await c.call(
      'POST',
      E,
      JSON.stringify({ type: 'company', fields: { 'company-name': 'Charset BV' } }),
      {
        'Content-Type': 'application/json; charset=utf-8',
      },
    );
    expect(charset.status).toBe(201);
    const empty = await c.call('POST', E);
    expect(empty.status).toBe(400);
    expect(msg(empty)).toMatch(/body is required/);
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    const nf = await c.get(`${API}/workspace/CRM/nothing`);
    expect(nf.status).toBe(404);
    expect(msg(nf)).toMatch(/No such endpoint/);
    const na = await c.call('PATCH', `${E}/abc`);
    expect(na.status).toBe(405);
    expect(na.headers.get('allow')).toBe('GET, PUT, DELETE');
  });
});
