// The issue property `atlas-crm-links` can be rewritten by anyone with Edit Issues through Jira's
// REST API, and read by anyone who can browse the issue. What the app shows and acts on comes from
// its own record in KVS: a rewritten property changes nothing users see, opens no entity to
// comments or updates, sends no odd id to Atlas CRM, and holds no private data. Without the app's
// record an issue has no links, whatever its property names: opening it asks Atlas CRM nothing.
import { asUser, route } from '@forge/api';
import { DEMO_GROUPS } from '../../sandbox/forge-host';
import type { ContextSummary } from '../../src/shared/contract';
import { indexIds, storedLinks } from '../faults/world';
import {
  CONTEXT,
  DEMO_USERS,
  ISSUES,
  entityIds,
  startHarness,
  type Harness,
  type IssueKey,
} from './harness';
import { crmToken } from '../setup/crm-outside-jira';

jest.setTimeout(60_000);

const PROP = 'atlas-crm-links';
const APP_LINK = /^https:\/\/atlascrm\.avisi-apps\.com\/app\/CRM\/(company|contact|sale)\/[\w-]+$/;
const OUTSIDER = '557058:outside-the-policy';

let h: Harness;
let companies: string[];
let contacts: string[];

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  companies = await entityIds(h, 'company', 6);
  contacts = await entityIds(h, 'contact', 2);
  // Edit Issues through jira-admins, but outside the policy (support-team only).
  h.host.jira.addUser({
    accountId: OUTSIDER,
    displayName: 'Olivia Outsider',
    emailAddress: 'olivia@example.com',
    groups: ['jira-admins'],
  });
  const support = DEMO_GROUPS.find((g) => g.name === 'support-team')!;
  await h.ok('admin/policy/save', { groups: [support] }, { user: 'admin' });
});
afterAll(async () => h.close());

/** A PUT of the property through Jira's REST API as `accountId`, as any REST client could. */
async function writePropertyAs(accountId: string, issue: IssueKey, value: unknown): Promise<void> {
  const status = await h.host.runAs(accountId, async () => {
    const res = await asUser().requestJira(route`/rest/api/3/issue/${issue}/properties/${PROP}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(value),
    });
    return res.status;
  });
  expect([200, 201]).toContain(status);
}

/** An old-format record (v 1) naming `ids`, the first one as the look-alike "Injected Ltd". */
function injected(ids: string[]): unknown {
  return {
    v: 1,
    count: ids.length,
    companyNames: ['Injected Ltd'],
    contactNames: [],
    saleNames: [],
    entityIds: ids,
    ub: 'https://atlascrm.avisi-apps.com.login-check.example/',
    us: [OUTSIDER],
    links: ids.map((i) => ({
      i,
      t: 'company',
      n: 'Injected Ltd',
      k: {},
      u: 'sso',
      b: 0,
      a: 0,
      r: 0,
    })),
  };
}

it('a property rewritten by a user outside the policy changes nothing the panel and context show', async () => {
  const real = companies[0]!;
  await h.ok('links/add', { entityId: real }, { issue: 'SUP-1' });
  const refused = await h.invoke('links/add', { entityId: companies[1]! }, { user: OUTSIDER });
  expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  await writePropertyAs(OUTSIDER, 'SUP-1', injected([companies[1]!, real]));

  const panel = await h.ok('panel/open', undefined, { issue: 'SUP-1' });
  expect(panel.links.map((l) => l.id)).toEqual([real]);
  expect(panel.links.map((l) => l.name)).not.toContain('Injected Ltd');
  for (const link of panel.links) expect(link.appUrl).toMatch(APP_LINK);
  const context = (await h.ok('context/summary', undefined, {
    module: CONTEXT,
    issue: 'SUP-1',
  })) as ContextSummary;
  expect(context.counts.company).toBe(1);
  expect(context.names.company).not.toContain('Injected Ltd');
  // The JQL index is the record's again.
  expect(indexIds(h, ISSUES['SUP-1'])).toEqual([real]);
  expect(JSON.stringify(h.host.jira.getProperty(ISSUES['SUP-1'], PROP))).not.toContain('Injected');
});

it('an editor inside the policy can not plant an entity to comment on, update or refresh', async () => {
  const [real, planted] = [companies[2]!, companies[3]!];
  await h.ok('links/add', { entityId: real }, { issue: 'SUP-3' });
  const before = JSON.stringify(h.sim.control.getEntity(planted));
  await writePropertyAs(DEMO_USERS.agent.accountId, 'SUP-3', injected([planted, real]));
  h.sim.control.resetStats();

  const comment = await h.invoke(
    'comments/add',
    { entityId: planted, comment: 'Planted' },
    { issue: 'SUP-3' },
  );
  expect(comment).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const update = await h.invoke(
    'entities/update',
    { entityId: planted, fields: { 'company-name': 'Taken over' } },
    { issue: 'SUP-3' },
  );
  expect(update).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  const refreshed = await h.ok('links/refresh', undefined, { issue: 'SUP-3' });
  expect(refreshed.links.map((l) => l.id)).toEqual([real]);

  expect(JSON.stringify(h.sim.control.getEntity(planted))).toBe(before);
  expect(h.sim.control.stats().byEndpoint['POST /entities/:id/comments']).toBeUndefined();
  expect(h.sim.control.issueIdsOf(planted)).toEqual([]);
});

it('ids like . and .. in a property never reach Atlas CRM', async () => {
  await writePropertyAs(OUTSIDER, 'SUP-2', {
    ...(injected(['.', '..', '../template/company', 'a/b']) as object),
    links: [{ i: '..', t: 'company', n: 'Injected Ltd', k: {}, b: 0, a: 0, r: 0 }],
  });
  h.sim.control.resetStats();
  const panel = await h.ok('panel/open', undefined, { issue: 'SUP-2' });
  expect(panel.links).toEqual([]);
  const endpoints = Object.keys(h.sim.control.stats().byEndpoint);
  expect(endpoints.filter((name) => name.includes('entities'))).toEqual([]);
  // A read writes no record; the index says what the (missing) record says: nothing.
  expect(storedLinks(h, ISSUES['SUP-2'])).toBeUndefined();
  expect(h.host.jira.getProperty(ISSUES['SUP-2'], PROP)).toMatchObject({ v: 2, count: 0 });
});

it("a planted property of 100 ids opens no links: a viewer's open sends Atlas CRM nothing", async () => {
  const linked = companies[4]!;
  // Even an id Atlas CRM does link to the issue (made there, not by the app) is no link here.
  const token = await crmToken(h.sim);
  const res = await fetch(`${h.sim.baseUrl}/api/1.0/workspace/CRM/entities/${linked}/issues`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ 'issue-ids': [ISSUES['SUP-4']] }),
  });
  expect(res.status).toBe(200);
  const planted = [linked, ...Array.from({ length: 99 }, (_, i) => `planted-${i}`)];
  await writePropertyAs(DEMO_USERS.agent.accountId, 'SUP-4', injected(planted));
  h.sim.control.resetStats();

  const panel = await h.ok('panel/open', undefined, { user: 'viewer', issue: 'SUP-4' });
  const context = (await h.ok('context/summary', undefined, {
    user: 'viewer',
    module: CONTEXT,
    issue: 'SUP-4',
  })) as ContextSummary;
  expect(panel.links).toEqual([]);
  expect(context.counts).toEqual({ company: 0, contact: 0, sale: 0 });
  // No write to Atlas CRM, and no more than the templates (cached: none at all).
  const asked = h.sim.control.stats().byEndpoint;
  expect(Object.keys(asked).filter((name) => !name.startsWith('GET'))).toEqual([]);
  expect(h.sim.control.stats().total).toBeLessThanOrEqual(3);
  expect(storedLinks(h, ISSUES['SUP-4'])).toBeUndefined();
  expect(h.sim.control.issueIdsOf(linked)).toEqual([ISSUES['SUP-4']]);
  // The index was rewritten once, to what the app holds: nothing.
  expect(h.host.jira.getProperty(ISSUES['SUP-4'], PROP)).toMatchObject({ v: 2, count: 0 });
});

it('the property holds no contact emails, phones or account ids; the panel still shows them', async () => {
  for (const id of contacts) await h.ok('links/add', { entityId: id }, { issue: 'SUP-5' });
  const panel = await h.ok('panel/open', undefined, { issue: 'SUP-5' });
  const shown = JSON.stringify(panel.links.map((l) => l.keyFields));
  expect(shown).toMatch(/@/);
  const property = JSON.stringify(h.host.jira.getProperty(ISSUES['SUP-5'], PROP));
  expect(property).toContain(contacts[0]);
  expect(property).not.toMatch(/@/);
  const keyValues = panel.links.flatMap((l) => Object.values(l.keyFields)).map(String);
  expect(keyValues.length).toBeGreaterThan(0);
  for (const value of keyValues) expect(property).not.toContain(value);
  expect(property).not.toContain('557058:');
  expect(property).not.toContain('https://');
});
