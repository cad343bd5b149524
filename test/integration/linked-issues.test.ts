// The customer's other issues, through the REAL resolvers against the simulator: a record's issues
// found with JQL over the indexed link property as the user (only issues they may browse), paged
// with Jira's token, and the issue context's count of other open issues.
import { APP_USER, DEMO_USERS } from '../../sandbox/forge-host';
import {
  ISSUE_SEARCH_MESSAGES,
  LINKED_ISSUES_PAGE_SIZE,
} from '../../src/backend/services/linked-issues';
import { CONTEXT, entityIds, startHarness, type Harness, type IssueKey } from './harness';

let h: Harness;
let pool: string[];
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  pool = await entityIds(h, 'company', 12);
});
afterAll(async () => {
  await h.close();
});
afterEach(() => {
  jest.restoreAllMocks();
  h.host.jira.setIssueSecurity('SUP-3', undefined);
});

let next = 0;
/** A company of the simulator no other test of this file uses. */
function freshCompany(): string {
  const id = pool[next];
  next += 1;
  if (!id) throw new Error('the simulator has too few companies');
  return id;
}

async function linkTo(entityId: string, ...issues: IssueKey[]): Promise<void> {
  for (const issue of issues) await h.ok('links/add', { entityId }, { issue });
}

const asContext = (issue: IssueKey, user: 'agent' | 'viewer' = 'agent') =>
  ({ module: CONTEXT, issue, user }) as const;

function searches(route: string) {
  return h.host.jira.calls().filter((c) => c.route === route);
}

describe('an issue with nothing linked', () => {
  it('asks Jira for no count', async () => {
    h.host.resetCounts();
    const summary = await h.ok('context/summary', undefined, asContext('SUP-2', 'viewer'));
    expect(summary.otherOpenIssues).toBeUndefined();
    expect(searches('POST /rest/api/3/search/jql')).toEqual([]);
  });
});

describe('issues/linked', () => {
  it("lists the record's issues newest update first, asked of Jira once, as the user", async () => {
    const company = freshCompany();
    await linkTo(company, 'SUP-1', 'SUP-3');
    h.host.resetCounts();
    const page = await h.ok('issues/linked', { entityId: company }, { issue: 'SUP-1' });
    expect(page.items.map((i) => i.key)).toEqual(['SUP-3', 'SUP-1']);
    expect(page.items[1]).toEqual({
      id: '10001',
      key: 'SUP-1',
      summary: 'Invoice INV-2291 charged twice for Nordbridge Logistics LLC',
      status: 'Open',
      statusCategory: 'new',
      updated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
    });
    expect(page.nextCursor).toBeUndefined();
    expect(page.navigatorPath).toBe(
      `/issues/?jql=${encodeURIComponent(`crmEntityId = "${company}" ORDER BY updated DESC`)}`,
    );
    expect(searches('POST /rest/api/3/search/jql')).toEqual([
      expect.objectContaining({ provider: 'user', accountId: DEMO_USERS.agent.accountId }),
    ]);
    expect(h.host.jira.calls().filter((c) => c.provider === 'app')).toEqual([]);
  });

  it('never shows a viewer an issue they may not browse', async () => {
    const company = freshCompany();
    await linkTo(company, 'SUP-1', 'SUP-3');
    const seeing = [DEMO_USERS.admin, DEMO_USERS.agent].map((u) => u.accountId);
    h.host.jira.setIssueSecurity('SUP-3', {
      level: 'Staff',
      accountIds: [...seeing, APP_USER.accountId],
    });
    const asViewer = await h.ok(
      'issues/linked',
      { entityId: company },
      { user: 'viewer', issue: 'SUP-1' },
    );
    expect(asViewer.items.map((i) => i.key)).toEqual(['SUP-1']);
    const asAgent = await h.ok('issues/linked', { entityId: company }, { issue: 'SUP-1' });
    expect(asAgent.items.map((i) => i.key)).toEqual(['SUP-3', 'SUP-1']);
  });

  it('refuses a viewer a record not linked to the issue, and shows none of its issues', async () => {
    const company = freshCompany();
    await linkTo(company, 'SUP-3');
    h.host.resetCounts();
    const refused = await h.invoke(
      'issues/linked',
      { entityId: company },
      { user: 'viewer', issue: 'SUP-1' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The search runs beside the access check, as the viewer (so Jira itself limits it), and its
    // answer is dropped when the check refuses: nothing of SUP-3 reaches the viewer.
    expect(JSON.stringify(refused)).not.toContain('SUP-3');
    expect(searches('POST /rest/api/3/search/jql').every((c) => c.provider === 'user')).toBe(true);
  });

  it("pages with Jira's token, one Jira request per page", async () => {
    const company = freshCompany();
    await linkTo(company, 'SUP-2');
    // More issues than a page, linked to the same record (as the index and the app's record hold it).
    const index = h.host.jira.getProperty('SUP-2', 'atlas-crm-links');
    const record = h.host.kvs.peekEntity('issue-links', '10002') as Record<string, unknown>;
    for (let n = 0; n < LINKED_ISSUES_PAGE_SIZE + 2; n += 1) {
      const key = `SUP-${200 + n}`;
      h.host.jira.addIssue({
        id: String(20_200 + n),
        key,
        summary: `Follow-up ${n}`,
        description: '',
        status: n % 2 === 0 ? 'Done' : 'In Progress',
      });
      h.host.jira.setProperty(key, 'atlas-crm-links', index);
      h.host.kvs.seedEntity('issue-links', String(20_200 + n), record);
    }
    h.host.resetCounts();
    const first = await h.ok('issues/linked', { entityId: company }, { issue: 'SUP-2' });
    expect(first.items).toHaveLength(LINKED_ISSUES_PAGE_SIZE);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await h.ok(
      'issues/linked',
      { entityId: company, cursor: first.nextCursor },
      { issue: 'SUP-2' },
    );
    expect(second.nextCursor).toBeUndefined();
    const all = [...first.items, ...second.items];
    expect(all).toHaveLength(LINKED_ISSUES_PAGE_SIZE + 3);
    expect(new Set(all.map((i) => i.key)).size).toBe(all.length);
    const times = all.map((i) => Date.parse(i.updated));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all.find((i) => i.key === 'SUP-200')).toMatchObject({
      status: 'Done',
      statusCategory: 'done',
    });
    expect(searches('POST /rest/api/3/search/jql')).toHaveLength(2);
  });

  it("says plainly when Jira no longer knows a page's token", async () => {
    const [company, other] = [freshCompany(), freshCompany()];
    await linkTo(company, 'SUP-1');
    await linkTo(other, 'SUP-1', 'SUP-3');
    const otherPage = await h.ok(
      'issues/linked',
      { entityId: other, cursor: undefined },
      { issue: 'SUP-1' },
    );
    expect(otherPage.nextCursor).toBeUndefined();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    // A token of another search is one Jira refuses, as it refuses an expired one.
    const token = Buffer.from(JSON.stringify({ o: 1, q: 'x' })).toString('base64url');
    const stale = await h.invoke(
      'issues/linked',
      { entityId: company, cursor: token },
      { issue: 'SUP-1' },
    );
    expect(stale).toEqual({
      ok: false,
      error: { code: 'VALIDATION', message: ISSUE_SEARCH_MESSAGES.staleCursor },
    });
  });

  it('says plainly when Jira is down, with a wait', async () => {
    const company = freshCompany();
    await linkTo(company, 'SUP-1');
    failJira('/rest/api/3/search/jql', 503);
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const down = await h.invoke('issues/linked', { entityId: company }, { issue: 'SUP-1' });
    expect(down).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: ISSUE_SEARCH_MESSAGES.unavailable,
        retryAfterMs: expect.any(Number),
      },
    });
  });
});

/** Jira answers `status` to requests on this path (the platform edge fails, not the app). */
function failJira(path: string, status: number): void {
  const jira = h.host.jira;
  const real = jira.handle.bind(jira);
  jest
    .spyOn(jira, 'handle')
    .mockImplementation(async (req) =>
      req.path.startsWith(path)
        ? { status, body: { errorMessages: ['Service Unavailable'], errors: {} } }
        : real(req),
    );
}

describe('context/summary: other open issues', () => {
  it("counts each linked company's other open issues, as the user, in the same call", async () => {
    const [first, second] = [freshCompany(), freshCompany()];
    await linkTo(first, 'SUP-5', 'SUP-6', 'SUP-3');
    await linkTo(second, 'SUP-5');
    h.host.jira.addIssue({
      id: '20300',
      key: 'SUP-300',
      summary: 'Closed long ago',
      description: '',
      status: 'Closed',
    });
    h.host.jira.setProperty(
      'SUP-300',
      'atlas-crm-links',
      h.host.jira.getProperty('SUP-6', 'atlas-crm-links'),
    );
    h.host.resetCounts();
    h.sim.control.resetStats();
    const summary = await h.ok('context/summary', undefined, asContext('SUP-5'));
    const jql = `crmEntityId = "${first}" AND issuekey != "SUP-5" AND statusCategory != Done ORDER BY updated DESC`;
    expect(summary.otherOpenIssues).toEqual([
      {
        entity: { id: first, type: 'company', name: expect.any(String) },
        count: 2,
        navigatorPath: `/issues/?jql=${encodeURIComponent(jql)}`,
      },
      expect.objectContaining({ entity: expect.objectContaining({ id: second }), count: 0 }),
    ]);
    expect(summary.otherOpenIssues?.[0]?.entity.name).toBe(summary.names.company[0]);
    const counts = searches('POST /rest/api/3/search/jql');
    expect(counts.map((c) => c.accountId)).toEqual([
      DEMO_USERS.agent.accountId,
      DEMO_USERS.agent.accountId,
    ]);
    expect(h.sim.control.stats().total).toBe(0);

    h.host.jira.setIssueSecurity('SUP-3', {
      level: 'Staff',
      accountIds: [DEMO_USERS.agent.accountId, APP_USER.accountId],
    });
    const asViewer = await h.ok('context/summary', undefined, asContext('SUP-5', 'viewer'));
    expect(asViewer.otherOpenIssues?.[0]?.count).toBe(1);
  });

  it('counts contacts when no company is linked, at most three records', async () => {
    const contacts = await entityIds(h, 'contact', 4);
    for (const contact of contacts) await linkTo(contact, 'SUP-4');
    h.host.resetCounts();
    const summary = await h.ok('context/summary', undefined, asContext('SUP-4'));
    expect(summary.otherOpenIssues?.map((o) => o.entity.type)).toEqual([
      'contact',
      'contact',
      'contact',
    ]);
    expect(searches('POST /rest/api/3/search/jql')).toHaveLength(3);
  });

  it('still answers the summary when Jira cannot count, without the counts', async () => {
    const company = freshCompany();
    await linkTo(company, 'SUP-6');
    failJira('/rest/api/3/search/jql', 500);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const summary = await h.ok('context/summary', undefined, asContext('SUP-6'));
    expect(summary.counts.company).toBeGreaterThanOrEqual(1);
    expect(summary.otherOpenIssues).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('other open issues'));
  });
});
