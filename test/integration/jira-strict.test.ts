// The app against a Jira as strict as Jira: an app user that may browse but not edit a project
// (its JQL index write refused), 429s with Retry-After, and a search index that lags behind the
// app's property writes. Through the REAL resolvers and the simulator.
import { APP_PROJECT_ROLE, DEMO_LEGAL_PROJECT, DEMO_PROJECTS } from '../../sandbox/forge-host';
import { jqlOffMessage } from '../../src/backend/services/index-repair';
import { CONTEXT, entityIds, startHarness, storedRecord, type Harness } from './harness';

let h: Harness;
let pool: string[];
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  pool = await entityIds(h, 'company', 8);
});
afterAll(async () => h.close());

let next = 0;
function freshCompany(): string {
  const id = pool[next++];
  if (!id) throw new Error('the simulator has too few companies');
  return id;
}

const LEG_LINE =
  "JQL search for this issue's Atlas CRM records is off in LEG: the app may not edit issues there.";
const PUT_PROPERTY = 'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}';
const routesCalled = () => h.host.jira.calls().map((c) => `${c.route} ${c.status}`);

describe('a project whose scheme lets the app browse but not edit', () => {
  const legEdit = (...groups: string[]) =>
    h.host.jira.setPermissionGrant('EDIT_ISSUES', groups, DEMO_LEGAL_PROJECT.key);
  afterAll(() => legEdit('jira-admins', 'support-team'));
  let companyId: string;

  it('keeps the link; the panel says in plain words that JQL search is off there', async () => {
    companyId = freshCompany();
    await h.ok('links/add', { entityId: companyId }, { issue: 'LEG-1' });
    expect(storedRecord(h, 'LEG-1')).toBeUndefined();
    h.host.resetCounts();
    const panel = await h.ok('panel/open', undefined, { issue: 'LEG-1' });
    expect(jqlOffMessage('LEG')).toContain(LEG_LINE);
    expect(panel.jqlOff).toBe(jqlOffMessage('LEG'));
    expect(panel.links.map((l) => l.id)).toEqual([companyId]);
    expect(panel.capabilities.canEdit).toBe(true);
    // The write was tried once more and refused; the refusal is remembered for the project.
    expect(routesCalled()).toContain(`${PUT_PROPERTY} 403`);
  });

  it('costs a viewer or agent nothing more than any panel: no write is tried again', async () => {
    const cost = async (user: 'agent' | 'viewer', issue: 'LEG-1' | 'SUP-6') => {
      h.host.resetCounts();
      const panel = await h.ok('panel/open', undefined, { issue, user });
      const { jira, kvs } = h.host.counts();
      return { jqlOff: panel.jqlOff, jira, kvs };
    };
    const plain = await cost('viewer', 'SUP-6');
    expect(plain.jqlOff).toBeUndefined();
    for (const user of ['viewer', 'agent'] as const)
      expect(await cost(user, 'LEG-1')).toEqual({ ...plain, jqlOff: jqlOffMessage('LEG') });
  });

  it('keeps working for the agent: search, link and unlink', async () => {
    const found = await h.ok(
      'entities/search',
      { type: 'company', pageSize: 5 },
      { issue: 'LEG-1' },
    );
    expect(found.items.length).toBeGreaterThan(0);
    const other = freshCompany();
    const added = await h.ok('links/add', { entityId: other }, { issue: 'LEG-1' });
    expect(added.links.map((l) => l.id)).toEqual([companyId, other]);
    const removed = await h.ok('links/remove', { entityId: other }, { issue: 'LEG-1' });
    expect(removed.links.map((l) => l.id)).toEqual([companyId]);
    expect(h.sim.control.issueIdsOf(other)).toEqual([]);
  });

  it("is named by the admin's connection test with the permission to grant", async () => {
    const test = await h.ok('admin/connection/test', undefined, { user: 'admin' });
    expect(test.tokenOk).toBe(true);
    const leg = test.projects?.find((p) => p.project.key === 'LEG');
    expect(leg).toMatchObject({ reasons: ['index-refused'], browse: true, edit: false });
    expect(leg?.problem).toBe(
      "The Atlas CRM app may not edit issues in LEG, so JQL search for Atlas CRM records is off there. Grant Edit Issues to the app's user (the atlassian-addons-project-access role) in the permission scheme of LEG.",
    );
  });

  it('once granted, the connection test forgets the refusal and the next open writes the index', async () => {
    legEdit('jira-admins', 'support-team', APP_PROJECT_ROLE);
    const test = await h.ok('admin/connection/test', undefined, { user: 'admin' });
    expect(test.projects?.find((p) => p.project.key === 'LEG')).toMatchObject({
      browse: true,
      edit: true,
    });
    const panel = await h.ok('panel/open', undefined, { issue: 'LEG-1', user: 'viewer' });
    expect(panel.jqlOff).toBeUndefined();
    expect(storedRecord(h, 'LEG-1')?.entityIds).toEqual([companyId]);
    const after = await h.ok('admin/connection/test', undefined, { user: 'admin' });
    expect(after.projects ?? []).toEqual([]);
  });

  it('names an automatic-linking project the app may no longer browse', async () => {
    const acc = DEMO_PROJECTS.find((p) => p.key === 'ACC')!;
    await h.ok(
      'admin/autolink/save',
      { projects: [{ id: acc.id, key: acc.key, name: acc.name }] },
      { user: 'admin' },
    );
    h.host.jira.setPermissionGrant('BROWSE_PROJECTS', ['jira-admins', 'support-team'], 'ACC');
    try {
      const test = await h.ok('admin/connection/test', undefined, { user: 'admin' });
      expect(test.projects).toEqual([
        {
          project: { id: acc.id, key: 'ACC', name: 'Account Management' },
          reasons: ['auto-link'],
          browse: false,
          edit: false,
          problem:
            "The Atlas CRM app may not see issues in ACC, so new issues there are not linked automatically and JQL search for Atlas CRM records is off there. Grant Browse Projects and Edit Issues to the app's user (the atlassian-addons-project-access role) in the permission scheme of ACC.",
        },
      ]);
    } finally {
      h.host.jira.setPermissionGrant(
        'BROWSE_PROJECTS',
        ['jira-admins', 'support-team', 'viewers', APP_PROJECT_ROLE],
        'ACC',
      );
      await h.ok('admin/autolink/save', { projects: [] }, { user: 'admin' });
    }
  });
});

describe('Jira answering 429 with Retry-After', () => {
  const MYPERMISSIONS = 'GET /rest/api/3/mypermissions';
  afterEach(() => h.host.jira.setFaults({ rateLimit: null }));

  it('waits out a short Retry-After within the budget and sends once more', async () => {
    h.host.jira.setFaults({
      rateLimit: { route: MYPERMISSIONS, retryAfterSeconds: 1, periods: 1 },
    });
    h.host.resetCounts();
    const started = Date.now();
    const panel = await h.invoke('panel/open', undefined, { issue: 'SUP-6' });
    expect(panel.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(routesCalled().filter((r) => r.startsWith(MYPERMISSIONS))).toEqual([
      `${MYPERMISSIONS} 429`,
      `${MYPERMISSIONS} 200`,
    ]);
  });

  it('answers a long one at once: RATE_LIMITED with Jira’s Retry-After, no second request', async () => {
    h.host.jira.setFaults({ rateLimit: { route: MYPERMISSIONS, retryAfterSeconds: 30 } });
    h.host.resetCounts();
    const panel = await h.invoke('panel/open', undefined, { issue: 'SUP-6' });
    expect(panel).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterMs: 30_000 },
    });
    expect(routesCalled().filter((r) => r.startsWith(MYPERMISSIONS))).toEqual([
      `${MYPERMISSIONS} 429`,
    ]);
  });

  it("answers the record's issues search the same way, with Jira's Retry-After", async () => {
    const id = freshCompany();
    await h.ok('links/add', { entityId: id }, { issue: 'SUP-5' });
    h.host.jira.setFaults({
      rateLimit: { route: 'POST /rest/api/3/search/jql', retryAfterSeconds: 20 },
    });
    const listed = await h.invoke('issues/linked', { entityId: id }, { issue: 'SUP-5' });
    expect(listed).toMatchObject({
      ok: false,
      error: { code: 'RATE_LIMITED', retryAfterMs: 20_000 },
    });
  });
});

describe('a search index that lags behind the app’s writes', () => {
  afterEach(() => h.host.jira.setFaults({ searchLagMs: 0 }));

  it("lists the current issue at once (reconciled), other issues once Jira's index caught up", async () => {
    const id = freshCompany();
    h.host.jira.setFaults({ searchLagMs: 60_000 });
    await h.ok('links/add', { entityId: id }, { issue: 'SUP-2' });
    await h.ok('links/add', { entityId: id }, { issue: 'SUP-4' });
    const now = await h.ok('issues/linked', { entityId: id }, { issue: 'SUP-4' });
    expect(now.items.map((i) => i.key)).toEqual(['SUP-4']);
    const other = await h.ok('issues/linked', { entityId: id }, { issue: 'SUP-2' });
    expect(other.items.map((i) => i.key)).toEqual(['SUP-2']);
    h.host.jira.catchUpSearchIndex();
    const later = await h.ok('issues/linked', { entityId: id }, { issue: 'SUP-4' });
    expect(later.items.map((i) => i.key).sort()).toEqual(['SUP-2', 'SUP-4']);
  });

  it("counts another issue's link in the issue context only once the index caught up", async () => {
    const id = freshCompany();
    await h.ok('links/add', { entityId: id }, { issue: 'SUP-3' });
    h.host.jira.setFaults({ searchLagMs: 60_000 });
    await h.ok('links/add', { entityId: id }, { issue: 'SUP-2' });
    const countOf = async () => {
      const summary = await h.ok('context/summary', undefined, { module: CONTEXT, issue: 'SUP-3' });
      return summary.otherOpenIssues?.find((o) => o.entity.id === id)?.count;
    };
    expect(await countOf()).toBe(0);
    h.host.jira.catchUpSearchIndex();
    expect(await countOf()).toBe(1);
  });
});
