// CRM text is data, never markup, and only https links from the CRM are kept: a CRM answering with
// markup in names and javascript:/http: app links, through the real backend.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import type {
  EntityDetails,
  LinksData,
  PanelData,
  Result,
  SearchResult,
} from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { hostWithCrm } from '../setup/crm-host';

const MARKUP = '<img src=x onerror=alert(1)>';
const APP_LINKS: Record<string, string> = {
  e1: 'javascript:alert(1)',
  e2: 'http://atlascrm.avisi-apps.com/app/CRM/company/e2',
  e3: 'data:text/html,<script>alert(1)</script>',
  e4: 'https://atlascrm.avisi-apps.com/app/CRM/company/e4',
};

function entity(id: string) {
  return {
    id,
    type: 'company',
    fields: { 'company-name': `${MARKUP} ${id}`, 'company-industry': '<script>x</script>' },
    _links: { self: { href: `https://crm.invalid/${id}` }, app: { href: APP_LINKS[id] } },
  };
}

let crm: FakeCrm;
let host: ForgeHost;
let call: (key: string, payload?: unknown) => Promise<Result<unknown>>;
beforeAll(async () => {
  crm = await startFakeCrm(({ method, path }) => {
    const m = /\/entities\/([^/]+)(\/issues|\/links)?$/.exec(path);
    if (path.endsWith('/entities') && method === 'GET')
      return {
        status: 200,
        body: { items: Object.keys(APP_LINKS).map(entity), total: 4, _links: {} },
      };
    if (m && m[2] === '/issues')
      return { status: 200, body: { 'issue-ids': method === 'POST' ? ['10001'] : [] } };
    if (m && m[2] === '/links') return { status: 200, body: { items: [], total: 0, _links: {} } };
    if (m) return { status: 200, body: entity(m[1] as string) };
    return { status: 404, body: { message: 'no' } };
  });
  host = hostWithCrm(crm.baseUrl);
  host.install();
  const { handler } = (await import('../../src/index')) as unknown as { handler: ResolverHandler };
  call = async (key, payload) => {
    const admin = key.startsWith('admin/');
    return (await host.invoke(handler, key, payload, {
      accountId: (admin ? DEMO_USERS.admin : DEMO_USERS.agent).accountId,
      moduleKey: admin ? 'atlas-crm-admin-page' : 'atlas-crm-issue-panel',
      extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
      ...(admin ? {} : { issue: { id: '10001', key: 'SUP-1' } }),
    })) as Result<unknown>;
  };
  expect(
    (await call('admin/credentials/save', { clientId: 'c', clientSecret: 'secret-value' })).ok,
  ).toBe(true);
});
afterAll(async () => {
  host.uninstall();
  await crm.close();
});

function data<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.data as T;
}

it('search results keep markup as text and drop every non-https app link', async () => {
  const r = data<SearchResult>(await call('entities/search', { type: 'company', text: 'img' }));
  expect(r.items.map((i) => i.name)).toEqual(
    ['e1', 'e2', 'e3', 'e4'].map((id) => `${MARKUP} ${id}`),
  );
  expect(r.items.map((i) => i.appUrl)).toEqual([undefined, undefined, undefined, APP_LINKS.e4]);
});

it('the stored index holds no link at all, and the panel builds every link from the CRM origin', async () => {
  for (const id of ['e1', 'e2', 'e3', 'e4'])
    data<LinksData>(await call('links/add', { entityId: id }));
  const stored = JSON.stringify(host.jira.getProperty('10001', 'atlas-crm-links'));
  expect(stored).not.toMatch(/https?:|javascript:|data:/);
  const origin = 'https://atlascrm.avisi-apps.com/';
  const panel = data<PanelData>(await call('panel/open'));
  expect(panel.links.map((l) => l.id)).toEqual(['e1', 'e2', 'e3', 'e4']);
  for (const link of panel.links) expect(link.appUrl?.startsWith(origin)).toBe(true);
  expect(panel.links[0]?.name).toBe(`${MARKUP} e1`);
  const refreshed = data<LinksData>(await call('links/refresh'));
  for (const link of refreshed.links) expect(link.appUrl?.startsWith(origin)).toBe(true);
});

it('entity details drop a javascript: app link', async () => {
  const d = data<EntityDetails>(await call('entities/get', { entityId: 'e1' }));
  expect(d.entity.appUrl).toBeUndefined();
  expect(d.entity.name).toBe(`${MARKUP} e1`);
});
