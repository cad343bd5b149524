// Linking new issues to their customer automatically: the admin's choice of projects through the
// real admin resolvers, then issues created in the Jira stand-in whose creation event reaches the
// REAL trigger handler (src/index autoLinkOnCreate), against the simulator. The stand-in delivers
// as Forge does: at least once, and again when the handler returns an InvocationError.
import {
  DEMO_CUSTOMERS,
  DEMO_PROJECTS,
  DEMO_USERS,
  type InvocationContext,
} from '../../sandbox/forge-host';
import type { DeliveryOptions, TriggerRun } from '../../sandbox/forge-host/events';
import type {
  FunctionKey,
  LinkedEntity,
  PanelData,
  Result,
  SuggestionsData,
} from '../../src/shared/contract';
import { crmRequest } from '../setup/crm-outside-jira';
import { PANEL, pendingChanges, startHarness, type Harness } from './harness';
import { simulatorListFields } from '../setup/list-fields';

const SUP = DEMO_PROJECTS.find((project) => project.key === 'SUP')!;
const ACC = DEMO_PROJECTS.find((project) => project.key === 'ACC')!;
const asProject = ({ id, key, name }: typeof SUP) => ({ id, key, name });

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  // A second of a redelivery's wait (the trigger asks 10, 30, 90 s) lasts 5 ms here.
  h.host.events.msPerSecond = 5;
});
afterAll(async () => h.close());

type CreatedEvent = ReturnType<Harness['host']['jira']['createIssue']>['event'];
/** Jira hands the creation event to Forge; resolves with its runs, redeliveries included. */
function deliver(event: CreatedEvent, options: DeliveryOptions = {}): Promise<TriggerRun[]> {
  return h.host.events.deliver('avi:jira:created:issue', event, options);
}

/**
 * Jira sends the creation event to the app's trigger, as Forge would (no user, 25 s). The
 * handler ends with nothing to retry: a final outcome.
 */
async function fire(event: CreatedEvent): Promise<void> {
  const runs = await deliver(event);
  expect(runs.map((run) => [run.triggerKey, run.outcome])).toEqual([
    ['atlas-crm-issue-created', 'ok'],
  ]);
}

/** A new issue in SUP, its event not delivered yet. */
function newIssue(reporterAccountId: string) {
  return h.host.jira.createIssue({
    projectKey: 'SUP',
    summary: 'Question about our invoice',
    description: 'Please call us back.',
    reporterAccountId,
  });
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

/** A call from the agent's panel on that issue. */
async function asAgent<T>(
  issue: { id: string; key: string },
  key: FunctionKey,
  payload?: unknown,
): Promise<T> {
  const ctx: InvocationContext = {
    accountId: DEMO_USERS.agent.accountId,
    moduleKey: PANEL,
    extensionType: 'jira:issuePanel',
    issue: { id: issue.id, key: issue.key },
  };
  const result = (await h.host.invoke(h.handler, key, payload, ctx)) as Result<T>;
  if (!result.ok) throw new Error(`${key} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

/** What the panel shows on that issue, for the agent. */
function panelOf(issue: { id: string; key: string }): Promise<PanelData> {
  return asAgent<PanelData>(issue, 'panel/open');
}

/** The records the agent's panel would suggest on that issue, by where they come from. */
async function suggestedOn(issue: { id: string; key: string }): Promise<Record<string, string>> {
  const { items } = await asAgent<SuggestionsData>(issue, 'suggestions/list');
  return Object.fromEntries(items.map((item) => [item.source, item.entity.id]));
}

const names = (panel: PanelData) => panel.links.map((link) => link.name);
const EMMA = 'Emma Meijer';
const NORDBRIDGE = 'Nordbridge Logistics LLC';

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
  it('survives a change of the access policy and a removal of the credentials', async () => {
    await onForSup();
    await h.ok('admin/policy/save', { groups: [] }, { user: 'admin' });
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).autoLinkProjects,
    ).toEqual([asProject(SUP)]);

    // Without credentials nothing is linked, though the projects stay chosen.
    await h.ok('admin/credentials/remove', undefined, { user: 'admin' });
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).autoLinkProjects,
    ).toEqual([asProject(SUP)]);
    const meanwhile = await createIssue(DEMO_CUSTOMERS.emma.accountId);
    expect((await panelOf(meanwhile)).links).toEqual([]);

    // The same credentials again (a rotated token): linking is on where it was.
    await h.ok(
      'admin/credentials/save',
      { clientId: h.sim.clientId, clientSecret: h.sim.clientSecret },
      { user: 'admin' },
    );
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).autoLinkProjects,
    ).toEqual([asProject(SUP)]);
    const issue = await createIssue(DEMO_CUSTOMERS.emma.accountId);
    expect((await panelOf(issue)).links.map((link) => link.name)).toContain('Emma Meijer');
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

describe('once per issue, whatever Forge delivers', () => {
  beforeAll(onForSup);

  it('links once when the event arrives twice side by side', async () => {
    const issue = newIssue(DEMO_CUSTOMERS.emma.accountId);
    const runs = await deliver(issue.event, { times: 2 });
    expect(runs.map((run) => run.outcome)).toEqual(['ok', 'ok']);
    const panel = await panelOf(issue);
    expect(names(panel)).toEqual([EMMA, NORDBRIDGE]);
    expect(panel.autoLinkPending).toBeUndefined();
    for (const link of panel.links)
      expect(h.sim.control.issueIdsOf(link.id).filter((id) => id === issue.id)).toHaveLength(1);
    expect(pendingChanges(h)).toEqual([]);
  });

  it('an unlink stays: the event delivered again links nothing more', async () => {
    const issue = newIssue(DEMO_CUSTOMERS.emma.accountId);
    await fire(issue.event);
    const emma = (await panelOf(issue)).links.find((link) => link.name === EMMA)!;
    await asAgent(issue, 'links/remove', { entityId: emma.id });
    await fire(issue.event);
    expect(names(await panelOf(issue))).toEqual([NORDBRIDGE]);
    expect(h.sim.control.issueIdsOf(emma.id)).not.toContain(issue.id);
  });

  it('an unlink and a dismissal stay when the event is delivered again', async () => {
    const issue = newIssue(DEMO_CUSTOMERS.emma.accountId);
    await fire(issue.event);
    const company = (await panelOf(issue)).links.find((link) => link.name === NORDBRIDGE)!;
    await asAgent(issue, 'links/remove', { entityId: company.id });
    await asAgent(issue, 'suggestions/dismiss', { entityId: company.id });
    await fire(issue.event);
    expect(names(await panelOf(issue))).toEqual([EMMA]);
    expect(h.sim.control.issueIdsOf(company.id)).not.toContain(issue.id);
  });

  it('never links a record dismissed before it ran; a dismissed reporter links nothing', async () => {
    const first = newIssue(DEMO_CUSTOMERS.emma.accountId);
    const company = (await suggestedOn(first))['reporter-company']!;
    await asAgent(first, 'suggestions/dismiss', { entityId: company });
    await fire(first.event);
    expect(names(await panelOf(first))).toEqual([EMMA]);

    const second = newIssue(DEMO_CUSTOMERS.emma.accountId);
    const contact = (await suggestedOn(second)).reporter!;
    await asAgent(second, 'suggestions/dismiss', { entityId: contact });
    await fire(second.event);
    expect((await panelOf(second)).links).toEqual([]);
    expect(h.sim.control.entitiesLinkedToIssue(second.id)).toEqual([]);
  });

  it('a dismissal of what it linked (from a screen not yet updated) takes the link off', async () => {
    const issue = newIssue(DEMO_CUSTOMERS.emma.accountId);
    await fire(issue.event);
    const company = (await panelOf(issue)).links.find((link) => link.name === NORDBRIDGE)!;
    await asAgent(issue, 'suggestions/dismiss', { entityId: company.id });
    expect(names(await panelOf(issue))).toEqual([EMMA]);
    expect(h.sim.control.issueIdsOf(company.id)).not.toContain(issue.id);
  });

  it('an unlink before it ran settles it: nothing is linked by the app afterwards', async () => {
    const issue = newIssue(DEMO_CUSTOMERS.emma.accountId);
    const contact = (await suggestedOn(issue)).reporter!;
    await asAgent(issue, 'links/add', { entityId: contact });
    await asAgent(issue, 'links/remove', { entityId: contact });
    await fire(issue.event);
    expect((await panelOf(issue)).links).toEqual([]);
    expect(h.sim.control.entitiesLinkedToIssue(issue.id)).toEqual([]);
  });
});

describe('when Atlas CRM is down at creation', () => {
  beforeAll(onForSup);
  afterEach(() => h.sim.control.clearFaults());

  it('asks Forge to deliver the event again, and links once Atlas CRM is back', async () => {
    h.sim.control.setFaults({ errorRate: 1 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const issue = newIssue(DEMO_CUSTOMERS.emma.accountId);
      // Back before the redelivery: the first run asked for one.
      const runs = await deliver(issue.event, { onRun: () => h.sim.control.clearFaults() });
      expect(runs.map((run) => [run.outcome, run.retryCount, run.retryAfter])).toEqual([
        ['retry requested', undefined, 10],
        ['ok', 1, undefined],
      ]);
      expect(names(await panelOf(issue))).toEqual([EMMA, NORDBRIDGE]);
      expect(h.sim.control.entitiesLinkedToIssue(issue.id)).toHaveLength(2);
      expect(pendingChanges(h)).toEqual([]);
      expect(warn.mock.calls.flat().join('\n')).toContain(
        `automatic linking of issue ${issue.id} will be tried again in 10 s`,
      );
    } finally {
      warn.mockRestore();
    }
  });

  it('asks at most three times, each wait longer, then stops with nothing half-linked', async () => {
    h.sim.control.setFaults({ errorRate: 1 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const issue = newIssue(DEMO_CUSTOMERS.emma.accountId);
      const runs = await deliver(issue.event);
      expect(runs.map((run) => [run.outcome, run.retryAfter])).toEqual([
        ['retry requested', 10],
        ['retry requested', 30],
        ['retry requested', 90],
        ['ok', undefined],
      ]);
      h.sim.control.clearFaults();
      const panel = await panelOf(issue);
      expect(panel.links).toEqual([]);
      // Settled: the panel stops looking, and a late duplicate does nothing.
      expect(panel.autoLinkPending).toBeUndefined();
      await fire(issue.event);
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

// Timing, not list shape: run once (it waits out the CRM client's real 8 s timeouts).
const onceOnly = simulatorListFields() === 'include' ? describe : describe.skip;

onceOnly('when Atlas CRM answers too slowly', () => {
  beforeAll(onForSup);
  afterEach(() => h.sim.control.clearFaults());

  it('stops inside the trigger’s time limit, is delivered again, and links then', async () => {
    // Every CRM answer comes just after the client stopped waiting for it (8 s a try, one retry).
    h.sim.control.setFaults({ latencyMs: 8_500 });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const issue = newIssue(DEMO_CUSTOMERS.emma.accountId);
      const runs = await deliver(issue.event, { onRun: () => h.sim.control.clearFaults() });
      expect(runs[0]?.ms).toBeLessThan(25_000);
      expect(runs.map((run) => run.outcome)).toEqual(['retry requested', 'ok']);
      expect(names(await panelOf(issue))).toEqual([EMMA, NORDBRIDGE]);
      expect(pendingChanges(h)).toEqual([]);
    } finally {
      warn.mockRestore();
    }
  }, 40_000);
});
