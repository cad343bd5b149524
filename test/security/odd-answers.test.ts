// Answers the real simulator never sends, through the real backend: an object where a key field's
// text belongs, a record of an unknown kind, an error body nested beyond reason, and an endless
// chunked body. One odd record never breaks the others, and nothing ends as INTERNAL.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { MESSAGES } from '../../src/backend/errors';
import type { EntityDetails, LinksData, Result, SearchResult } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { hostWithCrm } from '../setup/crm-host';

jest.setTimeout(60_000);

const MiB = 1024 * 1024;

/** A schema error body whose one field problem is nested `depth` levels deep, as JSON text. */
function nestedErrorBody(depth: number): string {
  const problem = `${'{"inner":['.repeat(depth)}"too deep"${']}'.repeat(depth)}`;
  return `{"errors":{"fields":{"company-name":${problem}}}}`;
}

const RECORDS: Record<string, unknown> = {
  // An object where the industry's text belongs, and a boolean where a website belongs.
  odd: {
    id: 'odd',
    type: 'company',
    fields: {
      'company-name': 'Odd Ltd',
      'company-industry': { label: 'Software', id: 7 },
      'company-website': true,
    },
    _links: {},
  },
  plain: {
    id: 'plain',
    type: 'company',
    fields: { 'company-name': 'Plain Ltd', 'company-industry': 'Retail' },
    _links: {},
  },
  partner: { id: 'partner', type: 'partner', fields: { 'partner-name': 'P' }, _links: {} },
};

let crm: FakeCrm;
let host: ForgeHost;
let handler: ResolverHandler;
/** What `GET /entities/partner` answers: an unknown kind, until a test links it beforehand. */
let partnerType = 'partner';

beforeAll(async () => {
  crm = await startFakeCrm(({ method, path }) => {
    const m = /\/entities\/([^/]+)(\/issues|\/links)?$/.exec(path);
    if (method === 'GET' && path.endsWith('/entities'))
      return { status: 200, body: { items: Object.values(RECORDS), total: 3, _links: {} } };
    if (method === 'POST' && path.endsWith('/entities'))
      return { status: 400, body: null, raw: nestedErrorBody(20_000) };
    if (m?.[1] === 'huge') return { status: 200, body: null, streamBytes: 60 * MiB };
    if (m && m[2] === '/issues')
      return { status: 200, body: { 'issue-ids': method === 'POST' ? ['10001'] : [] } };
    if (m && m[2] === '/links') return { status: 200, body: { items: [], total: 0, _links: {} } };
    if (m?.[1] === 'partner')
      return { status: 200, body: { ...(RECORDS.partner as object), type: partnerType } };
    if (m && RECORDS[m[1] as string]) return { status: 200, body: RECORDS[m[1] as string] };
    return { status: 404, body: { message: 'no' } };
  });
  host = hostWithCrm(crm.baseUrl);
  host.install();
  handler = ((await import('../../src/index')) as unknown as { handler: ResolverHandler }).handler;
  expect(
    (await call('admin/credentials/save', { clientId: 'c', clientSecret: 'secret-v' })).ok,
  ).toBe(true);
});
afterAll(async () => {
  host.uninstall();
  await crm.close();
});

async function call(key: string, payload?: unknown): Promise<Result<unknown>> {
  const admin = key.startsWith('admin/');
  return (await host.invoke(handler, key, payload, {
    accountId: (admin ? DEMO_USERS.admin : DEMO_USERS.agent).accountId,
    moduleKey: admin ? 'atlas-crm-admin-page' : 'atlas-crm-issue-panel',
    extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
    ...(admin ? {} : { issue: { id: '10001', key: 'SUP-1' } }),
  })) as Result<unknown>;
}

function data<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data as T;
}

it('search lists the usable records, odd values as text or left out, and skips the unknown kind', async () => {
  const r = data<SearchResult>(await call('entities/search', { type: 'company', text: 'Ltd' }));
  expect(r.items.map((item) => item.id)).toEqual(['odd', 'plain']);
  expect(r.items[0]?.keyFields).toEqual({ 'company-website': 'true' });
  expect(r.items[1]?.keyFields).toEqual({ 'company-industry': 'Retail' });
});

it('links/add and links/refresh work with an object-valued key field and an unknown kind beside it', async () => {
  data<LinksData>(await call('links/add', { entityId: 'odd' }));
  // Linked while the CRM still called it a company; later it answers with an unknown kind.
  partnerType = 'company';
  data<LinksData>(await call('links/add', { entityId: 'partner' }));
  partnerType = 'partner';
  const refreshed = data<LinksData>(await call('links/refresh'));
  expect(refreshed.links.map((link) => [link.id, link.name, link.status])).toEqual([
    ['odd', 'Odd Ltd', 'ok'],
    ['partner', 'Unnamed company', 'ok'],
  ]);
});

it('details of a record of an unknown kind answer NOT_FOUND in plain words', async () => {
  expect(await call('entities/get', { entityId: 'partner' })).toEqual({
    ok: false,
    error: { code: 'NOT_FOUND', message: MESSAGES.unsupportedRecord },
  });
  const details = data<EntityDetails>(await call('entities/get', { entityId: 'odd' }));
  const industry = details.sections
    .flatMap((section) => section.fields)
    .find((field) => field.id === 'company-industry');
  expect(industry?.value).toBeNull();
});

it('an error body nested 20,000 levels deep answers VALIDATION, not INTERNAL', async () => {
  const r = await call('entities/create', {
    type: 'company',
    fields: { 'company-name': 'Deep Ltd' },
    linkToIssue: false,
  });
  expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
});

it('a 60 MiB chunked answer is cut off after about 5 MB', async () => {
  const before = crm.streamed.bytes;
  expect(await call('entities/get', { entityId: 'huge' })).toMatchObject({
    ok: false,
    error: { code: 'CRM_UNAVAILABLE', message: MESSAGES.crmUnavailable },
  });
  // Socket buffers hold a few MB more; reading it all would be 60 MiB.
  expect(crm.streamed.bytes - before).toBeLessThan(20 * MiB);
});
