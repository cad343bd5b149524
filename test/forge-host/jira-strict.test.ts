// The Jira stand-in as strict as Jira, through the REAL @forge/api: the app's own user holds only
// what each project's scheme grants its role, 429 with Retry-After on demand, and a search index
// that lags behind property writes except for reconciled issues.
import { asApp, asUser, route } from '@forge/api';
import {
  APP_PROJECT_ROLE,
  DEMO_LEGAL_PROJECT,
  DEMO_USERS,
  ForgeHost,
  InMemoryJira,
} from '../../sandbox/forge-host';

const PROP = 'atlas-crm-links';
const index = (ids: string[]) => ({ v: 2, count: ids.length, entityIds: ids, links: [] });

let jira: InMemoryJira;
let host: ForgeHost;
beforeEach(() => {
  jira = new InMemoryJira();
  host = new ForgeHost({ jira });
  host.install();
});
afterEach(() => host.uninstall());

type Perms = { permissions: Record<string, { havePermission: boolean }> };
const perms = async (res: Response | { json(): Promise<unknown> }) =>
  Object.fromEntries(
    Object.entries(((await res.json()) as Perms).permissions).map(([k, v]) => [
      k,
      v.havePermission,
    ]),
  );

describe("the app's own user", () => {
  it('may browse but not edit Legal Requests: reading works, the property write is refused', async () => {
    const read = await asApp().requestJira(route`/rest/api/3/issue/LEG-1?fields=summary`);
    expect(read.status).toBe(200);
    const put = await asApp().requestJira(route`/rest/api/3/issue/LEG-1/properties/${PROP}`, {
      method: 'PUT',
      body: JSON.stringify(index(['c-1'])),
    });
    expect(put.status).toBe(403);
    expect(jira.getProperty('LEG-1', PROP)).toBeUndefined();
    // People of the support team may still edit there.
    const asAgent = await host.runAs(DEMO_USERS.agent.accountId, () =>
      asUser().requestJira(route`/rest/api/3/issue/LEG-1/properties/${PROP}`, {
        method: 'PUT',
        body: JSON.stringify(index(['c-1'])),
      }),
    );
    expect(asAgent.status).toBe(201);
  });

  it('is asked per project by mypermissions; no global admin; any project without context', async () => {
    const legal = await asApp().requestJira(
      route`/rest/api/3/mypermissions?projectKey=${DEMO_LEGAL_PROJECT.key}&permissions=BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER`,
    );
    expect(await perms(legal)).toEqual({
      BROWSE_PROJECTS: true,
      EDIT_ISSUES: false,
      ADMINISTER: false,
    });
    const onIssue = await asApp().requestJira(
      route`/rest/api/3/mypermissions?issueId=10001&permissions=EDIT_ISSUES`,
    );
    expect(await perms(onIssue)).toEqual({ EDIT_ISSUES: true });
    const global = await asApp().requestJira(
      route`/rest/api/3/mypermissions?permissions=EDIT_ISSUES`,
    );
    expect(await perms(global)).toEqual({ EDIT_ISSUES: true });
  });

  it("loses a project whose scheme takes Browse Projects from the app's role", async () => {
    jira.setPermissionGrant('BROWSE_PROJECTS', ['jira-admins', 'viewers'], 'ACC');
    expect((await asApp().requestJira(route`/rest/api/3/issue/ACC-1`)).status).toBe(404);
    expect((await asApp().requestJira(route`/rest/api/3/project/ACC`)).status).toBe(404);
    const listed = (await (
      await asApp().requestJira(route`/rest/api/3/project/search`)
    ).json()) as { values: { key: string }[] };
    expect(listed.values.map((p) => p.key)).toEqual(['LEG', 'SUP']);
    const asked = await asApp().requestJira(
      route`/rest/api/3/mypermissions?projectKey=ACC&permissions=EDIT_ISSUES`,
    );
    expect(asked.status).toBe(404);
    // The role is the app's only way in: people keep what their groups hold.
    jira.setPermissionGrant('BROWSE_PROJECTS', [APP_PROJECT_ROLE], 'SUP');
    expect(jira.hasPermission({ kind: 'app' }, 'BROWSE_PROJECTS', 'SUP')).toBe(true);
    expect(
      jira.hasPermission(
        { kind: 'user', accountId: DEMO_USERS.agent.accountId },
        'BROWSE_PROJECTS',
        'SUP',
      ),
    ).toBe(false);
  });
});

describe('429 with Retry-After on demand', () => {
  const MYPERMS = 'GET /rest/api/3/mypermissions';
  const ask = () =>
    asApp().requestJira(route`/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS`);

  it('refuses one route for Retry-After seconds, again when asked too early, then serves', async () => {
    let now = 1_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      jira.setFaults({ rateLimit: { route: MYPERMS, retryAfterSeconds: 2, periods: 1 } });
      const first = await ask();
      expect(first.status).toBe(429);
      expect(first.headers.get('Retry-After')).toBe('2');
      expect(first.headers.get('X-RateLimit-Reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
      // Other routes are served.
      expect((await asApp().requestJira(route`/rest/api/3/myself`)).status).toBe(200);
      // Asked again before the period ends: refused again, and the period starts over.
      now += 1500;
      const early = await ask();
      expect(early.status).toBe(429);
      expect(early.headers.get('Retry-After')).toBe('2');
      now += 1500;
      expect((await ask()).status).toBe(429);
      now += 2000;
      expect((await ask()).status).toBe(200);
      expect(jira.calls().map((c) => c.status)).toEqual([429, 200, 429, 429, 200]);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('limits every route at a rate, drawn from the seeded PRNG; null lifts it', async () => {
    jira.setFaults({ seed: 7, rateLimit: { rate: 0.5, retryAfterSeconds: 1 } });
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      jira.setFaults({ rateLimit: { rate: 0.5, retryAfterSeconds: 1 } });
      statuses.push((await ask()).status);
    }
    expect(statuses).toContain(429);
    expect(statuses).toContain(200);
    jira.setFaults({ rateLimit: null });
    expect((await ask()).status).toBe(200);
  });
});

describe('search lags behind property writes', () => {
  const search = (body: Record<string, unknown>) =>
    asApp().requestJira(route`/rest/api/3/search/jql`, {
      method: 'POST',
      body: JSON.stringify({ jql: 'crmEntityId = "c-9"', fields: ['summary'], ...body }),
    });
  const keys = async (res: Response | { json(): Promise<unknown> }) =>
    ((await res.json()) as { issues: { key: string }[] }).issues.map((i) => i.key);
  const count = async () =>
    (
      (await (
        await asApp().requestJira(route`/rest/api/3/search/approximate-count`, {
          method: 'POST',
          body: JSON.stringify({ jql: 'crmEntityId = "c-9"' }),
        })
      ).json()) as { count: number }
    ).count;
  const write = (issue: string, ids: string[]) =>
    asApp().requestJira(route`/rest/api/3/issue/${issue}/properties/${PROP}`, {
      method: 'PUT',
      body: JSON.stringify(index(ids)),
    });

  it('hides a write until the lag passed, except from searches that reconcile the issue', async () => {
    let now = 5_000_000;
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      jira.setFaults({ searchLagMs: 3000 });
      expect((await write('SUP-2', ['c-9'])).status).toBe(201);
      expect(await keys(await search({}))).toEqual([]);
      expect(await count()).toBe(0);
      expect(await keys(await search({ reconcileIssues: [10002] }))).toEqual(['SUP-2']);
      // Unlinked again: the index still holds the link; the reconciled issue is current.
      now += 2000;
      expect((await write('SUP-2', [])).status).toBe(200);
      now += 1500;
      expect(await keys(await search({}))).toEqual(['SUP-2']);
      expect(await keys(await search({ reconcileIssues: [10002] }))).toEqual([]);
      now += 1500;
      expect(await keys(await search({}))).toEqual([]);
      expect(await count()).toBe(0);
    } finally {
      jest.restoreAllMocks();
    }
  });

  it('catches up at once on demand, and never lags set-up writes', async () => {
    jira.setFaults({ searchLagMs: 60_000 });
    jira.setProperty('SUP-3', PROP, index(['c-9']));
    await write('SUP-2', ['c-9']);
    expect(await keys(await search({}))).toEqual(['SUP-3']);
    jira.catchUpSearchIndex();
    expect((await keys(await search({}))).sort()).toEqual(['SUP-2', 'SUP-3']);
    expect(await count()).toBe(2);
  });
});
