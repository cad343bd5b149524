// Jira's stricter rules, as the platform stand-in now applies them: issue security levels that
// bind the app's own user, a case-sensitive group picker, and an app user without "Browse users
// and groups". The app must answer each in plain words or keep working.
import { HIDDEN_FROM_APP_MESSAGE } from '../../src/backend/storage/link-index';
import { DEMO_GROUPS, DEMO_USERS } from '../../sandbox/forge-host';
import { entityIds, startHarness, storedRecord, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => {
  await h.close();
});

const group = (name: string) => DEMO_GROUPS.find((g) => g.name === name)!;

describe('an issue whose security level hides it from the app', () => {
  const everyone = Object.values(DEMO_USERS).map((u) => u.accountId);
  afterEach(() => h.host.jira.setIssueSecurity('SUP-4', undefined));

  it('is explained, never shown as an issue without links', async () => {
    const [companyId] = await entityIds(h, 'company', 1);
    await h.ok('links/add', { entityId: companyId! }, { issue: 'SUP-4' });
    // People can still see the issue; the app's user is not in the level.
    h.host.jira.setIssueSecurity('SUP-4', { level: 'Legal', accountIds: everyone });
    const refused = { ok: false, error: { code: 'FORBIDDEN', message: HIDDEN_FROM_APP_MESSAGE } };
    expect(await h.invoke('panel/open', undefined, { issue: 'SUP-4' })).toEqual(refused);
    const [otherId] = await entityIds(h, 'contact', 1);
    expect(await h.invoke('links/add', { entityId: otherId! }, { issue: 'SUP-4' })).toEqual(
      refused,
    );
    expect(h.sim.control.issueIdsOf(otherId!)).toEqual([]);
    // Once the app may see the issue again, the link is where it was.
    h.host.jira.setIssueSecurity('SUP-4', undefined);
    const panel = await h.ok('panel/open', undefined, { issue: 'SUP-4' });
    expect(panel.links.map((l) => l.id)).toEqual([companyId]);
    expect(storedRecord(h, 'SUP-4')?.entityIds).toEqual([companyId]);
  });

  it('costs one Jira request to read, with links or without', async () => {
    const jiraRequests = async (issue: 'SUP-4' | 'SUP-6') => {
      h.host.resetCounts();
      await h.ok('panel/open', undefined, { issue });
      return h.host.jira.calls().length;
    };
    expect(storedRecord(h, 'SUP-6')).toBeUndefined();
    expect(await jiraRequests('SUP-6')).toBe(await jiraRequests('SUP-4'));
  });
});

describe('the access policy with Jira as strict as it is', () => {
  afterEach(async () => {
    h.host.jira.setAppBrowsesUsers(true);
    await h.ok('admin/policy/save', { groups: [] }, { user: 'admin' });
  });

  it('finds groups whatever the case the admin types', async () => {
    const found = await h.ok('admin/groups/find', { query: 'TEAM' }, { user: 'admin' });
    expect(found.groups.map((g) => g.name).sort()).toEqual(['sales-team', 'support-team']);
  });

  it('saves groups checked by id in one Jira request, even past the picker limit of 20', async () => {
    for (let i = 0; i < 25; i += 1)
      h.host.jira.addGroup({
        groupId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        name: `sales-team-${i}`,
      });
    h.host.resetCounts();
    const saved = await h.ok(
      'admin/policy/save',
      {
        groups: [
          group('sales-team'),
          { groupId: `00000000-0000-4000-8000-${'24'.padStart(12, '0')}`, name: 'sales-team-24' },
        ],
      },
      { user: 'admin' },
    );
    expect(saved.allowedGroups.map((g) => g.name)).toEqual(['sales-team', 'sales-team-24']);
    const lookups = h.host.jira
      .calls()
      .filter(
        (c) =>
          c.route === 'GET /rest/api/3/group/bulk' || c.route === 'GET /rest/api/3/groups/picker',
      );
    expect(lookups.map((c) => c.route)).toEqual(['GET /rest/api/3/group/bulk']);
  });

  it("still decides who is inside when an admin removed the app's Browse users permission", async () => {
    await h.ok('admin/policy/save', { groups: [group('sales-team')] }, { user: 'admin' });
    h.host.jira.setAppBrowsesUsers(false);
    // agent is in sales-team, viewer is not
    const inside = await h.ok('panel/open', undefined, { user: 'agent' });
    expect(inside.capabilities).toMatchObject({ canSearch: true, canEdit: true });
    const outside = await h.ok('panel/open', undefined, { user: 'viewer' });
    expect(outside.capabilities).toMatchObject({ canSearch: false, canEdit: false });
  });
});
