// "Issues linked to this record" and the issue context's "N other open issues" find issues by the
// issue property `atlas-crm-links`, which anyone with Edit Issues can rewrite through Jira's REST
// API. An issue counts only when the app's own record for it (the `issue-links` entity, or the key
// of an earlier version) names the record; one KVS batch per page or per count.
import { asUser, route } from '@forge/api';
import { CONTEXT, DEMO_USERS, entityIds, startHarness, type Harness } from './harness';

const PROP = 'atlas-crm-links';
const BATCH = '/api/v1/batch/get';

let h: Harness;
let pool: string[];
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  pool = await entityIds(h, 'company', 6);
});
afterAll(async () => {
  await h.close();
});

let next = 0;
const freshCompany = () => pool[next++] as string;

/** What an agent can write on any issue they may edit, through Jira's REST API. */
async function rewriteProperty(issueKey: string, entityIds: string[]): Promise<void> {
  const value = {
    v: 2,
    count: entityIds.length,
    companyNames: [],
    contactNames: [],
    saleNames: [],
    entityIds,
    links: [],
  };
  const res = await h.host.runAs(DEMO_USERS.agent.accountId, () =>
    asUser().requestJira(route`/rest/api/3/issue/${issueKey}/properties/${PROP}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(value),
    }),
  );
  expect([200, 201]).toContain(res.status);
}

const keysListed = async (entityId: string, issue: 'SUP-1' | 'SUP-3' = 'SUP-1') =>
  (await h.ok('issues/linked', { entityId }, { issue })).items.map((i) => i.key);

const countFor = async (entityId: string, issue: 'SUP-1' | 'SUP-4' = 'SUP-1') => {
  const summary = await h.ok('context/summary', undefined, { module: CONTEXT, issue });
  return summary.otherOpenIssues?.find((o) => o.entity.id === entityId);
};

describe('an issue whose property an agent rewrote to name a record', () => {
  it('is neither listed under the record nor counted as its open issue', async () => {
    const x = freshCompany();
    for (const issue of ['SUP-1', 'SUP-3'] as const)
      await h.ok('links/add', { entityId: x }, { issue });
    await rewriteProperty('SUP-2', [x]);

    h.host.resetCounts();
    expect(await keysListed(x)).toEqual(['SUP-3', 'SUP-1']);
    // The issue state's batch, then one batch with the page's other issues' records.
    expect(h.host.counts().kvsByPath[BATCH]).toBe(2);

    expect(await countFor(x)).toMatchObject({ count: 1 });
    expect((await countFor(x))?.approximate).toBeUndefined();
  });
});

describe('an issue whose record names the record', () => {
  it('is still listed and counted when its property was rewritten to say more, or no longer says it', async () => {
    const [x, y] = [freshCompany(), freshCompany()];
    for (const issue of ['SUP-1', 'SUP-3'] as const)
      await h.ok('links/add', { entityId: x }, { issue });
    await rewriteProperty('SUP-3', [y, x]);
    expect(await keysListed(x)).toEqual(['SUP-3', 'SUP-1']);
    expect(await countFor(x)).toMatchObject({ count: 1 });
    // Claims y, but its record does not: not listed under y.
    await h.ok('links/add', { entityId: y }, { issue: 'SUP-6' });
    expect(await h.ok('issues/linked', { entityId: y }, { issue: 'SUP-6' })).toMatchObject({
      items: [expect.objectContaining({ key: 'SUP-6' })],
    });

    // The issue it is opened from, its property emptied: still listed, read on its own.
    await rewriteProperty('SUP-1', []);
    h.host.resetCounts();
    expect(await keysListed(x)).toEqual(['SUP-3', 'SUP-1']);
    expect(h.host.jira.calls().map((c) => c.route)).toContain(
      'GET /rest/api/3/issue/{issueIdOrKey}',
    );
  });

  it('counts when the record is still in the key of an earlier version', async () => {
    const x = freshCompany();
    await h.ok('links/add', { entityId: x }, { issue: 'SUP-1' });
    h.host.jira.addIssue({
      id: '20500',
      key: 'SUP-500',
      summary: 'Older link',
      description: '',
      status: 'Open',
    });
    h.host.jira.setProperty('SUP-500', PROP, h.host.jira.getProperty('SUP-1', PROP));
    const stored = h.host.kvs.peekEntity('issue-links', '10001') as { record: unknown };
    h.host.kvs.seed('links:issue:20500', stored.record);
    expect(await keysListed(x)).toEqual(['SUP-500', 'SUP-1']);
    expect(await countFor(x)).toMatchObject({ count: 1 });
  });
});

describe('a record with more open issues than the context checks', () => {
  it('says the count is at least what it checked', async () => {
    const x = freshCompany();
    await h.ok('links/add', { entityId: x }, { issue: 'SUP-4' });
    const property = h.host.jira.getProperty('SUP-4', PROP);
    const record = h.host.kvs.peekEntity('issue-links', '10004') as Record<string, unknown>;
    for (let n = 0; n < 13; n++) {
      const id = String(20_600 + n);
      h.host.jira.addIssue({
        id,
        key: `SUP-${600 + n}`,
        summary: `Open ${n}`,
        description: '',
        status: 'Open',
      });
      h.host.jira.setProperty(id, PROP, property);
      h.host.kvs.seedEntity('issue-links', id, record);
    }
    h.host.resetCounts();
    expect(await countFor(x, 'SUP-4')).toMatchObject({ count: 12, approximate: true });
    // One search and one batch of 24 keys (12 issues) per counted record.
    expect(h.host.counts().kvsByPath[BATCH]).toBe(2);
  });
});
