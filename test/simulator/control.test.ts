import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Entity, EntityLink } from '../../src/crm/types';
import { API, E, TestClient } from './helpers';

const sim = (c: TestClient, method: string, path: string, body?: unknown) =>
  fetch(`${c.sim.baseUrl}/__sim/${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));

describe('simulator: stats and control endpoints', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'empty' });
  });
  afterAll(() => c.close());

  it('counts requests by stable route name, including token requests', async () => {
    c.sim.control.resetStats();
    await c.fetchToken();
    const e = await c.create('company', { 'company-name': 'Stats BV' });
    await c.get(`${E}/${e.id}`);
    await c.get(`${E}/${e.id}`);
    await c.list('type=company');
    await c.call('POST', `${E}/${e.id}/issues`, { 'issue-ids': ['1'] });
    await c.get(`${API}/workspace/CRM/template/company`);
    await c.get(`${API}/nowhere`);
    expect(c.sim.control.stats()).toEqual({
      total: 8,
      tokenRequests: 1,
      byEndpoint: {
        'POST /oauth/token': 1,
        'POST /entities': 1,
        'GET /entities/:id': 2,
        'GET /entities': 1,
        'POST /entities/:id/issues': 1,
        'GET /template/:type': 1,
        'GET (unmatched)': 1,
      },
    });
    const http = await sim(c, 'GET', 'stats');
    expect(http.body.total).toBe(8); // control calls are not counted
    await sim(c, 'POST', 'stats/reset');
    expect(c.sim.control.stats()).toEqual({ total: 0, byEndpoint: {}, tokenRequests: 0 });
  });

  it('answers issue and entity look-ups, and expires tokens over HTTP', async () => {
    const e = await c.create('contact', { 'contact-name': 'Ctl' });
    await c.call('POST', `${E}/${e.id}/issues`, { 'issue-ids': ['30002', '30001'] });
    expect((await sim(c, 'GET', `entities/${e.id}/issues`)).body).toEqual({
      'issue-ids': ['30001', '30002'],
    });
    expect((await sim(c, 'GET', 'issues/30001/entities')).body).toEqual({ 'entity-ids': [e.id] });
    expect((await sim(c, 'GET', 'issues/unknown/entities')).body).toEqual({ 'entity-ids': [] });
    expect((await sim(c, 'POST', 'tokens/expire')).status).toBe(200);
    expect((await c.list('')).status).toBe(401);
    await c.fetchToken();
    expect((await sim(c, 'GET', 'nothing')).status).toBe(404);
  });

  it('sets, merges, validates and clears faults over HTTP', async () => {
    expect((await sim(c, 'POST', 'faults', { latencyMs: 5 })).body).toMatchObject({
      latencyMs: 5,
      errorRate: 0,
    });
    expect((await sim(c, 'POST', 'faults', { errorRate: 0.5 })).body).toMatchObject({
      latencyMs: 5,
      errorRate: 0.5,
    });
    const bad = await sim(c, 'POST', 'faults', { errorRate: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/errorRate/);
    expect((await sim(c, 'POST', 'faults', { nonsense: 1 })).status).toBe(400);
    expect((await sim(c, 'DELETE', 'faults')).body).toMatchObject({ latencyMs: 0, errorRate: 0 });
  });
});

describe('simulator: fault injection', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await TestClient.start({ dataset: 'demo' });
    await c.fetchToken();
  });
  afterEach(() => c.sim.control.clearFaults());
  afterAll(() => c.close());

  it('answers 429 with Retry-After at rateLimitRate 1, and still counts the request', async () => {
    c.sim.control.resetStats();
    c.sim.control.setFaults({ rateLimitRate: 1, retryAfterSeconds: 7 });
    const r = await c.list('type=company');
    expect(r.status).toBe(429);
    expect(r.headers.get('retry-after')).toBe('7');
    expect(c.sim.control.stats().byEndpoint['GET /entities']).toBe(1);
    // The control API is never faulted.
    expect((await sim(c, 'GET', 'stats')).status).toBe(200);
    // Token requests are faulted too.
    const token = await fetch(`${c.sim.baseUrl}${API}/oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: c.sim.clientId,
        client_secret: c.sim.clientSecret,
      }),
    });
    expect(token.status).toBe(429);
  });

  it('answers 500 and 503 (some with HTML bodies) at errorRate 1', async () => {
    c.sim.control.setFaults({ errorRate: 1 });
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const r = await c.list('type=company');
      expect([500, 503]).toContain(r.status);
      const html = r.text.startsWith('<html>');
      if (!html) expect(typeof (r.body as { message?: unknown }).message).toBe('string');
      seen.add(`${r.status}:${html ? 'html' : 'json'}`);
    }
    expect(seen).toContain('503:html');
    expect(seen).toContain('500:json');
  });

  it('injects partial error rates reproducibly', async () => {
    const run = async () => {
      c.sim.control.clearFaults(); // also restarts the seeded draw sequence
      c.sim.control.setFaults({ errorRate: 0.3, rateLimitRate: 0.2 });
      const statuses: number[] = [];
      for (let i = 0; i < 50; i++) statuses.push((await c.list('type=company&size=1')).status);
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    const ok = a.filter((s) => s === 200).length;
    expect(ok).toBeGreaterThan(10);
    expect(ok).toBeLessThan(45);
    expect(a).toContain(429);
  });

  it('adds latency', async () => {
    c.sim.control.setFaults({ latencyMs: 120, latencyJitterMs: 10 });
    const t0 = performance.now();
    const r = await c.list('type=company&size=1');
    expect(r.status).toBe(200);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115);
  });
});

describe('simulator: state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'crm-sim-'));
  const file = join(dir, 'state.json');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('saves entities, links, issue links and comments on close and loads them on start', async () => {
    const a = await TestClient.start({ dataset: 'empty', stateFile: file });
    const co = await a.create('company', {
      'company-name': 'Persisted BV',
      'company-tags': ['Partner'],
    });
    const ct = await a.create('contact', { 'contact-name': 'Pia' });
    await a.call('POST', `${E}/${co.id}/links`, { 'entity-id': ct.id, roles: ['Employee'] });
    await a.call('POST', `${E}/${co.id}/issues`, { 'issue-ids': ['10042'] });
    await a.call('POST', `${E}/${ct.id}/comments`, {
      format: 'plain-text',
      comment: 'hi',
      'account-id': 'acc-1',
    });
    await a.close();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as {
      version: number;
      entities: unknown[];
    };
    expect(saved.version).toBe(1);
    expect(saved.entities).toHaveLength(2);

    const b = await TestClient.start({ dataset: 'demo', stateFile: file }); // the file wins over the dataset
    try {
      expect((await b.list('')).body.total).toBe(2);
      expect((await b.get<Entity>(`${E}/${co.id}`)).body.fields).toEqual({
        'company-name': 'Persisted BV',
        'company-tags': ['Partner'],
      });
      expect((await b.get<EntityLink>(`${E}/${ct.id}/links/${co.id}`)).body.roles).toEqual([
        'Employee',
      ]);
      expect(b.sim.control.entitiesLinkedToIssue('10042')).toEqual([co.id]);
      const comments = await fetch(`${b.sim.baseUrl}/__sim/entities/${ct.id}/comments`).then(
        (r) => r.json() as Promise<{ comments: { comment: string }[] }>,
      );
      expect(comments.comments.map((x) => x.comment)).toEqual(['hi']);
      // Writes are saved (debounced) without waiting for close.
      await b.call('DELETE', `${E}/${ct.id}`);
      await new Promise((r) => setTimeout(r, 400));
      const after = JSON.parse(readFileSync(file, 'utf8')) as {
        entities: unknown[];
        links: unknown[];
      };
      expect(after.entities).toHaveLength(1);
      expect(after.links).toHaveLength(0);
    } finally {
      await b.close();
    }
  });
});
