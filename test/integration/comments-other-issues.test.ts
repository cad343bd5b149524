// A record's comment log is shown wherever the record is opened, so it holds comments written on
// other issues: each one's text and issue key go only to people who may browse that issue (asked
// of Jira as them, one bulk permission check per page); the others are counted, nothing more.
import { DEMO_USERS, entityIds, startHarness, type Harness, type IssueKey } from './harness';

const ENTITY = 'record-comments';
const CHECK = 'POST /rest/api/3/permissions/check';
const HIDDEN_TEXT = 'Refund agreed under the confidential contract';
const OPEN_TEXT = 'Called back about the invoice';

let h: Harness;
let record: string;
let paged: string;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  [record, paged] = (await entityIds(h, 'company', 2)) as [string, string];
  for (const issue of ['SUP-1', 'SUP-5'] as const)
    await h.ok('links/add', { entityId: record }, { issue });
  await h.ok('links/add', { entityId: paged }, { issue: 'SUP-1' });
  // SUP-5 under a security level only the admin passes (set after the app linked it).
  h.host.jira.setIssueSecurity('SUP-5', {
    level: 'Board',
    accountIds: [DEMO_USERS.admin.accountId],
  });
  await h.ok('comments/add', { entityId: record, comment: OPEN_TEXT }, { issue: 'SUP-1' });
  await h.ok(
    'comments/add',
    { entityId: record, comment: HIDDEN_TEXT },
    { user: 'admin', issue: 'SUP-5' },
  );
});
afterAll(async () => {
  await h.close();
});
afterEach(() => jest.restoreAllMocks());

const detailsAs = (user: 'viewer' | 'agent' | 'admin', issue: IssueKey, entityId = record) =>
  h.invoke('entities/get', { entityId }, { user, issue });

describe('a comment written on an issue the reader may not browse', () => {
  it.each([
    ['a viewer on SUP-1', 'viewer', 'SUP-1'],
    ['an agent on SUP-1', 'agent', 'SUP-1'],
    ['an agent opening the record from another issue', 'agent', 'SUP-3'],
  ] as const)(
    '%s sees neither its text nor its issue, only that it exists',
    async (_who, user, issue) => {
      const answer = await detailsAs(user, issue);
      if (!answer.ok) throw new Error(JSON.stringify(answer.error));
      expect(answer.data.comments).toEqual({
        items: [expect.objectContaining({ text: OPEN_TEXT, issueKey: 'SUP-1' })],
        olderDropped: false,
        hidden: 1,
      });
      const sent = JSON.stringify(answer);
      expect(sent).not.toContain('SUP-5');
      expect(sent).not.toContain(HIDDEN_TEXT);
      expect(sent).not.toContain(DEMO_USERS.admin.accountId);
    },
  );

  it('is shown in full to whoever may browse its issue, from any issue the record is opened on', async () => {
    for (const issue of ['SUP-1', 'SUP-5'] as const) {
      const answer = await detailsAs('admin', issue);
      if (!answer.ok) throw new Error(JSON.stringify(answer.error));
      expect(answer.data.comments?.items.map((c) => [c.issueKey, c.text])).toEqual([
        ['SUP-5', HIDDEN_TEXT],
        ['SUP-1', OPEN_TEXT],
      ]);
      expect(answer.data.comments?.hidden).toBeUndefined();
    }
  });

  it("asks Jira once per page, as the reader; not at all when every comment is on the reader's issue", async () => {
    h.host.resetCounts();
    await detailsAs('agent', 'SUP-1');
    expect(h.host.jira.calls().filter((c) => c.route === CHECK)).toEqual([
      expect.objectContaining({ provider: 'user', accountId: DEMO_USERS.agent.accountId }),
    ]);
    const onlyHere = (await entityIds(h, 'company', 3))[2] as string;
    await h.ok('links/add', { entityId: onlyHere }, { issue: 'SUP-1' });
    await h.ok('comments/add', { entityId: onlyHere, comment: 'Just here' }, { issue: 'SUP-1' });
    h.host.resetCounts();
    const here = await h.ok('entities/get', { entityId: onlyHere }, { user: 'viewer' });
    expect(here.comments?.items.map((c) => c.text)).toEqual(['Just here']);
    expect(h.host.jira.calls().filter((c) => c.route === CHECK)).toEqual([]);
  });

  it('holds on older pages too: each counted on its own page', async () => {
    const base = Date.UTC(2025, 0, 1);
    // 22 newest on SUP-5, 3 older on SUP-1.
    for (let n = 1; n <= 25; n++) {
      const at = new Date(base + n * 60_000).toISOString();
      const onHidden = n > 3;
      h.host.kvs.seedEntity(ENTITY, `paged-${n}`, {
        entityId: paged,
        commentId: `p${n}`,
        accountId: DEMO_USERS.admin.accountId,
        at,
        orderKey: `${at} paged-${n}`,
        issueId: onHidden ? '10005' : '10001',
        issueKey: onHidden ? 'SUP-5' : 'SUP-1',
        text: onHidden ? `Secret ${n}` : `Open ${n}`,
      });
    }
    const first = await h.ok('entities/get', { entityId: paged }, { user: 'viewer' });
    expect(first.comments).toMatchObject({ items: [], hidden: 20 });
    const cursor = first.comments?.olderCursor as string;
    expect(cursor).toEqual(expect.any(String));
    h.host.resetCounts();
    const older = await h.ok('comments/older', { entityId: paged, cursor }, { user: 'viewer' });
    expect(older.items.map((c) => c.text)).toEqual(['Open 3', 'Open 2', 'Open 1']);
    expect(older.hidden).toBe(2);
    expect(JSON.stringify([first, older])).not.toContain('Secret');
    expect(h.host.jira.calls().filter((c) => c.route === CHECK)).toHaveLength(1);

    const asAdmin = await h.ok('comments/older', { entityId: paged, cursor }, { user: 'admin' });
    expect(asAdmin.items).toHaveLength(5);
    expect(asAdmin.hidden).toBeUndefined();
  });

  it("shows none of them when Jira can't say: the record still opens, an older page says try again", async () => {
    const first = await h.ok('entities/get', { entityId: paged }, { user: 'admin' });
    const cursor = first.comments?.olderCursor as string;
    const jira = h.host.jira;
    const real = jira.handle.bind(jira);
    jest
      .spyOn(jira, 'handle')
      .mockImplementation(async (req) =>
        req.path.startsWith('/rest/api/3/permissions/check')
          ? { status: 503, body: { errorMessages: ['Service Unavailable'], errors: {} } }
          : real(req),
      );
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const answer = await detailsAs('viewer', 'SUP-1');
    if (!answer.ok) throw new Error(JSON.stringify(answer.error));
    expect(answer.data.entity.id).toBe(record);
    expect(answer.data.comments).toBeUndefined();
    expect(JSON.stringify(answer)).not.toContain(HIDDEN_TEXT);

    const older = await h.invoke('comments/older', { entityId: paged, cursor }, { user: 'viewer' });
    expect(older).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(older)).not.toContain('Secret');
  });
});
