// Linking new issues to their customer automatically: the admin's choice of projects through the
// real admin resolvers, then issues created in the Jira stand-in whose creation event reaches the
// REAL trigger handler (src/index autoLinkOnCreate), against the simulator.
import {
  DEMO_CUSTOMERS,
  DEMO_PROJECTS,
  DEMO_USERS,
  type InvocationContext,
} from '../../sandbox/forge-host';
import type { LinkedEntity, PanelData, Result } from '../../src/shared/contract';
import { crmRequest } from '../setup/crm-outside-jira';
import { PANEL, pendingChanges, startHarness, type Harness } from './harness';

const SUP = DEMO_PROJECTS.find((project) => project.key === 'SUP')!;
const ACC = DEMO_PROJECTS.find((project) => project.key === 'ACC')!;
const asProject = ({ id, key, name }: typeof SUP) => ({ id, key, name });

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => h.close());

type CreatedEvent = ReturnType<Harness['host']['jira']['createIssue']>['event'];
/**
 * Jira sends the creation event to the app's trigger, as Forge would (no user, 25 s). The
 * handler never fails: Forge would deliver the event again.
 */
async function fire(event: CreatedEvent): Promise<void> {
  const runs = await h.host.fireEvent('avi:jira:created:issue', event);
  expect(runs.map((run) => [run.triggerKey, run.outcome])).toEqual([
    ['atlas-crm-issue-created', 'ok'],
  ]);
}

/** Creates an issue reported by this person and lets the trigger run; answers its id and key. */
async function createIssue(
  reporterAccountId: string,
  projectKey = 'SUP',
): Promise<{ id: string; key: string; event: CreatedEvent }> {
  const created = h.host.jira.createIssue({
    projectKey,
    summary: 'Question about our invoice',
    description: 'Please call us back.',
    reporterAccountId,
  });
  await fire(created.event);
  return created;
}

/** What the panel shows on that issue, for the agent. */
async function panelOf(issue: { id: string; key: string }): Promise<PanelData> {
  const ctx: InvocationContext = {
    accountId: DEMO_USERS.agent.accountId,
    moduleKey: PANEL,
    extensionType: 'jira:issuePanel',
    issue: { id: issue.id, key: issue.key },
  };
  const result = (await h.host.invoke(
    h.handler,
    'panel/open',
    undefined,
    ctx,
  )) as Result<PanelData>;
  if (!result.ok) throw new Error(`panel/open failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

function summaryOf(links: LinkedEntity[]): { type: string; name: string; reason?: string }[] {
  return links.map((link) => ({
    type: link.type,
    name: link.name,
    ...(link.autoLinked ? { reason: link.autoLinked.reason } : {}),
  }));
}

/** A contact (and companies it is at) made in Atlas CRM itself, outside Jira. */
async function contactInCrm(
  name: string,
  email: string,
  companies: { name: string; roles: string[] }[] = [],
): Promise<string> {
  const contact = await crmRequest<{ id: string }>(h.sim, 'POST', '/entities', {
    type: 'contact',
    fields: { 'contact-name': name, 'contact-email': email },
  });
  for (const company of companies) {
    const made = await crmRequest<{ id: string }>(h.sim, 'POST', '/entities', {
      type: 'company',
      fields: { 'company-name': company.name },
    });
    await crmRequest(h.sim, 'POST', `/entities/${contact.id}/links`, {
      'entity-id': made.id,
      roles: company.roles,
    });
  }
  return contact.id;
}

/** A Jira Service Management customer with this email, visible or hidden by profile visibility. */
function customer(n: number, displayName: string, emailAddress: string, emailHidden = false) {
  const accountId = `qm:7c1e5a2b-9d4f-4e6a-8b3c-2f1d0e9a8b7c:9${String(n).padStart(3, '0')}`;
  h.host.jira.addUser({
    accountId,
    displayName,
    emailAddress,
    groups: [],
    accountType: 'customer',
    ...(emailHidden ? { emailHidden } : {}),
  });
  return accountId;
}

/** Turned on for SUP through the admin resolver (each block below can also run on its own). */
async function onForSup(): Promise<void> {
  await h.ok('admin/autolink/save', { projects: [asProject(SUP)] }, { user: 'admin' });
}

describe('automatic linking is off until an admin turns it on', () => {
  it('starts with no project chosen, and a new issue by a known customer gets no link', async () => {
    const settings = await h.ok('admin/settings/get', undefined, { user: 'admin' });
    expect(settings.autoLinkProjects).toEqual([]);
    const issue = await createIssue(DEMO_CUSTOMERS.emma.accountId);
    expect((await panelOf(issue)).links).toEqual([]);
    expect(h.sim.control.entitiesLinkedToIssue(issue.id)).toEqual([]);
  });
});

describe('the admin chooses projects', () => {
  it('finds projects by name or key as the admin may see them', async () => {
    const { projects } = await h.ok('admin/projects/find', { query: 'support' }, { user: 'admin' });
    expect(projects).toEqual([asProject(SUP)]);
    const byKey = await h.ok('admin/projects/find', { query: 'acc' }, { user: 'admin' });
    expect(byKey.projects).toEqual([asProject(ACC)]);
  });

  it('refuses someone who is not a Jira admin, for finding and for saving', async () => {
    for (const user of ['agent', 'viewer'] as const) {
      const find = await h.invoke('admin/projects/find', { query: 'sup' }, { user });
      expect(find.ok).toBe(false);
      if (!find.ok) expect(find.error.code).toBe('FORBIDDEN');
      const save = await h.invoke('admin/autolink/save', { projects: [asProject(SUP)] }, { user });
      expect(save.ok).toBe(false);
      if (!save.ok)
        expect(save.error.message).toBe('Only Jira admins can change the Atlas CRM settings.');
    }
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).autoLinkProjects,
    ).toEqual([]);
  });

  it('refuses a project Jira does not know, in plain words, and saves nothing', async () => {
    const ghost = { id: '10999', key: 'GHOST', name: 'Ghost project' };
    const result = await h.invoke(
      'admin/autolink/save',
      { projects: [asProject(SUP), ghost] },
      { user: 'admin' },
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).toContain('Ghost project (GHOST)');
      expect(result.error.message).toContain('nothing was saved');
    }
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).autoLinkProjects,
    ).toEqual([]);
  });

  it("saves a project with Jira's spelling of its name", async () => {
    const saved = await h.ok(
      'admin/autolink/save',
      { projects: [{ ...asProject(SUP), name: 'customer support (typed by someone)' }] },
      { user: 'admin' },
    );
    expect(saved.autoLinkProjects).toEqual([asProject(SUP)]);
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).autoLinkProjects,
    ).toEqual([asProject(SUP)]);
  });
});

describe('the choice stands apart from the other settings', () => {
  it('survives a change of the access policy, and is cleared when the credentials are removed', async () => {
    await onForSup();
    await h.ok('admin/policy/save', { groups: [] }, { user: 'admin' });
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).autoLinkProjects,
    ).toEqual([asProject(SUP)]);

    // New credentials may be another Atlas CRM: nothing is linked until projects are chosen again.
    await h.ok('admin/credentials/remove', undefined, { user: 'admin' });
    await h.ok(
      'admin/credentials/save',
      { clientId: h.sim.clientId, clientSecret: h.sim.clientSecret },
      { user: 'admin' },
    );
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).autoLinkProjects,
    ).toEqual([]);
    const issue = await createIssue(DEMO_CUSTOMERS.emma.accountId);
    expect((await panelOf(issue)).links).toEqual([]);
  });
});

describe('on for SUP: a new issue from a known customer', () => {
  let issue: { id: string; key: string; event: CreatedEvent };

  beforeAll(async () => {
    await onForSup();
    issue = await createIssue(DEMO_CUSTOMERS.emma.accountId);
  });

  it('links the reporter’s contact and its one company with no click, each with its reason', async () => {
    const panel = await panelOf(issue);
    expect(summaryOf(panel.links)).toEqual([
      {
        type: 'contact',
        name: 'Emma Meijer',
        reason: 'The reporter, emma.meijer@nordbridgelogistics.co.uk, is this contact',
      },
      {
        type: 'company',
        name: 'Nordbridge Logistics LLC',
        reason: expect.stringMatching(/^The reporter's company \(.*Employee.*\)$/),
      },
    ]);
    // Linked by the app, not by a person who never clicked anything.
    for (const link of panel.links) expect(link.linkedBy).not.toMatch(/^557058:|^qm:/);
  });

  it('links both sides: Atlas CRM knows the issue, and JQL finds it', async () => {
    const panel = await panelOf(issue);
    for (const link of panel.links) expect(h.sim.control.issueIdsOf(link.id)).toContain(issue.id);
    const index = h.host.jira.getProperty(issue.id, 'atlas-crm-links') as { entityIds: string[] };
    expect(index.entityIds.sort()).toEqual(panel.links.map((link) => link.id).sort());
    expect(pendingChanges(h)).toEqual([]);
  });

  it('adds nothing when Jira delivers the same event again', async () => {
    const before = await panelOf(issue);
    await fire(issue.event);
    const after = await panelOf(issue);
    expect(after.links.map((link) => link.id)).toEqual(before.links.map((link) => link.id));
    expect(after.links).toHaveLength(2);
  });

  it('keeps “linked automatically” after the agent refreshes the records', async () => {
    const refreshed = await h.host.invoke(h.handler, 'links/refresh', undefined, {
      accountId: DEMO_USERS.agent.accountId,
      moduleKey: PANEL,
      extensionType: 'jira:issuePanel',
      issue: { id: issue.id, key: issue.key },
    });
    expect((refreshed as { ok: boolean }).ok).toBe(true);
    expect((await panelOf(issue)).links.every((link) => link.autoLinked !== undefined)).toBe(true);
  });
});

describe('on for SUP: anything uncertain links nothing of that kind', () => {
  beforeAll(onForSup);
  it('links nothing for an email no contact has', async () => {
    const issue = await createIssue(DEMO_CUSTOMERS.sam.accountId);
    expect((await panelOf(issue)).links).toEqual([]);
  });

  it('links nothing when two contacts share the reporter’s email', async () => {
    const email = 'pat.twice@harborview-shipping.example';
    await contactInCrm('Pat Twice', email);
    await contactInCrm('Pat Twice (old record)', email);
    const issue = await createIssue(customer(1, 'Pat Twice', email));
    expect((await panelOf(issue)).links).toEqual([]);
    expect(h.sim.control.entitiesLinkedToIssue(issue.id)).toEqual([]);
  });

  it('links only the contact when it is at two companies', async () => {
    const email = 'noor.both@twofold.example';
    await contactInCrm('Noor Both', email, [
      { name: 'Twofold Freight BV', roles: ['Billing contact'] },
      { name: 'Twofold Retail BV', roles: ['Decision maker'] },
    ]);
    const issue = await createIssue(customer(2, 'Noor Both', email));
    expect(summaryOf((await panelOf(issue)).links)).toEqual([
      {
        type: 'contact',
        name: 'Noor Both',
        reason: `The reporter, ${email}, is this contact`,
      },
    ]);
  });

  it('names the one company’s role in its reason', async () => {
    const email = 'ravi.one@onlyone.example';
    await contactInCrm('Ravi One', email, [
      { name: 'Onlyone Analytics', roles: ['Decision maker'] },
    ]);
    const issue = await createIssue(customer(3, 'Ravi One', email));
    expect(summaryOf((await panelOf(issue)).links)).toEqual([
      { type: 'contact', name: 'Ravi One', reason: `The reporter, ${email}, is this contact` },
      {
        type: 'company',
        name: 'Onlyone Analytics',
        reason: "The reporter's company (Decision maker)",
      },
    ]);
  });

  it('links nothing when Jira hides the reporter’s email (profile visibility)', async () => {
    const issue = await createIssue(DEMO_CUSTOMERS.daan.accountId);
    expect((await panelOf(issue)).links).toEqual([]);
  });

  it('links nothing on an issue whose security level hides it from the app', async () => {
    const created = h.host.jira.createIssue({
      projectKey: 'SUP',
      summary: 'Confidential: contract terms',
      description: 'Only the account team may see this.',
      reporterAccountId: DEMO_CUSTOMERS.emma.accountId,
    });
    h.host.jira.setIssueSecurity(created.id, {
      level: 'Account team',
      accountIds: [DEMO_USERS.agent.accountId],
    });
    await fire(created.event);
    expect(h.sim.control.entitiesLinkedToIssue(created.id)).toEqual([]);
    expect(h.host.kvs.snapshot().values[`links:issue:${created.id}`]).toBeUndefined();
  });

  it('does nothing, and does not fail, for an event that names no issue', async () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await fire({ eventType: 'avi:jira:created:issue' } as unknown as CreatedEvent);
      expect(warn.mock.calls.flat().join('\n')).toContain('the event names no issue');
    } finally {
      warn.mockRestore();
    }
  });

  it('links nothing in a project it is not on for', async () => {
    const issue = await createIssue(DEMO_CUSTOMERS.emma.accountId, 'ACC');
    expect((await panelOf(issue)).links).toEqual([]);
    expect(h.sim.control.entitiesLinkedToIssue(issue.id)).toEqual([]);
  });
});

describe('when Atlas CRM is down', () => {
  beforeAll(onForSup);
  afterEach(() => h.sim.control.clearFaults());

  it('the trigger does not fail, and nothing is half-linked', async () => {
    h.sim.control.setFaults({ errorRate: 1 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const issue = await createIssue(DEMO_CUSTOMERS.emma.accountId);
      h.sim.control.clearFaults();
      expect((await panelOf(issue)).links).toEqual([]);
      expect(h.sim.control.entitiesLinkedToIssue(issue.id)).toEqual([]);
      expect(pendingChanges(h)).toEqual([]);
      expect(warn.mock.calls.flat().join('\n')).toContain(
        `automatic linking of issue ${issue.id} stopped`,
      );
    } finally {
      warn.mockRestore();
    }
  });
});

describe('when Atlas CRM answers too slowly', () => {
  beforeAll(onForSup);
  afterEach(() => h.sim.control.clearFaults());

  it('gives up in plain words inside the trigger’s time limit, with nothing linked', async () => {
    // Every CRM answer comes just after the client stopped waiting for it (8 s a try, one retry).
    h.sim.control.setFaults({ latencyMs: 8_500 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const started = Date.now();
      const issue = await createIssue(DEMO_CUSTOMERS.emma.accountId);
      expect(Date.now() - started).toBeLessThan(25_000);
      h.sim.control.clearFaults();
      expect(warn.mock.calls.flat().join('\n')).toContain(
        `automatic linking of issue ${issue.id} stopped`,
      );
      expect(h.sim.control.entitiesLinkedToIssue(issue.id)).toEqual([]);
      expect((await panelOf(issue)).links).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  }, 40_000);
});
