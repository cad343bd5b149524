// The link saga under faults and concurrency, the shared token, capacity, and secrets never leaking.
import { writeFileSync } from 'node:fs';
import { LINK_MESSAGES } from '../../src/backend/services/links';
import { limitReachedMessage } from '../../src/backend/storage/link-record-format';
import { DEMO_USERS, createRng } from '../../sandbox/forge-host';
import { customerNames } from '../../src/backend/storage/customer-value';
import {
  failLinkRecordWrites,
  indexIds,
  recordIds,
  refreshLater,
  storedLinks,
} from '../faults/world';
import type { CreateResult } from '../../src/shared/contract';
import {
  cachedAccessToken,
  entityIds,
  pendingChanges,
  startHarness,
  storedRecord,
  type Harness,
  type IssueKey,
  ISSUES,
} from './harness';

jest.setTimeout(120_000);

let h: Harness;
const logs: string[] = [];
const tokens = new Set<string>();
const spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    spies.push(
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        logs.push(
          args
            .map((a) =>
              a instanceof Error
                ? `${a.message} ${a.stack}`
                : typeof a === 'string'
                  ? a
                  : JSON.stringify(a),
            )
            .join(' '),
        );
      }),
    );
  }
  h = await startHarness();
  await h.configure();
  rememberToken();
});

afterAll(async () => {
  for (const s of spies) s.mockRestore();
  for (const line of logs.filter((l) => l.startsWith('[measure]')))
    process.stdout.write(`${line}\n`);
  if (process.env.DUMP_LOGS) writeFileSync(process.env.DUMP_LOGS, logs.join('\n'));
  await h.close();
});

const sup = (key: IssueKey) => ({ id: ISSUES[key], key });

function rememberToken(): void {
  const t = cachedAccessToken(h);
  if (t) tokens.add(t);
}

/** The CRM and the record (app storage) agree on every entity touched. */
function expectAgreement(issue: IssueKey, touched: string[]): void {
  const linked = new Set(recordIds(h, ISSUES[issue]));
  const mismatches = touched.filter(
    (id) => h.sim.control.issueIdsOf(id).includes(ISSUES[issue]) !== linked.has(id),
  );
  expect(mismatches).toEqual([]);
  // The customer field says what the record says.
  const field = h.host.jira.appField('Atlas CRM customer')!.id;
  const record = storedLinks(h, ISSUES[issue]) ?? { links: [] };
  const names = customerNames(record);
  expect(h.host.jira.fieldValue(ISSUES[issue], field)).toEqual(names.length ? names : undefined);
}

describe('the access token is shared by all invocations', () => {
  it('50 invocations after the token expired cost exactly 1 token request', async () => {
    h.sim.control.expireAllTokens();
    h.sim.control.resetStats();
    for (let i = 0; i < 50; i++) {
      const key = (['entities/search', 'entities/get', 'panel/open'] as const)[i % 3]!;
      if (key === 'entities/search') await h.ok(key, { type: 'contact', text: 'emma' });
      else if (key === 'entities/get')
        await h.ok(key, { entityId: (await entityIds(h, 'company', 1))[0]! });
      else await h.ok(key, undefined);
    }
    const stats = h.sim.control.stats();
    expect(stats.tokenRequests).toBe(1);
    console.info(
      `[measure] ${stats.tokenRequests} token request for 50 invocations (${stats.total} CRM requests)`,
    );
    rememberToken();
  });
});

describe('link record and CRM agree after injected failures', () => {
  it('CRM failures (errorRate 0.3): every link/unlink either fully happened or not at all', async () => {
    const ids = await entityIds(h, 'contact', 12);
    h.sim.control.setFaults({ errorRate: 0.3 });
    const outcomes: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const id of ids) {
        const key = (round + ids.indexOf(id)) % 2 === 0 ? 'links/add' : 'links/remove';
        const r = await h.invoke(key, { entityId: id }, { issue: 'SUP-2' });
        outcomes.push(r.ok ? 'ok' : r.error.code);
        if (!r.ok) expect(['CRM_UNAVAILABLE', 'INTERNAL']).toContain(r.error.code);
      }
    }
    h.sim.control.clearFaults();
    expect(outcomes.filter((o) => o !== 'ok').length).toBeGreaterThan(0);
    // Whatever a failed undo left in the outbox, the next writer delivers.
    await refreshLater(h, [sup('SUP-2')], DEMO_USERS.agent.accountId);
    expect(pendingChanges(h)).toEqual([]);
    expectAgreement('SUP-2', ids);
    console.info(
      `[measure] CRM faults: ${outcomes.filter((o) => o === 'ok').length}/${outcomes.length} ok, record and CRM agree`,
    );
    rememberToken();
  });

  it('link record write failures (rate 0.7): a change not stored never reaches the CRM, and the user is told', async () => {
    const ids = await entityIds(h, 'sale', 10);
    const restore = failLinkRecordWrites(0.7, createRng(11));
    const messages = new Set<string>();
    try {
      for (const id of ids) {
        const r = await h.invoke('links/add', { entityId: id }, { issue: 'SUP-3' });
        if (!r.ok) messages.add(r.error.message);
      }
      for (const id of ids.slice(0, 5)) {
        const r = await h.invoke('links/remove', { entityId: id }, { issue: 'SUP-3' });
        if (!r.ok) messages.add(r.error.message);
      }
    } finally {
      restore();
    }
    expect([...messages]).toEqual([LINK_MESSAGES.notSaved]);
    // A stored change whose outbox could not be settled is delivered by the next writer.
    expectAgreement('SUP-3', ids);
    await refreshLater(h, [sup('SUP-3')], DEMO_USERS.agent.accountId);
    expect(pendingChanges(h)).toEqual([]);
    expectAgreement('SUP-3', ids);
  });

  it('Jira property write failures (rate 0.7): links are kept, and the JQL index catches up on the next panel open', async () => {
    const ids = await entityIds(h, 'sale', 20);
    const mine = ids.slice(10, 20);
    h.host.jira.setFaults({ propertyWriteFailureRate: 0.7, seed: 3 });
    for (const id of mine) await h.ok('links/add', { entityId: id }, { issue: 'SUP-2' });
    h.host.jira.setFaults({ propertyWriteFailureRate: 0 });
    expectAgreement('SUP-2', mine);
    expect(recordIds(h, ISSUES['SUP-2'])).toEqual(expect.arrayContaining(mine));
    expect(indexIds(h, ISSUES['SUP-2'])).not.toEqual(recordIds(h, ISSUES['SUP-2']));
    await h.ok('panel/open', undefined, { issue: 'SUP-2' });
    expect(indexIds(h, ISSUES['SUP-2'])).toEqual(recordIds(h, ISSUES['SUP-2']));
  });

  it('an index write Jira applied but whose answer was lost: the link is kept, in the record and the CRM', async () => {
    const ids = await entityIds(h, 'sale', 26);
    const mine = ids.slice(20, 26);
    // Every PUT lands but answers 504.
    h.host.jira.setFaults({ propertyWriteLostAnswerRate: 1 });
    const added = await h.invoke('links/add', { entityId: mine[0] }, { issue: 'SUP-5' });
    h.host.jira.setFaults({ propertyWriteLostAnswerRate: 0 });
    // The record holds it, so the app reports success instead of undoing the CRM side.
    expect(added).toMatchObject({ ok: true });
    expect(storedRecord(h, 'SUP-5')?.entityIds).toContain(mine[0]);
    expect(pendingChanges(h)).toEqual([]);
    expectAgreement('SUP-5', mine.slice(0, 1));

    h.host.jira.setFaults({ propertyWriteLostAnswerRate: 1 });
    const removed = await h.invoke('links/remove', { entityId: mine[0] }, { issue: 'SUP-5' });
    h.host.jira.setFaults({ propertyWriteLostAnswerRate: 0 });
    expect(removed).toMatchObject({ ok: true });
    expect(storedRecord(h, 'SUP-5')?.entityIds).not.toContain(mine[0]);
    expectAgreement('SUP-5', mine.slice(0, 1));
  });

  it('all at once, then recovery', async () => {
    const ids = await entityIds(h, 'company', 10);
    h.sim.control.setFaults({ errorRate: 0.25 });
    h.host.jira.setFaults({ propertyWriteFailureRate: 0.5 });
    const restore = failLinkRecordWrites(0.3, createRng(5));
    try {
      for (const id of ids) await h.invoke('links/add', { entityId: id }, { issue: 'SUP-4' });
      for (const id of ids.slice(0, 4))
        await h.invoke('links/remove', { entityId: id }, { issue: 'SUP-4' });
    } finally {
      restore();
    }
    h.sim.control.clearFaults();
    h.host.jira.setFaults({ propertyWriteFailureRate: 0 });
    await refreshLater(h, [sup('SUP-4')], DEMO_USERS.agent.accountId);
    await h.ok('panel/open', undefined, { issue: 'SUP-4' });
    expect(pendingChanges(h)).toEqual([]);
    expectAgreement('SUP-4', ids);
    expect(indexIds(h, ISSUES['SUP-4'])).toEqual(recordIds(h, ISSUES['SUP-4']));
  });
});

describe('concurrency', () => {
  it('20 parallel links on one issue by 20 different users all survive', async () => {
    const ids = await entityIds(h, 'contact', 40);
    const mine = ids.slice(20, 40);
    const users = mine.map((_, i) => {
      const accountId = `557058:parallel-user-${i}`;
      h.host.jira.addUser({
        accountId,
        displayName: `Agent ${i}`,
        emailAddress: `a${i}@example.com`,
        groups: ['support-team'],
      });
      return accountId;
    });
    const results = await Promise.all(
      mine.map((id, i) =>
        h.invoke('links/add', { entityId: id }, { user: users[i]!, issue: 'SUP-6' }),
      ),
    );
    const failed = results.filter((r) => !r.ok);
    expect(failed).toEqual([]);
    const rec = storedRecord(h, 'SUP-6')!;
    expect(new Set(rec.entityIds)).toEqual(new Set(mine));
    expect(rec.count).toBe(20);
    expectAgreement('SUP-6', mine);
    const panel = await h.ok('panel/open', undefined, { issue: 'SUP-6' });
    expect(new Set(panel.links.map((l) => l.linkedBy))).toEqual(new Set(users));
  });
});

describe('capacity', () => {
  it('links until the issue is full, warns before, and refuses past it with LIMIT_REACHED', async () => {
    const ids = [
      ...(await entityIds(h, 'contact', 240)).slice(40),
      ...(await entityIds(h, 'sale', 120)).slice(10),
    ];
    let last;
    let linked = 0;
    let warnedAt: number | undefined;
    for (const id of ids) {
      const r = await h.invoke('links/add', { entityId: id }, { issue: 'SUP-1' });
      if (!r.ok) {
        last = { r, id };
        break;
      }
      linked = r.data.links.length;
      if (r.data.linkCapacity.nearLimit && warnedAt === undefined) warnedAt = linked;
    }
    expect(last).toBeDefined();
    const { r, id } = last!;
    expect(r).toEqual({
      ok: false,
      error: { code: 'LIMIT_REACHED', message: limitReachedMessage(linked) },
    });
    expect(h.sim.control.issueIdsOf(id)).toEqual([]);
    expect(storedRecord(h, 'SUP-1')!.count).toBe(linked);
    expect(warnedAt).toBeDefined();
    expect(linked - warnedAt!).toBeGreaterThanOrEqual(5);
    const panel = await h.ok('panel/open', undefined, { issue: 'SUP-1' });
    expect(panel.linkCapacity).toMatchObject({ count: linked, remaining: 0, nearLimit: true });
    expect(panel.linkCapacity.bytesUsed).toBeLessThanOrEqual(32768);
    // Creating with "link to this issue" on a full issue: the entity exists, the user is told why it is not linked.
    const longName = `Island Trading ${'International '.repeat(6)}Holdings`;
    const created = (await h.ok(
      'entities/create',
      { type: 'company', fields: { 'company-name': longName }, linkToIssue: true },
      { issue: 'SUP-1' },
    )) as CreateResult;
    expect(created).toMatchObject({
      linked: false,
      entity: { name: longName },
      linkError: { code: 'LIMIT_REACHED', message: limitReachedMessage(linked) },
    });
    expect(created.links?.linkCapacity.count).toBe(linked);
    expect(h.sim.control.getEntity(created.entity.id)).toBeDefined();
    expect(h.sim.control.issueIdsOf(created.entity.id)).toEqual([]);
    console.info(
      `[measure] ${linked} demo links fit on one issue (${panel.linkCapacity.bytesUsed} bytes); warned from ${warnedAt}`,
    );
  });
});

describe('refresh on a full issue', () => {
  it('stores the renamed records that still fit, keeps the rest as they were, never overflows', async () => {
    const before = await h.ok('panel/open', undefined, { issue: 'SUP-1' });
    expect(before.linkCapacity.remaining).toBe(0);
    // Rename 30 linked records in the CRM to long names: together they cannot all fit.
    const auth = Buffer.from(`${h.sim.clientId}:${h.sim.clientSecret}`).toString('base64');
    const token = (await (
      await fetch(`${h.sim.baseUrl}/api/1.0/oauth/token`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${auth}`,
          'Content-Type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      })
    ).json()) as { access_token: string };
    const renamed = before.links.filter((l) => l.status === 'ok').slice(0, 30);
    for (const l of renamed) {
      const res = await fetch(`${h.sim.baseUrl}/api/1.0/workspace/CRM/entities/${l.id}`, {
        method: 'PUT',
        headers: {
          Authorization: `Bearer ${token.access_token}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ fields: { [`${l.type}-name`]: `${'Renamed '.repeat(14)}${l.id}` } }),
      });
      expect(res.status).toBe(200);
    }
    const after = await h.ok('links/refresh', undefined, { issue: 'SUP-1' });
    expect(after.linkCapacity.bytesUsed).toBeLessThanOrEqual(32768);
    expect(after.links.map((l) => l.id)).toEqual(before.links.map((l) => l.id));
    const ids = new Set(renamed.map((l) => l.id));
    const updated = after.links.filter((l) => ids.has(l.id) && l.name.startsWith('Renamed'));
    const kept = after.links.filter((l) => ids.has(l.id) && !l.name.startsWith('Renamed'));
    expect(updated.length).toBeGreaterThan(0);
    expect(kept.length).toBeGreaterThan(0);
    // What was not stored does not claim to be fresh.
    const old = new Map(before.links.map((l) => [l.id, l.refreshedAt]));
    for (const l of kept) expect(l.refreshedAt).toBe(old.get(l.id));
    expect(storedRecord(h, 'SUP-1')!.count).toBe(before.links.length);
  });
});

describe('secrets', () => {
  it('no result and no log line ever held the client secret or an access token', () => {
    rememberToken();
    expect(tokens.size).toBeGreaterThan(0);
    const secrets = [h.sim.clientSecret, ...tokens];
    const results = JSON.stringify(h.results);
    for (const s of secrets) {
      expect(results.includes(s)).toBe(false);
      expect(logs.filter((l) => l.includes(s))).toEqual([]);
    }
    expect(h.results.length).toBeGreaterThan(200);
  });
});
