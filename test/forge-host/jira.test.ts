// The in-memory Jira driven through the REAL @forge/api (requestJira, asUser, asApp, route).
import api, { ProxyRequestError, asApp, asUser, requestJira, route } from '@forge/api';
import {
  DEMO_GROUPS,
  DEMO_USERS,
  ForgeHost,
  InMemoryJira,
  PROPERTY_VALUE_MAX,
} from '../../sandbox/forge-host';

const { admin, agent, viewer } = DEMO_USERS;
const jira = new InMemoryJira({ seed: 42 });
const host = new ForgeHost({ jira });
const PROP = 'atlas-crm-links';

beforeAll(() => host.install());
afterAll(() => host.uninstall());
beforeEach(() => {
  jira.setFaults({ propertyWriteFailureRate: 0, latencyMs: 0, seed: 42 });
  host.resetCounts();
});

async function perms(accountId: string, issueKey = 'SUP-1') {
  return host.runAs(accountId, async () => {
    const res = await asUser().requestJira(
      route`/rest/api/3/mypermissions?issueKey=${issueKey}&permissions=${'BROWSE_PROJECTS,EDIT_ISSUES,ADMINISTER'}`,
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { permissions: Record<string, { havePermission: boolean }> };
    return Object.fromEntries(
      Object.entries(body.permissions).map(([k, v]) => [k, v.havePermission]),
    );
  });
}

describe('mypermissions', () => {
  it("answers per user, with Jira's permission objects", async () => {
    expect(await perms(admin.accountId)).toEqual({
      BROWSE_PROJECTS: true,
      EDIT_ISSUES: true,
      ADMINISTER: true,
    });
    expect(await perms(agent.accountId)).toEqual({
      BROWSE_PROJECTS: true,
      EDIT_ISSUES: true,
      ADMINISTER: false,
    });
    expect(await perms(viewer.accountId)).toEqual({
      BROWSE_PROJECTS: true,
      EDIT_ISSUES: false,
      ADMINISTER: false,
    });
    const res = await host.runAs(agent.accountId, () =>
      asUser().requestJira(
        route`/rest/api/3/mypermissions?issueId=${'10001'}&permissions=EDIT_ISSUES`,
      ),
    );
    expect(await res.json()).toEqual({
      permissions: {
        EDIT_ISSUES: {
          id: '12',
          key: 'EDIT_ISSUES',
          name: 'Edit Issues',
          type: 'PROJECT',
          description: 'Ability to edit issues.',
          havePermission: true,
        },
      },
    });
  });

  it("gives the app what its project role holds in the issue's project, and no global admin", async () => {
    const res = await asApp().requestJira(
      route`/rest/api/3/mypermissions?issueKey=SUP-2&permissions=ADMINISTER,EDIT_ISSUES`,
    );
    const body = (await res.json()) as { permissions: Record<string, { havePermission: boolean }> };
    expect(body.permissions.ADMINISTER?.havePermission).toBe(false);
    expect(body.permissions.EDIT_ISSUES?.havePermission).toBe(true);
  });

  it('404 for an unknown issue, 400 without permissions', async () => {
    const missing = await asApp().requestJira(
      route`/rest/api/3/mypermissions?issueKey=SUP-999&permissions=EDIT_ISSUES`,
    );
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      errorMessages: ['Issue does not exist or you do not have permission to see it.'],
      errors: {},
    });
    const bad = await asApp().requestJira(route`/rest/api/3/mypermissions?issueKey=SUP-1`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errorMessages: string[] }).errorMessages[0]).toMatch(
      /permissions/,
    );
  });

  it('group changes change permissions', async () => {
    const local = new InMemoryJira();
    const h = new ForgeHost({ jira: local });
    h.install();
    try {
      local.addUserToGroup(viewer.accountId, 'support-team');
      expect(await perms(viewer.accountId)).toMatchObject({ EDIT_ISSUES: true });
    } finally {
      h.uninstall();
      host.install();
    }
  });
});

describe('asUser principal', () => {
  it('rejects asUser() outside an invocation with the platform error', async () => {
    const call = asUser().requestJira(route`/rest/api/3/myself`);
    await expect(call).rejects.toBeInstanceOf(ProxyRequestError);
    await expect(asUser().requestJira(route`/rest/api/3/myself`)).rejects.toMatchObject({
      status: 401,
    });
  });

  it('asUser(accountId) names the user explicitly', async () => {
    const res = await asUser(viewer.accountId).requestJira(route`/rest/api/3/myself`);
    expect(((await res.json()) as { displayName: string }).displayName).toBe('Vic Viewer');
  });

  it('parallel invocations by different users each see their own permissions', async () => {
    jira.setFaults({ latencyMs: 5 });
    const users = [admin, viewer, agent, viewer, admin, agent, viewer, agent];
    const results = await Promise.all(
      users.map((u, i) =>
        host.runAs(u.accountId, async () => {
          // interleave: yield a different number of times before and between calls
          for (let k = 0; k < i % 3; k++) await new Promise((r) => setImmediate(r));
          const me = (await (await asUser().requestJira(route`/rest/api/3/myself`)).json()) as {
            accountId: string;
          };
          const p = await perms(u.accountId);
          return { me: me.accountId, p };
        }),
      ),
    );
    results.forEach((r, i) => {
      const u = users[i]!;
      expect(r.me).toBe(u.accountId);
      expect(r.p.EDIT_ISSUES).toBe(u !== viewer);
      expect(r.p.ADMINISTER).toBe(u === admin);
    });
    const byAccount = jira.calls().filter((c) => c.route === 'GET /rest/api/3/myself');
    expect(new Set(byAccount.map((c) => c.accountId))).toEqual(
      new Set([admin.accountId, agent.accountId, viewer.accountId]),
    );
  });

  it('plain requestJira() is anonymous', async () => {
    const res = await requestJira(route`/rest/api/3/myself`);
    expect(res.status).toBe(401);
    const property = await api.requestJira(route`/rest/api/3/issue/SUP-1/properties/${PROP}`);
    expect(property.status).toBe(404);
  });
});

describe('issues', () => {
  it('404 for unknown issues and for users who cannot browse', async () => {
    const unknown = await asApp().requestJira(route`/rest/api/3/issue/SUP-404/properties/${PROP}`);
    expect(unknown.status).toBe(404);
    const local = new InMemoryJira();
    local.setProperty('SUP-1', PROP, { count: 1 });
    local.addGroup({ groupId: 'g-nobody', name: 'nobody' });
    local.addUser({
      accountId: '557058:outsider',
      displayName: 'Olli Outsider',
      emailAddress: 'o@example.com',
      groups: ['nobody'],
    });
    const h = new ForgeHost({ jira: local });
    h.install();
    try {
      const res = await h.runAs('557058:outsider', () =>
        asUser().requestJira(route`/rest/api/3/issue/SUP-1/properties/${PROP}`),
      );
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({
        errorMessages: ['Issue does not exist or you do not have permission to see it.'],
        errors: {},
      });
    } finally {
      h.uninstall();
      host.install();
    }
  });

  it('unknown routes are 404, wrong methods 405', async () => {
    expect((await asApp().requestJira(route`/rest/api/3/nothing/here`)).status).toBe(404);
    expect(
      (
        await asApp().requestJira(route`/rest/api/3/issue/SUP-1/properties/${PROP}`, {
          method: 'PATCH',
        })
      ).status,
    ).toBe(405);
  });

  it('lets tests add issues', async () => {
    jira.addIssue({ id: '10100', key: 'SUP-100', summary: 'Added in a test', description: 'Body' });
    expect(jira.issueRef('SUP-100')).toMatchObject({
      id: '10100',
      key: 'SUP-100',
      project: { key: 'SUP' },
      issueType: 'Task',
    });
    const res = await asApp().requestJira(route`/rest/api/3/issue/SUP-100/properties/${PROP}`, {
      method: 'PUT',
      body: JSON.stringify({ count: 0 }),
    });
    expect(res.status).toBe(201);
    expect(jira.getProperty('10100', PROP)).toEqual({ count: 0 });
  });
});

describe('issue properties', () => {
  const put = (value: unknown, key = 'SUP-3') =>
    asApp().requestJira(route`/rest/api/3/issue/${key}/properties/${PROP}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(value),
    });

  it('PUT 201 then 200, GET {key,value}, 404 for a key never set', async () => {
    expect((await put({ count: 1, entityIds: ['c-1'] })).status).toBe(201);
    expect((await put({ count: 2, entityIds: ['c-1', 'c-2'] })).status).toBe(200);
    const got = await asApp().requestJira(route`/rest/api/3/issue/SUP-3/properties/${PROP}`);
    expect(await got.json()).toEqual({ key: PROP, value: { count: 2, entityIds: ['c-1', 'c-2'] } });
    const missing = await asApp().requestJira(route`/rest/api/3/issue/SUP-3/properties/other`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      errorMessages: ["The property with key 'other' does not exist."],
      errors: {},
    });
  });

  it('user writes need EDIT_ISSUES; viewers may read', async () => {
    jira.setProperty('SUP-4', PROP, { count: 0 });
    await host.runAs(viewer.accountId, async () => {
      const write = await asUser().requestJira(route`/rest/api/3/issue/SUP-4/properties/${PROP}`, {
        method: 'PUT',
        body: JSON.stringify({ count: 9 }),
      });
      expect(write.status).toBe(403);
      const read = await asUser().requestJira(route`/rest/api/3/issue/SUP-4/properties/${PROP}`);
      expect(read.status).toBe(200);
    });
    await host.runAs(agent.accountId, async () => {
      const write = await asUser().requestJira(route`/rest/api/3/issue/SUP-4/properties/${PROP}`, {
        method: 'PUT',
        body: JSON.stringify({ count: 9 }),
      });
      expect(write.status).toBe(200);
    });
    expect(jira.getProperty('SUP-4', PROP)).toEqual({ count: 9 });
  });

  it(`rejects values over ${PROPERTY_VALUE_MAX} bytes of JSON with Jira's message`, async () => {
    // {"s":"..."} is 8 bytes of framing.
    const fits = { s: 'x'.repeat(PROPERTY_VALUE_MAX - 8) };
    expect(JSON.stringify(fits).length).toBe(PROPERTY_VALUE_MAX);
    expect((await put(fits, 'SUP-5')).status).toBe(201);
    const over = await put({ s: 'x'.repeat(PROPERTY_VALUE_MAX - 7) }, 'SUP-5');
    expect(over.status).toBe(400);
    expect(await over.json()).toEqual({
      errorMessages: ['The property value exceeds the maximum length of 32768 characters.'],
      errors: {},
    });
    expect(jira.getProperty('SUP-5', PROP)).toEqual(fits);
  });

  it('rejects a body that is not JSON', async () => {
    const res = await asApp().requestJira(route`/rest/api/3/issue/SUP-1/properties/raw`, {
      method: 'PUT',
      body: '{nope',
    });
    expect(res.status).toBe(400);
  });

  it('fault injection: failure rate within tolerance over 1,000 writes, nothing written on failure', async () => {
    jira.setFaults({ propertyWriteFailureRate: 0.2, seed: 7 });
    const statuses: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const res = await put({ i }, 'SUP-6');
      statuses.push(res.status);
      if (res.status >= 500) expect(jira.getProperty('SUP-6', PROP)).not.toEqual({ i });
    }
    const failed = statuses.filter((s) => s >= 500);
    expect(failed.length / 1000).toBeGreaterThan(0.16);
    expect(failed.length / 1000).toBeLessThan(0.24);
    expect(new Set(failed)).toEqual(new Set([500, 503]));
    expect(statuses.every((s) => [200, 201, 500, 503].includes(s))).toBe(true);
    // Same seed, same sequence.
    const replay = new InMemoryJira({ propertyWriteFailureRate: 0.2, seed: 7 });
    const h = new ForgeHost({ jira: replay });
    h.install();
    const again: number[] = [];
    try {
      for (let i = 0; i < 1000; i++) again.push((await put({ i }, 'SUP-6')).status);
    } finally {
      h.uninstall();
      host.install();
    }
    expect(again.map((s) => s >= 500)).toEqual(statuses.map((s) => s >= 500));
  });

  it('snapshot / restore keeps properties and added issues', async () => {
    const local = new InMemoryJira();
    local.setProperty('SUP-1', PROP, { count: 1 });
    local.addIssue({ id: '10200', key: 'SUP-200', summary: 'Persisted', description: 'x' });
    const snap = JSON.parse(JSON.stringify(local.snapshot()));
    const restored = new InMemoryJira({ demo: false });
    restored.restore(snap);
    expect(restored.getProperty('SUP-1', PROP)).toEqual({ count: 1 });
    expect(restored.issueKeys()).toContain('SUP-200');
    expect(
      restored.hasPermission({ kind: 'user', accountId: agent.accountId }, 'EDIT_ISSUES'),
    ).toBe(true);
  });
});

describe('users and groups', () => {
  it('myself as user and as app', async () => {
    const me = await host.runAs(admin.accountId, () =>
      asUser().requestJira(route`/rest/api/3/myself`),
    );
    expect(await me.json()).toMatchObject({
      accountId: admin.accountId,
      displayName: 'Ada Admin',
      emailAddress: 'ada.admin@example.com',
      accountType: 'atlassian',
      active: true,
    });
    const app = (await (await asApp().requestJira(route`/rest/api/3/myself`)).json()) as {
      accountType: string;
    };
    expect(app.accountType).toBe('app');
  });

  it("user/groups lists a user's groups with ids", async () => {
    const res = await host.runAs(agent.accountId, () =>
      asUser().requestJira(route`/rest/api/3/user/groups?accountId=${agent.accountId}`),
    );
    const groups = (await res.json()) as { name: string; groupId: string; self: string }[];
    expect(groups.map((g) => g.name)).toEqual(['support-team', 'sales-team']);
    expect(groups[0]?.groupId).toBe(DEMO_GROUPS.find((g) => g.name === 'support-team')?.groupId);
    expect(groups[0]?.self).toContain('/rest/api/3/group?groupId=');
  });

  it('groups/picker searches by name', async () => {
    const res = await asApp().requestJira(
      route`/rest/api/3/groups/picker?query=${'team'}&maxResults=${1}`,
    );
    expect(await res.json()).toEqual({
      header: 'Showing 1 of 2 matching groups',
      total: 2,
      groups: [
        {
          name: 'sales-team',
          html: 'sales-<b>team</b>',
          labels: [],
          groupId: DEMO_GROUPS.find((g) => g.name === 'sales-team')?.groupId,
        },
      ],
    });
  });

  it('groups/picker is case-sensitive unless caseInsensitive=true, as Jira is', async () => {
    const names = async (path: ReturnType<typeof route>) =>
      (
        (await (await asApp().requestJira(path)).json()) as { groups: { name: string }[] }
      ).groups.map((g) => g.name);
    expect(await names(route`/rest/api/3/groups/picker?query=${'TEAM'}`)).toEqual([]);
    expect(
      await names(route`/rest/api/3/groups/picker?query=${'TEAM'}&caseInsensitive=true`),
    ).toEqual(['sales-team', 'support-team']);
  });

  it("myself?expand=groups lists the caller's own groups", async () => {
    const res = await host.runAs(agent.accountId, () =>
      asUser().requestJira(route`/rest/api/3/myself?expand=groups`),
    );
    const body = (await res.json()) as { groups: { size: number; items: { name: string }[] } };
    expect(body.groups.items.map((g) => g.name)).toEqual(['support-team', 'sales-team']);
    const plain = await host.runAs(agent.accountId, () =>
      asUser().requestJira(route`/rest/api/3/myself`),
    );
    expect(((await plain.json()) as typeof body).groups.items).toEqual([]);
  });

  it('user/groups as the app needs its "Browse users and groups" permission', async () => {
    jira.setAppBrowsesUsers(false);
    try {
      const res = await asApp().requestJira(
        route`/rest/api/3/user/groups?accountId=${agent.accountId}`,
      );
      expect(res.status).toBe(403);
    } finally {
      jira.setAppBrowsesUsers(true);
    }
  });

  it('group/bulk resolves group ids, paged', async () => {
    const ids = DEMO_GROUPS.map((g) => g.groupId);
    const res = await asApp().requestJira(
      route`/rest/api/3/group/bulk?groupId=${ids[0]!}&groupId=${ids[2]!}&groupId=${'unknown'}&maxResults=1`,
    );
    const body = (await res.json()) as {
      values: { name: string; groupId: string }[];
      total: number;
      isLast: boolean;
      nextPage?: string;
    };
    expect(body.values).toEqual([{ name: 'jira-admins', groupId: ids[0] }]);
    expect(body).toMatchObject({ total: 2, isLast: false });
    expect(body.nextPage).toContain('startAt=1');
  });
});

describe('bookkeeping', () => {
  it('counts per path and provider, and logs calls', async () => {
    await asApp().requestJira(route`/rest/api/3/myself`);
    await host.runAs(agent.accountId, () =>
      asUser().requestJira(route`/rest/api/3/issue/SUP-1/properties/${PROP}`),
    );
    await host.runAs(agent.accountId, () =>
      asUser().requestJira(route`/rest/api/3/mypermissions?permissions=ADMINISTER`),
    );
    expect(host.counts()).toMatchObject({
      jira: 3,
      jiraByPath: {
        '/rest/api/3/myself': 1,
        [`/rest/api/3/issue/SUP-1/properties/${PROP}`]: 1,
        '/rest/api/3/mypermissions': 1,
      },
    });
    expect(jira.counts().byProvider).toEqual({ app: 1, user: 2 });
    expect(
      jira.counts().byRoute['GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}'],
    ).toBe(1);
    expect(jira.calls()[1]).toEqual({
      method: 'GET',
      path: `/rest/api/3/issue/SUP-1/properties/${PROP}`,
      route: 'GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
      provider: 'user',
      accountId: agent.accountId,
      status: 404,
    });
    host.resetCounts();
    expect(host.counts().jira).toBe(0);
    expect(jira.calls()).toEqual([]);
  });

  it('adds latency per request', async () => {
    jira.setFaults({ latencyMs: 30 });
    const t0 = Date.now();
    await asApp().requestJira(route`/rest/api/3/myself`);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });
});

describe('issue security levels', () => {
  it('hide the issue and its properties from the app too, answering 404 as for a missing issue', async () => {
    jira.setProperty('SUP-2', PROP, { v: 1 });
    jira.setIssueSecurity('SUP-2', { level: 'Legal', accountIds: [admin.accountId] });
    try {
      const asAppProp = await asApp().requestJira(
        route`/rest/api/3/issue/${'SUP-2'}/properties/${PROP}`,
      );
      expect(asAppProp.status).toBe(404);
      const asAppIssue = await asApp().requestJira(
        route`/rest/api/3/issue/${'SUP-2'}?fields=summary`,
      );
      expect(asAppIssue.status).toBe(404);
      const asAdmin = await host.runAs(admin.accountId, () =>
        asUser().requestJira(route`/rest/api/3/issue/${'SUP-2'}/properties/${PROP}`),
      );
      expect(asAdmin.status).toBe(200);
    } finally {
      jira.setIssueSecurity('SUP-2', undefined);
    }
    const visible = await asApp().requestJira(route`/rest/api/3/issue/${'SUP-2'}?fields=summary`);
    expect(await visible.json()).toMatchObject({
      key: 'SUP-2',
      fields: { summary: expect.any(String) },
    });
  });
});
