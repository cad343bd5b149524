// The in-memory Jira's people and issues as the customer-behind-the-ticket features read them:
// Service Management customers, hidden emails, issue fields with schema and names, projects,
// created issues. Driven through the real @forge/api, as the app calls Jira.
import { asApp, asUser, route } from '@forge/api';
import {
  DEMO_CUSTOMERS,
  DEMO_GROUPS,
  DEMO_USERS,
  ForgeHost,
  InMemoryJira,
} from '../../sandbox/forge-host';

const { admin, agent, viewer } = DEMO_USERS;
const { emma, daan, hana, lucas, sam } = DEMO_CUSTOMERS;
const jira = new InMemoryJira();
const host = new ForgeHost({ jira });

beforeAll(() => host.install());
afterAll(() => host.uninstall());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function asAgent(
  path: ReturnType<typeof route>,
  accountId: string = agent.accountId,
): Promise<Json> {
  const res = await host.runAs(accountId, () => asUser().requestJira(path));
  return { status: res.status, ...((await res.json()) as Json) };
}

describe('users', () => {
  it('serves Service Management customers with their email and accountType customer', async () => {
    const user = await asAgent(route`/rest/api/3/user?accountId=${emma.accountId}`);
    expect(user).toMatchObject({
      status: 200,
      accountId: emma.accountId,
      accountType: 'customer',
      displayName: 'Emma Meijer',
      emailAddress: 'emma.meijer@nordbridgelogistics.co.uk',
      active: true,
    });
    expect((await asAgent(route`/rest/api/3/user?accountId=${agent.accountId}`)).accountType).toBe(
      'atlassian',
    );
  });

  it('leaves a hidden email out for everyone, the app included, but the user themself', async () => {
    const byAgent = await asAgent(route`/rest/api/3/user?accountId=${daan.accountId}`);
    expect(byAgent.displayName).toBe('Daan Müller');
    expect(byAgent).not.toHaveProperty('emailAddress');
    const byApp = (await (
      await asApp().requestJira(route`/rest/api/3/user?accountId=${daan.accountId}`)
    ).json()) as Json;
    expect(byApp).not.toHaveProperty('emailAddress');
    const himself = await asAgent(route`/rest/api/3/myself`, daan.accountId);
    expect(himself.emailAddress).toBe('daan.muller@riverforgefoods.com');
  });

  it('answers 404 for an unknown account and 403 without "Browse users and groups"', async () => {
    expect((await asAgent(route`/rest/api/3/user?accountId=${'nobody'}`)).status).toBe(404);
    const local = new InMemoryJira({ demo: false });
    for (const g of DEMO_GROUPS) local.addGroup(g);
    local.addUser({ ...emma, groups: [] });
    local.setAppBrowsesUsers(false);
    const h = new ForgeHost({ jira: local });
    h.install();
    try {
      const res = await asApp().requestJira(route`/rest/api/3/user?accountId=${emma.accountId}`);
      expect(res.status).toBe(403);
    } finally {
      h.uninstall();
      host.install();
    }
  });

  it('keeps customers and hidden emails through snapshot and restore', async () => {
    const restored = new InMemoryJira({ demo: false });
    restored.restore(JSON.parse(JSON.stringify(jira.snapshot())));
    const daanAgain = restored.users().find((u) => u.accountId === daan.accountId);
    expect(daanAgain).toMatchObject({ accountType: 'customer', emailHidden: true });
    expect(restored.issueDetails('SUP-4')?.reporter?.displayName).toBe('Daan Müller');
  });
});

describe('issue fields', () => {
  it('serves reporter, project, status with its category and the description as ADF', async () => {
    const issue = await asAgent(
      route`/rest/api/3/issue/SUP-1?fields=${'reporter,project,status,description'}`,
    );
    expect(Object.keys(issue.fields).sort()).toEqual([
      'description',
      'project',
      'reporter',
      'status',
    ]);
    expect(issue.fields.reporter).toMatchObject({
      accountId: emma.accountId,
      displayName: 'Emma Meijer',
      emailAddress: 'emma.meijer@nordbridgelogistics.co.uk',
      accountType: 'customer',
      active: true,
    });
    expect(issue.fields.project).toMatchObject({
      id: '10000',
      key: 'SUP',
      name: 'Customer Support',
      projectTypeKey: 'service_desk',
    });
    expect(issue.fields.status).toMatchObject({
      name: 'Open',
      statusCategory: { key: 'new', name: 'To Do' },
    });
    expect(issue.fields.description).toMatchObject({ type: 'doc', version: 1 });
    expect(JSON.stringify(issue.fields.description)).toContain('INV-2291');
  });

  it('hides the reporter email of SUP-4 and names its organisation', async () => {
    const issue = await asAgent(route`/rest/api/3/issue/SUP-4?fields=${'*all'}`);
    expect(issue.fields.reporter.displayName).toBe('Daan Müller');
    expect(issue.fields.reporter).not.toHaveProperty('emailAddress');
    expect(issue.fields.customfield_10200).toEqual([
      expect.objectContaining({ id: '1', name: 'Riverforge Foods' }),
    ]);
    expect(issue.fields.customfield_10100).toBeNull();
  });

  it('serves request participants as user objects, with expand=schema,names telling the fields apart', async () => {
    const issue = await asAgent(
      route`/rest/api/3/issue/SUP-5?fields=${'*all'}&expand=${'schema,names'}`,
    );
    expect(
      issue.fields.customfield_10100.map((u: Json) => [u.displayName, u.emailAddress]),
    ).toEqual([
      ['Lucas Jansen', lucas.emailAddress],
      ['Sam Kowalski', sam.emailAddress],
    ]);
    expect(issue.fields.reporter.accountId).toBe(hana.accountId);
    expect(issue.schema.customfield_10100).toEqual({
      type: 'array',
      items: 'user',
      custom: 'com.atlassian.servicedesk:sd-request-participants',
      customId: 10100,
    });
    expect(issue.schema.customfield_10200.custom).toBe(
      'com.atlassian.servicedesk:sd-customer-organizations',
    );
    expect(issue.schema.reporter).toEqual({ type: 'user', system: 'reporter' });
    expect(issue.names).toMatchObject({
      customfield_10100: 'Request participants',
      customfield_10200: 'Organizations',
      reporter: 'Reporter',
    });
  });

  it('gives software issues no Service Management fields, and only the fields asked for', async () => {
    const issue = await asAgent(route`/rest/api/3/issue/ACC-1?fields=${'*all'}&expand=schema`);
    expect(issue.fields).not.toHaveProperty('customfield_10100');
    expect(issue.schema).not.toHaveProperty('customfield_10200');
    expect(issue.fields.project.projectTypeKey).toBe('software');
    const narrow = await asAgent(route`/rest/api/3/issue/SUP-7?fields=${'summary,status'}`);
    expect(Object.keys(narrow.fields).sort()).toEqual(['status', 'summary']);
    expect(narrow.fields.status.statusCategory.key).toBe('done');
    expect(narrow).not.toHaveProperty('schema');
  });

  it('is 404 for someone who may not browse', async () => {
    const local = new InMemoryJira();
    local.addGroup({ groupId: 'g-none', name: 'none' });
    local.addUser({
      accountId: 'outsider',
      displayName: 'Out',
      emailAddress: 'o@x.io',
      groups: [],
    });
    const h = new ForgeHost({ jira: local });
    h.install();
    try {
      const res = await h.runAs('outsider', () =>
        asUser().requestJira(route`/rest/api/3/issue/SUP-1?fields=reporter`),
      );
      expect(res.status).toBe(404);
    } finally {
      h.uninstall();
      host.install();
    }
  });
});

describe('projects', () => {
  it('searches projects by key or name, paged as a PageBeanProject', async () => {
    const all = await asAgent(route`/rest/api/3/project/search`);
    expect(all).toMatchObject({ status: 200, startAt: 0, total: 3, isLast: true });
    expect(all.values.map((p: Json) => [p.key, p.name, p.projectTypeKey])).toEqual([
      ['ACC', 'Account Management', 'software'],
      ['LEG', 'Legal Requests', 'software'],
      ['SUP', 'Customer Support', 'service_desk'],
    ]);
    const byName = await asAgent(route`/rest/api/3/project/search?query=${'support'}`);
    expect(byName.values.map((p: Json) => p.key)).toEqual(['SUP']);
    const paged = await asAgent(route`/rest/api/3/project/search?maxResults=1`);
    expect(paged).toMatchObject({ total: 3, isLast: false, maxResults: 1 });
    expect(paged.nextPage).toContain('startAt=1');
  });

  it('lists no projects to someone who cannot browse them; GET project answers 404', async () => {
    const local = new InMemoryJira();
    local.addUser({
      accountId: 'outsider',
      displayName: 'Out',
      emailAddress: 'o@x.io',
      groups: [],
    });
    const h = new ForgeHost({ jira: local });
    h.install();
    try {
      const list = await h.runAs('outsider', () =>
        asUser().requestJira(route`/rest/api/3/project/search`),
      );
      expect(((await list.json()) as Json).values).toEqual([]);
      const one = await h.runAs('outsider', () =>
        asUser().requestJira(route`/rest/api/3/project/SUP`),
      );
      expect(one.status).toBe(404);
    } finally {
      h.uninstall();
      host.install();
    }
  });

  it('serves one project by key or id', async () => {
    const byKey = await asAgent(route`/rest/api/3/project/ACC`, viewer.accountId);
    expect(byKey).toMatchObject({
      status: 200,
      id: '10001',
      key: 'ACC',
      name: 'Account Management',
    });
    const byId = (await (
      await asApp().requestJira(route`/rest/api/3/project/10000`)
    ).json()) as Json;
    expect(byId.key).toBe('SUP');
    expect((await asAgent(route`/rest/api/3/project/NOPE`)).status).toBe(404);
  });
});

describe('creating an issue', () => {
  it('numbers it after the last issue, stores who reported it and answers the Forge event', () => {
    const local = new InMemoryJira();
    const created = local.createIssue({
      projectKey: 'SUP',
      summary: 'Pallet labels print blank',
      description: 'Labels from the Rotterdam warehouse print blank since this morning.',
      reporterAccountId: emma.accountId,
      creatorAccountId: admin.accountId,
      participantAccountIds: [lucas.accountId],
    });
    expect(created).toMatchObject({ id: '10011', key: 'SUP-9' });
    expect(created.event).toMatchObject({
      eventType: 'avi:jira:created:issue',
      issue: {
        id: '10011',
        key: 'SUP-9',
        fields: {
          summary: 'Pallet labels print blank',
          reporter: { accountId: emma.accountId },
          creator: { accountId: admin.accountId },
          project: { id: '10000', key: 'SUP' },
          status: { name: 'Waiting for support' },
        },
      },
      atlassianId: admin.accountId,
      associatedUsers: [{ accountId: admin.accountId }],
    });
    expect(local.issueDetails('SUP-9')?.reporter?.displayName).toBe('Emma Meijer');
    // The next one in another project takes the next id and that project's next key.
    const next = local.createIssue({
      projectKey: 'ACC',
      summary: 'Follow up',
      description: '',
      reporterAccountId: agent.accountId,
    });
    expect(next).toMatchObject({ id: '10012', key: 'ACC-3' });
    expect(() =>
      local.createIssue({
        projectKey: 'NOPE',
        summary: 'x',
        description: '',
        reporterAccountId: agent.accountId,
      }),
    ).toThrow('No project NOPE');
    // Created issues survive a snapshot.
    const restored = new InMemoryJira({ demo: false });
    restored.restore(JSON.parse(JSON.stringify(local.snapshot())));
    expect(restored.issueKeys()).toEqual(expect.arrayContaining(['SUP-9', 'ACC-3']));
  });
});

describe('a customer made from an email', () => {
  it('is a Service Management customer named from the part before the @, found by email', async () => {
    const local = new InMemoryJira();
    const made = local.addCustomer('fatima.garcia@bluepeakenergy.com');
    expect(made).toMatchObject({
      displayName: 'Fatima.garcia',
      emailAddress: 'fatima.garcia@bluepeakenergy.com',
      accountType: 'customer',
      groups: [],
    });
    expect(made.accountId).toMatch(/^qm:/);
    // Jira matches a sender's address without case.
    expect(local.userByEmail('Fatima.Garcia@BluepeakEnergy.com')?.accountId).toBe(made.accountId);
    expect(local.userByEmail('nobody@bluepeakenergy.com')).toBeUndefined();
    // An address an account already has is that account, not a second one.
    expect(() => local.addCustomer(emma.emailAddress)).toThrow(/already has/);

    const h = new ForgeHost({ jira: local });
    h.install();
    try {
      const res = await h.runAs(agent.accountId, () =>
        asUser().requestJira(route`/rest/api/3/user?accountId=${made.accountId}`),
      );
      expect(await res.json()).toMatchObject({
        accountType: 'customer',
        displayName: 'Fatima.garcia',
        emailAddress: 'fatima.garcia@bluepeakenergy.com',
      });
    } finally {
      h.uninstall();
      host.install();
    }
    const restored = new InMemoryJira({ demo: false });
    restored.restore(JSON.parse(JSON.stringify(local.snapshot())));
    expect(restored.userByEmail('fatima.garcia@bluepeakenergy.com')?.accountType).toBe('customer');
  });
});

describe('Modify Reporter', () => {
  it('is held by admins and the support team, not by viewers, and an admin can take it away', async () => {
    const have = async (accountId: string) =>
      (await asAgent(route`/rest/api/3/mypermissions?permissions=MODIFY_REPORTER`, accountId))
        .permissions.MODIFY_REPORTER;
    expect(await have(admin.accountId)).toMatchObject({
      name: 'Modify Reporter',
      type: 'PROJECT',
      havePermission: true,
    });
    expect((await have(agent.accountId)).havePermission).toBe(true);
    expect((await have(viewer.accountId)).havePermission).toBe(false);
    const local = new InMemoryJira();
    local.setPermissionGrant('MODIFY_REPORTER', ['jira-admins']);
    expect(
      local.hasPermission({ kind: 'user', accountId: agent.accountId }, 'MODIFY_REPORTER'),
    ).toBe(false);
    expect(
      local.hasPermission({ kind: 'user', accountId: admin.accountId }, 'MODIFY_REPORTER'),
    ).toBe(true);
  });

  it('can be granted per project, as Create Issues can; a project without its own grant keeps the site-wide one', () => {
    const local = new InMemoryJira();
    const asAgentUser = { kind: 'user', accountId: agent.accountId } as const;
    local.setPermissionGrant('CREATE_ISSUES', ['jira-admins'], 'ACC');
    local.setPermissionGrant('MODIFY_REPORTER', ['jira-admins'], 'SUP');
    expect(local.hasPermission(asAgentUser, 'CREATE_ISSUES', 'ACC')).toBe(false);
    expect(local.hasPermission(asAgentUser, 'CREATE_ISSUES', 'SUP')).toBe(true);
    expect(local.hasPermission(asAgentUser, 'MODIFY_REPORTER', 'SUP')).toBe(false);
    expect(local.hasPermission(asAgentUser, 'MODIFY_REPORTER', 'ACC')).toBe(true);
    const asAdmin = { kind: 'user', accountId: admin.accountId } as const;
    expect(local.hasPermission(asAdmin, 'CREATE_ISSUES', 'ACC')).toBe(true);
  });
});
