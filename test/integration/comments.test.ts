// Comments posted from Jira can be seen again: Atlas CRM can't list them, so the app keeps its own
// log per record (the `record-comments` entity) and answers its first page with the record's
// details (entities/get, still one call); comments/older answers each page after it. All against
// the strict stand-in: query pages of at most 20, no promised order, rate limits on demand.
import { COMMENT_LOG_MAX } from '../../src/backend/storage/comments';
import { COMMENT_PAGE_SIZE, LIMITS, type RecordComments } from '../../src/shared/contract';
import { DEMO_USERS, entityIds, startHarness, type Harness, type IssueKey } from './harness';

const ENTITY = 'record-comments';
const MOVED_FLAG = 'comments:legacy-moved:v1';

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

/** The keys of a record's comment items, as stored. */
const commentItems = (entityId: string) =>
  h.host.kvs
    .entityKeys(ENTITY)
    .filter(
      (key) => (h.host.kvs.peekEntity(ENTITY, key) as { entityId?: string }).entityId === entityId,
    );

const legacyKeys = (prefix = 'comments:entity:') =>
  h.host.kvs.keys().filter((key) => key.startsWith(prefix));

/** Every page of a record's log: the details' first, then comments/older until none is left. */
async function allPages(entityId: string, issue: IssueKey = 'SUP-1'): Promise<RecordComments[]> {
  const first = (await h.ok('entities/get', { entityId }, { issue })).comments;
  if (!first) throw new Error('the log could not be read');
  const pages = [first];
  for (let cursor = first.olderCursor; cursor; cursor = pages.at(-1)?.olderCursor)
    pages.push(await h.ok('comments/older', { entityId, cursor }, { issue }));
  return pages;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const texts = (pages: RecordComments[]) => pages.flatMap((page) => page.items.map((c) => c.text));

/** A record of its own, linked to `issue`, with `count` comments "Note 1".."Note n" posted. */
async function recordWithNotes(index: number, count: number, issue: IssueKey): Promise<string> {
  const id = (await entityIds(h, 'contact', index + 1))[index] as string;
  await h.ok('links/add', { entityId: id }, { issue });
  for (let n = 1; n <= count; n++) {
    await h.ok('comments/add', { entityId: id, comment: `Note ${n}` }, { issue });
    // Each in its own millisecond: comments of one millisecond have no order of their own.
    await pause(2);
  }
  return id;
}

const notes = (from: number, to: number) =>
  Array.from({ length: from - to + 1 }, (_, i) => `Note ${from - i}`);

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

    const details = await h.ok('entities/get', { entityId: company });
    expect(details.comments?.olderDropped).toBe(false);
    expect(details.comments?.olderCursor).toBeUndefined();
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
    // Each comment keeps the id of the issue it was written on.
    const stored = commentItems(company).map(
      (key) => h.host.kvs.peekEntity(ENTITY, key) as { issueId: string; issueKey: string },
    );
    expect(stored.map((c) => `${c.issueKey}=${c.issueId}`).sort()).toEqual([
      'SUP-1=10001',
      'SUP-2=10002',
    ]);
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

  it(`reads ${COMMENT_PAGE_SIZE} at a time, newest first: each older page after the last`, async () => {
    const id = await recordWithNotes(0, 25, 'SUP-3');
    const pages = await allPages(id, 'SUP-3');
    expect(pages.map((page) => page.items.length)).toEqual([COMMENT_PAGE_SIZE, 5]);
    expect(texts(pages)).toEqual(notes(25, 1));
    expect(pages.at(-1)).toMatchObject({ olderDropped: false });
    expect(pages.at(-1)?.olderCursor).toBeUndefined();
  });

  it(`keeps the newest ${COMMENT_LOG_MAX} and says that older ones are no longer shown`, async () => {
    const id = await recordWithNotes(1, COMMENT_LOG_MAX + 3, 'SUP-3');
    const pages = await allPages(id, 'SUP-3');
    expect(pages.map((page) => page.items.length)).toEqual([20, 20, 10]);
    expect(texts(pages)).toEqual(notes(COMMENT_LOG_MAX + 3, 4));
    expect(pages.at(-1)).toMatchObject({ olderDropped: true });
    // Bounded storage: what lies beyond is deleted (one more is kept as the sign of older ones).
    expect(commentItems(id)).toHaveLength(COMMENT_LOG_MAX + 1);
  });

  it("orders by the comments' own times, whatever order the store lists them in", async () => {
    const id = (await entityIds(h, 'contact', 3))[2] as string;
    await h.ok('links/add', { entityId: id }, { issue: 'SUP-3' });
    const base = Date.UTC(2025, 0, 1);
    // 30 comments, every third pair posted in the same millisecond, keys unrelated to time.
    for (let n = 0; n < 30; n++) {
      const at = new Date(base + Math.floor(n / 2) * 60_000).toISOString();
      const key = `seeded-${(n * 7919) % 30}`;
      h.host.kvs.seedEntity(ENTITY, key, {
        entityId: id,
        commentId: `c${n}`,
        accountId: DEMO_USERS.agent.accountId,
        at,
        orderKey: `${at} ${key}`,
        issueId: '10003',
        issueKey: 'SUP-3',
        text: `Seeded ${n}`,
      });
    }
    const read = async (seed: string) => {
      h.host.kvs.setQuerySeed(seed);
      return (await allPages(id, 'SUP-3')).flatMap((page) => page.items);
    };
    const one = await read('first order');
    const two = await read('another order');
    expect(two).toEqual(one);
    expect(one).toHaveLength(30);
    const times = one.map((c) => c.at);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(one.map((c) => c.id)).size).toBe(30);
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
    const before = commentItems(company).length;
    const answer = await h.invoke(
      'comments/add',
      { entityId: company, comment: 'sneaky' },
      { user: 'viewer' },
    );
    expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(commentItems(company)).toHaveLength(before);
  });

  it("an older page's cursor reads only the record it is sent with, under entities/get's rule", async () => {
    const busy = await recordWithNotes(4, 22, 'SUP-5');
    const cursor = (await h.ok('entities/get', { entityId: busy }, { issue: 'SUP-5' })).comments
      ?.olderCursor as string;
    expect(cursor).toEqual(expect.any(String));
    // Sent with another record, the same cursor answers that record's comments only.
    const elsewhere = await h.ok('comments/older', { entityId: other, cursor });
    expect(elsewhere.items.every((c) => !c.text.startsWith('Note '))).toBe(true);
    // Not linked to the viewer's issue: refused, as entities/get is.
    const refused = await h.invoke(
      'comments/older',
      { entityId: busy, cursor },
      { user: 'viewer', issue: 'SUP-4' },
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const forged = await h.invoke('comments/older', { entityId: busy, cursor: 'AAAA' });
    expect(forged).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fieldErrors: { cursor: expect.any(String) } },
    });
  });
});

describe('what a page costs', () => {
  it('the first page is one KVS call of the record details; an older page one more, no CRM', async () => {
    const busy = await recordWithNotes(5, 21, 'SUP-5');
    await h.ok('entities/get', { entityId: busy }, { issue: 'SUP-5' });
    h.host.resetCounts();
    const details = await h.ok('entities/get', { entityId: busy }, { issue: 'SUP-5' });
    const counts = h.host.counts();
    expect(counts.kvsByPath).toMatchObject({ '/api/v1/entity/query': 1 });
    // No other read of the log, and no write: a read only reads once earlier comments are moved.
    for (const path of ['/api/v1/query', '/api/v1/set', '/api/v1/transaction'])
      expect(counts.kvsByPath[path]).toBeUndefined();
    console.info(`[measure] record details: ${counts.kvs} KVS calls`, counts.kvsByPath);

    h.host.resetCounts();
    h.sim.control.resetStats();
    const cursor = details.comments?.olderCursor as string;
    const older = await h.ok('comments/older', { entityId: busy, cursor }, { issue: 'SUP-5' });
    expect(older.items.map((c) => c.text)).toEqual(['Note 1']);
    // The issue's stored state (one batch), then the page.
    expect(h.host.counts().kvs).toBe(2);
    expect(h.sim.control.stats().total).toBe(0);
  });
});

describe('comments stored by earlier versions', () => {
  const legacy = (entityId: string, n: number, at: string, issue: IssueKey = 'SUP-1') => ({
    id: `old-${entityId}-${n}`,
    entityId,
    accountId: DEMO_USERS.admin.accountId,
    at,
    issueId: issue === 'SUP-1' ? '10001' : '10002',
    issueKey: issue,
    text: `Earlier ${n}`,
  });

  beforeEach(() => {
    // As on an installation upgraded from a version before the entity.
    h.host.kvs.handle('/api/v1/delete', { key: MOVED_FLAG });
  });

  it('shows them with the new ones, newest first, moved into the entity: none is lost', async () => {
    const [, , record] = (await entityIds(h, 'company', 3)) as [string, string, string];
    await h.ok('links/add', { entityId: record }, { issue: 'SUP-1' });
    await h.ok('comments/add', { entityId: record, comment: 'Posted today' });
    const base = Date.UTC(2024, 5, 1);
    // The old keys sorted newest first by key; here their key order is not their time order.
    for (let n = 1; n <= 24; n++) {
      const at = new Date(base + n * 3_600_000).toISOString();
      h.host.kvs.seed(`comments:entity:${record}:${(n * 37) % 101}-x`, legacy(record, n, at));
    }
    h.host.kvs.seed(`comments:entity:${record}:broken`, { text: 'not a comment' });

    const pages = await allPages(record);
    expect(texts(pages)).toEqual([
      'Posted today',
      ...notes(24, 1).map((t) => t.replace('Note', 'Earlier')),
    ]);
    expect(pages.flatMap((p) => p.items)[1]).toMatchObject({
      id: `old-${record}-24`,
      accountId: DEMO_USERS.admin.accountId,
      issueKey: 'SUP-1',
    });
    // Moved, with their issue ids; what is not a comment stays where it was.
    expect(legacyKeys(`comments:entity:${record}:`)).toEqual([`comments:entity:${record}:broken`]);
    expect(commentItems(record)).toHaveLength(25);
    expect(h.host.kvs.peek(MOVED_FLAG)).toBeDefined();
  });

  it("moves an installation's in a few pages per call, the record's own first", async () => {
    const [, , , crowded, quiet] = (await entityIds(h, 'company', 5)) as string[];
    await h.ok('links/add', { entityId: quiet as string }, { issue: 'SUP-2' });
    const base = Date.UTC(2024, 0, 1);
    for (let n = 1; n <= 70; n++)
      h.host.kvs.seed(
        `comments:entity:${crowded}:${n}`,
        legacy(crowded as string, n, new Date(base + n * 1000).toISOString()),
      );
    for (let n = 1; n <= 3; n++)
      h.host.kvs.seed(
        `comments:entity:${quiet}:${n}`,
        legacy(quiet as string, n, new Date(base + n * 1000).toISOString(), 'SUP-2'),
      );

    const first = await h.ok('entities/get', { entityId: quiet as string }, { issue: 'SUP-2' });
    expect(first.comments?.items.map((c) => c.text)).toEqual([
      'Earlier 3',
      'Earlier 2',
      'Earlier 1',
    ]);
    expect(legacyKeys(`comments:entity:${quiet}:`)).toEqual([]);
    // More than a call moves: the rest on the next calls, then never again.
    expect(h.host.kvs.peek(MOVED_FLAG)).toBeUndefined();
    await h.ok('entities/get', { entityId: quiet as string }, { issue: 'SUP-2' });
    expect(legacyKeys().filter((key) => !key.endsWith(':broken'))).toEqual([]);
    expect(h.host.kvs.peek(MOVED_FLAG)).toBeDefined();
    expect(commentItems(crowded as string)).toHaveLength(70);
    h.host.resetCounts();
    await h.ok('entities/get', { entityId: quiet as string }, { issue: 'SUP-2' });
    expect(h.host.counts().kvsByPath['/api/v1/query']).toBeUndefined();
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

describe('when app storage refuses (429 RATE_LIMIT_EXCEEDED)', () => {
  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => {
    h.host.kvs.setFaults({});
    jest.restoreAllMocks();
  });

  it('a comment posted to Atlas CRM is still reported as posted, without a place in the log', async () => {
    h.host.kvs.setFaults({ rateLimitEvery: 1, paths: ['/api/v1/entity/set'] });
    const posted = await h.ok('comments/add', { entityId: other, comment: 'Logged nowhere' });
    expect(posted.id).toEqual(expect.any(String));
    expect(posted.comment).toBeUndefined();
  });

  it('the record still opens when its log can not be read', async () => {
    h.host.kvs.setFaults({ rateLimitEvery: 1, paths: ['/api/v1/entity/query'] });
    const details = await h.ok('entities/get', { entityId: company });
    expect(details.entity.id).toBe(company);
    expect(details.comments).toBeUndefined();
  });

  it('an older page answers "try again" in plain words', async () => {
    const cursor = `1.${Buffer.from('2099-01-01T00:00:00.000Z k').toString('base64url')}`;
    h.host.kvs.setFaults({ rateLimitEvery: 1, paths: ['/api/v1/entity/query'] });
    const answer = await h.invoke('comments/older', { entityId: company, cursor });
    expect(answer).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
  });
});
