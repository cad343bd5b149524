// The Jira stand-in's JQL search over the indexed link property, driven through the REAL
// @forge/api: Jira's enhanced search and approximate count, only what the caller may browse, and
// Jira's 400 for any query it does not understand.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { asApp, asUser, route } from '@forge/api';
import { DEMO_USERS, ForgeHost, InMemoryJira } from '../../sandbox/forge-host';
import { INDEXED_ALIASES } from '../../sandbox/forge-host/jira/jql';

const { agent, viewer } = DEMO_USERS;
const PROP = 'atlas-crm-links';

interface SearchIssue {
  id: string;
  key?: string;
  fields?: {
    summary?: string;
    updated?: string;
    status?: { name: string; statusCategory: { key: string; name: string } };
  };
}
interface SearchPage {
  issues: SearchIssue[];
  nextPageToken?: string;
  isLast: boolean;
}

const jira = new InMemoryJira();
const host = new ForgeHost({ jira });

function index(ids: string[], companies: string[] = []) {
  return {
    v: 2,
    count: ids.length,
    companyNames: companies,
    contactNames: [],
    saleNames: [],
    entityIds: ids,
    links: ids.map((i) => ({ i, t: 'company', n: i })),
  };
}

beforeAll(() => {
  jira.addIssue({
    id: '19007',
    key: 'SUP-907',
    summary: 'Closed ticket of Nordbridge',
    description: '',
    status: 'Done',
  });
  jira.setProperty('SUP-1', PROP, index(['c-1', 'p-1'], ['Nordbridge Logistics LLC']));
  jira.setProperty('SUP-2', PROP, index(['c-2']));
  jira.setProperty('SUP-3', PROP, index(['c-1']));
  jira.setProperty('SUP-4', PROP, index(['c-1']));
  jira.setProperty('SUP-907', PROP, index(['c-1']));
  // SUP-3 was updated last, SUP-1 first: the order is not the order of ids.
  const snapshot = jira.snapshot();
  const updated: Record<string, string> = {
    'SUP-1': '2025-02-01T09:00:00.000+0000',
    'SUP-3': '2025-03-01T09:00:00.000+0000',
    'SUP-4': '2025-02-15T09:00:00.000+0000',
    'SUP-907': '2025-02-20T09:00:00.000+0000',
  };
  for (const issue of snapshot.issues) issue.updated = updated[issue.key] ?? issue.updated;
  jira.restore(snapshot);
  host.install();
});
afterAll(() => host.uninstall());
afterEach(() => jira.setIssueSecurity('SUP-4', undefined));

async function post(
  who: string | 'app',
  path: 'search/jql' | 'search/approximate-count',
  body: unknown,
): Promise<{ status: number; body: unknown }> {
  const init = {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
  const call = () =>
    path === 'search/jql'
      ? (who === 'app' ? asApp() : asUser()).requestJira(route`/rest/api/3/search/jql`, init)
      : (who === 'app' ? asApp() : asUser()).requestJira(
          route`/rest/api/3/search/approximate-count`,
          init,
        );
  const res = who === 'app' ? await call() : await host.runAs(who, call);
  return { status: res.status, body: await res.json() };
}

const FIELDS = ['summary', 'status', 'updated'];

async function search(who: string, jql: string, extra: Record<string, unknown> = {}) {
  const res = await post(who, 'search/jql', { jql, fields: FIELDS, ...extra });
  expect(res.status).toBe(200);
  return res.body as SearchPage;
}

describe('search/jql over the indexed link property', () => {
  it('finds the issues whose crmEntityId holds the id, newest update first, with the fields asked', async () => {
    const page = await search(agent.accountId, 'crmEntityId = "c-1" ORDER BY updated DESC');
    expect(page.issues.map((i) => i.key)).toEqual(['SUP-3', 'SUP-907', 'SUP-4', 'SUP-1']);
    expect(page.isLast).toBe(true);
    expect(page.nextPageToken).toBeUndefined();
    expect(page.issues[1]).toMatchObject({
      id: '19007',
      key: 'SUP-907',
      fields: {
        summary: 'Closed ticket of Nordbridge',
        updated: '2025-02-20T09:00:00.000+0000',
        status: { name: 'Done', statusCategory: { key: 'done', name: 'Done' } },
      },
    });
    expect(page.issues[0]?.fields?.status?.statusCategory).toMatchObject({ key: 'new' });
  });

  it('answers only ids when no fields are asked, as Jira does', async () => {
    const res = await post(agent.accountId, 'search/jql', { jql: 'crmEntityId = c-2' });
    expect(res.body).toEqual({ issues: [{ id: '10002' }], isLast: true });
  });

  it('leaves out this issue and the done ones, and counts the rest', async () => {
    const jql =
      'crmEntityId = "c-1" AND issuekey != SUP-1 AND statusCategory != Done ORDER BY updated DESC';
    const page = await search(agent.accountId, jql);
    expect(page.issues.map((i) => i.key)).toEqual(['SUP-3', 'SUP-4']);
    const count = await post(agent.accountId, 'search/approximate-count', { jql });
    expect(count).toEqual({ status: 200, body: { count: 2 } });
    const byKey = await post(agent.accountId, 'search/approximate-count', {
      jql: 'crmEntityId = "c-1" AND key != "SUP-3"',
    });
    expect(byKey.body).toEqual({ count: 3 });
  });

  it('reads the other indexed aliases of manifest.yml as well', async () => {
    const page = await search(agent.accountId, 'crmCompany = "Nordbridge Logistics LLC"');
    expect(page.issues.map((i) => i.key)).toEqual(['SUP-1']);
    const counted = await post(agent.accountId, 'search/approximate-count', {
      jql: 'crmLinkCount = 2',
    });
    expect(counted.body).toEqual({ count: 1 });
  });

  it('keeps the same index as manifest.yml', () => {
    const manifest = readFileSync(path.resolve(__dirname, '../../manifest.yml'), 'utf8');
    const declared = [
      ...manifest.matchAll(/- path: (\w+)\s+type: (\w+)\s+searchAlias: (\w+)/g),
    ].map(([, p, type, alias]) => [String(alias).toLowerCase(), { path: p, type }]);
    expect(Object.fromEntries(declared)).toEqual(INDEXED_ALIASES);
  });

  it('also answers the GET form with query parameters', async () => {
    const res = await host.runAs(agent.accountId, () =>
      asUser().requestJira(
        route`/rest/api/3/search/jql?jql=${'crmEntityId = "c-1" ORDER BY updated DESC'}&fields=summary,status&maxResults=${'1'}`,
      ),
    );
    const page = (await res.json()) as SearchPage;
    expect(page.issues.map((i) => i.key)).toEqual(['SUP-3']);
    expect(page.isLast).toBe(false);
  });
});

describe('who sees what', () => {
  it('shows only the issues the caller may browse', async () => {
    jira.setIssueSecurity('SUP-4', { level: 'Legal', accountIds: [agent.accountId] });
    const jql = 'crmEntityId = "c-1" ORDER BY updated DESC';
    expect((await search(agent.accountId, jql)).issues.map((i) => i.key)).toContain('SUP-4');
    expect((await search(viewer.accountId, jql)).issues.map((i) => i.key)).toEqual([
      'SUP-3',
      'SUP-907',
      'SUP-1',
    ]);
    const count = await post(viewer.accountId, 'search/approximate-count', { jql });
    expect(count.body).toEqual({ count: 3 });
  });

  it('finds nothing for someone who may not browse the project', async () => {
    jira.addGroup({ groupId: 'g-nobody', name: 'nobody' });
    jira.addUser({
      accountId: '557058:outsider',
      displayName: 'Olli Outsider',
      emailAddress: 'o@example.com',
      groups: ['nobody'],
    });
    const page = await search('557058:outsider', 'crmEntityId = "c-1"');
    expect(page).toEqual({ issues: [], isLast: true });
  });

  it('refuses an issue key the caller cannot see as one that does not exist', async () => {
    jira.setIssueSecurity('SUP-4', { level: 'Legal', accountIds: [agent.accountId] });
    const res = await post(viewer.accountId, 'search/jql', {
      jql: 'crmEntityId = "c-1" AND issuekey != SUP-4',
    });
    expect(res).toEqual({
      status: 400,
      body: {
        errorMessages: ["An issue with key 'SUP-4' does not exist for field 'issuekey'."],
        errors: {},
      },
    });
  });
});

describe('paging', () => {
  it('pages with nextPageToken until isLast, in the same order', async () => {
    const jql = 'crmEntityId = "c-1" ORDER BY updated DESC';
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await search(agent.accountId, jql, {
        maxResults: 3,
        ...(token ? { nextPageToken: token } : {}),
      });
      keys.push(...page.issues.map((i) => i.key ?? ''));
      token = page.nextPageToken;
      pages += 1;
      expect(page.isLast).toBe(token === undefined);
      if (token) expect(token).toMatch(/^[A-Za-z0-9_=+/-]+$/);
    } while (token);
    expect(pages).toBe(2);
    expect(keys).toEqual(['SUP-3', 'SUP-907', 'SUP-4', 'SUP-1']);
  });

  it('refuses a token from another query, or one it never gave', async () => {
    const first = await search(agent.accountId, 'crmEntityId = "c-1"', { maxResults: 1 });
    const other = await post(agent.accountId, 'search/jql', {
      jql: 'crmEntityId = "c-2"',
      nextPageToken: first.nextPageToken,
    });
    expect(other.status).toBe(400);
    const made = await post(agent.accountId, 'search/jql', {
      jql: 'crmEntityId = "c-1"',
      nextPageToken: 'bm90LWEtdG9rZW4',
    });
    expect(made.status).toBe(400);
  });

  it('caps a page at 100 issues once fields are asked for', async () => {
    const page = await search(agent.accountId, 'crmEntityId = "c-1"', { maxResults: 500 });
    expect(page.issues).toHaveLength(4);
    const bad = await post(agent.accountId, 'search/jql', {
      jql: 'crmEntityId = "c-1"',
      maxResults: 'many',
    });
    expect(bad.status).toBe(400);
  });
});

describe('refusals, with Jira error bodies', () => {
  const refused: [string, RegExp][] = [
    ['crmEntityId = "c-1" OR crmEntityId = "c-2"', /'OR' is not understood/],
    ['(crmEntityId = "c-1" OR crmEntityId = "c-2")', /'OR' is not understood/],
    ['crmEntityId in ("c-1", "c-2")', /'in' is not understood/],
    ['crmEntityId ~ "c-1"', /The operator '~' is not supported by the 'crmEntityId' field/],
    ['crmEntity = "c-1"', /Field 'crmEntity' does not exist/],
    ['assignee = currentUser()', /Field 'assignee' does not exist|is not understood/],
    ['crmEntityId = "c-1" AND statusCategory != Finished', /The value 'Finished' does not exist/],
    ['crmEntityId = "c-1" ORDER BY priority DESC', /'priority' is not understood/],
    ['crmEntityId = "c-1', /quoted string has not been completed/],
    ['crmEntityId "c-1"', /Expecting operator/],
    ['', /Unbounded JQL queries are not allowed/],
    ['ORDER BY updated DESC', /Unbounded JQL queries are not allowed/],
  ];

  it.each(refused)('refuses %p', async (jql, message) => {
    for (const endpoint of ['search/jql', 'search/approximate-count'] as const) {
      const res = await post(agent.accountId, endpoint, { jql });
      expect(res.status).toBe(400);
      const body = res.body as { errorMessages: string[]; errors: object };
      expect(body.errors).toEqual({});
      expect(body.errorMessages).toHaveLength(1);
      expect(body.errorMessages[0]).toMatch(message);
    }
  });

  it('refuses a body that is not JSON, and GET on the count', async () => {
    expect((await post('app', 'search/jql', '{jql')).status).toBe(400);
    const res = await asApp().requestJira(route`/rest/api/3/search/approximate-count`);
    expect(res.status).toBe(405);
  });
});

describe('reconcileIssues', () => {
  it('takes up to 50 issue ids, as Jira does, and refuses anything else', async () => {
    const jql = 'crmEntityId = "c-1" ORDER BY updated DESC';
    await search(agent.accountId, jql, { reconcileIssues: [10001, 10002] });
    for (const bad of [['10001'], [0], Array.from({ length: 51 }, (_, i) => 10001 + i), 'x'])
      expect(
        (await post(agent.accountId, 'search/jql', { jql, fields: FIELDS, reconcileIssues: bad }))
          .status,
      ).toBe(400);
  });
});
