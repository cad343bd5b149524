// Comments posted from Jira can be seen again: Atlas CRM can't list them, so the app keeps its own
// log per record and answers it with the record's details (entities/get, still one call).
import { COMMENT_LOG_MAX } from '../../src/backend/storage/comments';
import { LIMITS } from '../../src/shared/contract';
import { DEMO_USERS, entityIds, startHarness, type Harness } from './harness';

let h: Harness;
let company: string;
let other: string;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  [company, other] = (await entityIds(h, 'company', 2)) as [string, string];
  await h.ok('links/add', { entityId: company }, { issue: 'SUP-1' });
  await h.ok('links/add', { entityId: company }, { issue: 'SUP-2' });
  await h.ok('links/add', { entityId: other }, { issue: 'SUP-1' });
});
afterAll(async () => {
  await h.close();
});

const commentKeys = (entityId: string) =>
  h.host.kvs.keys().filter((key) => key.startsWith(`comments:entity:${entityId}:`));

describe('the comment log', () => {
  it('shows posted comments under the record, newest first, with author, time and issue', async () => {
    const before = Date.now();
    const first = await h.ok('comments/add', {
      entityId: company,
      comment: '  Called about the invoice ',
    });
    expect(first.comment).toMatchObject({
      id: first.id,
      text: 'Called about the invoice',
      issueKey: 'SUP-1',
      accountId: DEMO_USERS.agent.accountId,
    });
    await h.ok(
      'comments/add',
      { entityId: company, comment: 'Refund sent' },
      { user: 'admin', issue: 'SUP-2' },
    );

    h.sim.control.resetStats();
    const details = await h.ok('entities/get', { entityId: company });
    expect(details.comments?.olderDropped).toBe(false);
    expect(
      details.comments?.items.map(({ text, issueKey, accountId }) => ({
        text,
        issueKey,
        accountId,
      })),
    ).toEqual([
      { text: 'Refund sent', issueKey: 'SUP-2', accountId: DEMO_USERS.admin.accountId },
      {
        text: 'Called about the invoice',
        issueKey: 'SUP-1',
        accountId: DEMO_USERS.agent.accountId,
      },
    ]);
    const at = Date.parse(details.comments?.items[1]?.at ?? '');
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now());
    // Another record's log is its own.
    expect((await h.ok('entities/get', { entityId: other })).comments).toEqual({
      items: [],
      olderDropped: false,
    });
  });

  it('keeps both of two comments posted at the same moment', async () => {
    const [a, b] = await Promise.all([
      h.ok('comments/add', { entityId: other, comment: 'From the first tab' }),
      h.ok('comments/add', { entityId: other, comment: 'From the second tab' }, { user: 'admin' }),
    ]);
    const ids = (await h.ok('entities/get', { entityId: other })).comments?.items.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it(`keeps the newest ${COMMENT_LOG_MAX} and says that older ones are no longer shown`, async () => {
    const [crowded] = (await entityIds(h, 'contact', 1)) as [string];
    await h.ok('links/add', { entityId: crowded }, { issue: 'SUP-3' });
    for (let n = 1; n <= COMMENT_LOG_MAX + 3; n++) {
      await h.ok('comments/add', { entityId: crowded, comment: `Note ${n}` }, { issue: 'SUP-3' });
    }
    const comments = (await h.ok('entities/get', { entityId: crowded }, { issue: 'SUP-3' }))
      .comments;
    expect(comments?.items).toHaveLength(COMMENT_LOG_MAX);
    expect(comments?.items[0]?.text).toBe(`Note ${COMMENT_LOG_MAX + 3}`);
    expect(comments?.items.at(-1)?.text).toBe('Note 4');
    expect(comments?.olderDropped).toBe(true);
    // Bounded storage: what lies beyond is deleted (one more is kept as the sign of older ones).
    expect(commentKeys(crowded)).toHaveLength(COMMENT_LOG_MAX + 1);
  });
});

describe('who sees the log', () => {
  it('a viewer sees the comments of a record linked to their issue', async () => {
    const details = await h.ok('entities/get', { entityId: company }, { user: 'viewer' });
    expect(details.comments?.items.map((c) => c.text)).toContain('Called about the invoice');
  });

  it('a viewer is refused a record not linked to their issue: no comments leave', async () => {
    const answer = await h.invoke(
      'entities/get',
      { entityId: company },
      { user: 'viewer', issue: 'SUP-4' },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(JSON.stringify(answer)).not.toContain('Called about the invoice');
  });

  it('someone who may not edit the issue can not add to the log', async () => {
    const before = commentKeys(company).length;
    const answer = await h.invoke(
      'comments/add',
      { entityId: company, comment: 'sneaky' },
      { user: 'viewer' },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(commentKeys(company)).toHaveLength(before);
  });
});

describe('the length limit', () => {
  const grin = '😀'; // one character, two UTF-16 units

  it(`takes ${LIMITS.commentMax} emoji: each counts once, as the form counts them`, async () => {
    const comment = grin.repeat(LIMITS.commentMax);
    const posted = await h.ok('comments/add', { entityId: other, comment });
    expect(posted.comment?.text).toBe(comment);
  });

  it('refuses one character more, in plain words, before anything is posted', async () => {
    h.sim.control.resetStats();
    const answer = await h.invoke('comments/add', {
      entityId: other,
      comment: grin.repeat(LIMITS.commentMax + 1),
    });
    expect(answer).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fieldErrors: { comment: `must be at most ${LIMITS.commentMax} characters` },
      },
    });
    expect(h.sim.control.stats().total).toBe(0);
  });
});

describe('when app storage fails', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a comment posted to Atlas CRM is still reported as posted, without a place in the log', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handle = h.host.kvs.handle.bind(h.host.kvs);
    jest
      .spyOn(h.host.kvs, 'handle')
      .mockImplementation((path, body) =>
        path === '/api/v1/set' && JSON.stringify(body).includes('"comments:entity:')
          ? { status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message: 'storage is down' } }
          : handle(path, body),
      );
    const posted = await h.ok('comments/add', { entityId: other, comment: 'Logged nowhere' });
    expect(posted.id).toEqual(expect.any(String));
    expect(posted.comment).toBeUndefined();
  });

  it('the record still opens when its log can not be read', async () => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const handle = h.host.kvs.handle.bind(h.host.kvs);
    jest
      .spyOn(h.host.kvs, 'handle')
      .mockImplementation((path, body) =>
        path === '/api/v1/query' && JSON.stringify(body).includes('comments:entity:')
          ? { status: 500, body: { code: 'INTERNAL_SERVER_ERROR', message: 'storage is down' } }
          : handle(path, body),
      );
    const details = await h.ok('entities/get', { entityId: company });
    expect(details.entity.id).toBe(company);
    expect(details.comments).toBeUndefined();
  });
});
