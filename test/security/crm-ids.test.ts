// Entity ids that Atlas CRM itself answers with are checked like ids from the browser: an id this
// app can not store (`a.b`, `..`) never reaches a CRM URL or the issue's link record, and an
// answer about another entity than the one asked for never changes which entity is linked.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import type { CreateResult, LinksData, Result, SearchResult } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { hostWithCrm } from '../setup/crm-host';

jest.setTimeout(60_000);

const company = (id: string, name: string) => ({
  id,
  type: 'company',
  fields: { 'company-name': name },
  _links: {},
});

/** What GET /entities/{id} answers, by id; `swap` makes one id answer as another entity. */
const records: Record<string, unknown> = {
  good: company('good', 'Good Ltd'),
  other: company('other', 'Other Ltd'),
  asked: company('asked', 'Asked Ltd'),
};
const swap: Record<string, string> = {};
/** Issue ids each entity is linked to in this CRM. */
const issuesOf: Record<string, string[]> = {};
const createdId = 'new.one';
/** Ids GET /entities/{id}/links lists, without fields, by entity. */
const relatedOf: Record<string, string[]> = {};

let crm: FakeCrm;
let host: ForgeHost;
let handler: ResolverHandler;
let warn: jest.SpyInstance;

beforeAll(async () => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  crm = await startFakeCrm(({ method, path, body }) => {
    const m = /\/entities\/([^/]+)(\/issues|\/links)?$/.exec(path);
    if (method === 'GET' && path.endsWith('/entities'))
      return {
        status: 200,
        body: {
          // Without fields, as the API reference shows lists: each item is read by its id.
          items: [
            { id: '..', type: 'company', _links: {} },
            { id: 'good', type: 'company' },
          ],
          total: 2,
          _links: {},
        },
      };
    if (method === 'POST' && path.endsWith('/entities'))
      return { status: 201, body: company(createdId, 'Created Ltd') };
    if (m && m[2] === '/issues') {
      const id = decodeURIComponent(m[1] as string);
      const ids = (JSON.parse(body) as { 'issue-ids': string[] })['issue-ids'];
      const now = new Set(issuesOf[id] ?? []);
      for (const issue of ids) {
        if (method === 'POST') now.add(issue);
        else now.delete(issue);
      }
      issuesOf[id] = [...now];
      return { status: 200, body: { 'issue-ids': issuesOf[id] } };
    }
    if (m && m[2] === '/links')
      return {
        status: 200,
        body: {
          items: (relatedOf[decodeURIComponent(m[1] as string)] ?? []).map((id) => ({
            roles: ['partner'],
            entity: { id, type: 'company', _links: {} },
            _links: {},
          })),
          total: (relatedOf[decodeURIComponent(m[1] as string)] ?? []).length,
          _links: {},
        },
      };
    const id = m ? decodeURIComponent(m[1] as string) : '';
    const answer = records[swap[id] ?? id];
    return answer ? { status: 200, body: answer } : { status: 404, body: { message: 'no' } };
  });
  host = hostWithCrm(crm.baseUrl);
  host.install();
  handler = ((await import('../../src/index')) as unknown as { handler: ResolverHandler }).handler;
  expect(
    (await call('admin/credentials/save', { clientId: 'c', clientSecret: 'sec-ret' })).ok,
  ).toBe(true);
});
afterAll(async () => {
  warn.mockRestore();
  host.uninstall();
  await crm.close();
});

async function call(key: string, payload?: unknown, issue = '10001'): Promise<Result<unknown>> {
  const admin = key.startsWith('admin/');
  return (await host.invoke(handler, key, payload, {
    accountId: (admin ? DEMO_USERS.admin : DEMO_USERS.agent).accountId,
    moduleKey: admin ? 'atlas-crm-admin-page' : 'atlas-crm-issue-panel',
    extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
    ...(admin ? {} : { issue: { id: issue, key: `SUP-${Number(issue) - 10000}` } }),
  })) as Result<unknown>;
}

/** Paths of entity requests other than the list itself: every one names a well-formed id. */
function entityPathsSince(start: number): string[] {
  return crm.requests
    .slice(start)
    .map((r) => r.path)
    .filter((p) => !p.endsWith('/oauth/token') && !p.includes('/template/'));
}

const WELL_FORMED = /^\/api\/1\.0\/workspace\/CRM\/entities(\/[A-Za-z0-9_-]+(\/issues|\/links)?)?$/;

it('an entity Atlas CRM creates under an id the app can not store is not linked, and the panel keeps working', async () => {
  const before = crm.requests.length;
  const created = await call('entities/create', {
    type: 'company',
    fields: { 'company-name': 'Created Ltd' },
    linkToIssue: true,
  });
  expect(created.ok).toBe(true);
  const data = (created as { data: CreateResult }).data;
  expect(data.linked).toBe(false);
  expect(data.linkError?.message).toMatch(/Atlas CRM/);
  for (const path of entityPathsSince(before)) expect(path).toMatch(WELL_FORMED);
  expect(issuesOf['new.one'] ?? []).toEqual([]);
  // The issue's links still read: nothing unreadable was stored.
  const panel = await call('panel/open');
  expect(panel.ok).toBe(true);
  expect((panel as { data: LinksData }).data.links).toEqual([]);
});

it('linking answers about the entity asked for only: an answer naming another entity links nothing', async () => {
  swap.asked = 'other';
  try {
    const r = await call('links/add', { entityId: 'asked' }, '10002');
    expect(r.ok).toBe(false);
    expect(issuesOf.other ?? []).toEqual([]);
    const panel = (await call('panel/open', undefined, '10002')) as { data: LinksData };
    expect(panel.data.links.map((l) => l.id)).toEqual([]);
  } finally {
    delete swap.asked;
  }
});

it('a refresh keeps the linked entity: an answer naming another entity never replaces it', async () => {
  expect((await call('links/add', { entityId: 'good' }, '10003')).ok).toBe(true);
  swap.good = 'other';
  try {
    // Its one entity could not be re-read: said so, and the record keeps what it had.
    expect(await call('links/refresh', undefined, '10003')).toMatchObject({
      ok: false,
      error: { code: 'CRM_UNAVAILABLE' },
    });
    const panel = (await call('panel/open', undefined, '10003')) as { data: LinksData };
    expect(panel.data.links.map((l) => l.id)).toEqual(['good']);
    // Comments still need the link the app made: 'other' was never linked here.
    const comment = await call('comments/add', { entityId: 'other', comment: 'hi' }, '10003');
    expect(comment).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  } finally {
    delete swap.good;
  }
});

it('a search never sends a listed id such as `..` back to Atlas CRM', async () => {
  const before = crm.requests.length;
  const r = (await call('entities/search', { type: 'company' })) as {
    ok: boolean;
    data: SearchResult;
  };
  expect(r.ok).toBe(true);
  expect(r.data.items.map((i) => i.id)).toEqual(['good']);
  for (const path of entityPathsSince(before)) expect(path).toMatch(WELL_FORMED);
});

it('migrating an old property keeps only the entity Atlas CRM confirmed, never another one its answer names', async () => {
  issuesOf.asked = ['10004'];
  swap.asked = 'other';
  try {
    host.jira.setProperty('10004', 'atlas-crm-links', { v: 1, entityIds: ['asked'], links: [] });
    const panel = (await call('panel/open', undefined, '10004')) as { data: LinksData };
    expect(panel.data.links.map((l) => l.id)).toEqual([]);
  } finally {
    delete swap.asked;
    delete issuesOf.asked;
  }
});

it('a stored repair intent naming `..` is never replayed to Atlas CRM', async () => {
  host.kvs.handle('/api/v1/set', {
    key: 'intent:10005:..',
    value: { issueId: '10005', entityId: '..', op: 'link', at: Date.now() },
  });
  const before = crm.requests.length;
  expect((await call('links/add', { entityId: 'good' }, '10005')).ok).toBe(true);
  for (const path of entityPathsSince(before)) expect(path).toMatch(WELL_FORMED);
});

it('record details never send a related id such as `..` from the link list back to Atlas CRM', async () => {
  relatedOf.good = ['..', 'other'];
  const before = crm.requests.length;
  const r = (await call('entities/get', { entityId: 'good' })) as {
    ok: boolean;
    data: { related: { entity: { id: string } }[] };
  };
  expect(r.ok).toBe(true);
  expect(r.data.related.map((related) => related.entity.id)).toEqual(['other']);
  for (const path of entityPathsSince(before)) expect(path).toMatch(WELL_FORMED);
});
