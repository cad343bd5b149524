// Who may change what, enforced on the server even when the function keys are called directly.
import { DEMO_GROUPS } from '../../sandbox/forge-host';
import { REFUSALS } from '../../src/backend/permissions';
import type { FunctionKey } from '../../src/shared/contract';
import {
  entityIds,
  ISSUES,
  startHarness,
  storedRecord,
  type Harness,
} from '../integration/harness';
import { crmIds } from '../faults/world';

jest.setTimeout(60_000);

let h: Harness;
let ids: string[];
let warn: jest.SpyInstance;
beforeAll(async () => {
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  h = await startHarness();
  await h.configure();
  ids = await entityIds(h, 'company', 4);
  await h.ok('links/add', { entityId: ids[0] as string }, { user: 'agent' });
});
afterAll(async () => {
  warn.mockRestore();
  await h.close();
});

const group = (name: string) => DEMO_GROUPS.find((g) => g.name === name)!;

function writes(entityId: string, other: string): [FunctionKey, Record<string, unknown>][] {
  return [
    ['links/add', { entityId: other }],
    ['links/remove', { entityId }],
    [
      'entities/create',
      { type: 'company', fields: { 'company-name': 'Sneaky' }, linkToIssue: true },
    ],
    ['entities/update', { entityId, fields: { 'company-name': 'Renamed' } }],
    ['comments/add', { entityId, comment: 'sneaky' }],
  ];
}

/** Refused with FORBIDDEN, and nothing reached the CRM or changed the record. */
async function expectRefused(user: string, reason: string) {
  const before = JSON.stringify(storedRecord(h));
  const crmBefore = crmIds(h, ISSUES['SUP-1']);
  h.sim.control.resetStats();
  for (const [key, payload] of writes(ids[0] as string, ids[1] as string)) {
    const r = await h.invoke(key, payload as never, { user });
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: reason } });
  }
  expect(h.sim.control.stats().total).toBe(0);
  expect(JSON.stringify(storedRecord(h))).toBe(before);
  expect(crmIds(h, ISSUES['SUP-1'])).toEqual(crmBefore);
}

it('a viewer (browse, no edit) can not link, unlink, create, update or comment', async () => {
  await expectRefused('viewer', REFUSALS.cannotEdit);
});

it('a user outside the access policy can not either, though Jira lets them edit', async () => {
  await h.ok('admin/policy/save', { groups: [group('jira-admins')] }, { user: 'admin' });
  try {
    await expectRefused('agent', REFUSALS.policy);
    // Nor search or open records (the CRM token is admin-level).
    for (const [key, payload] of [
      ['entities/search', { type: 'company', text: 'nord' }],
      ['entities/get', { entityId: ids[0] }],
    ] as const) {
      const r = await h.invoke(key, payload as never, { user: 'agent' });
      expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
    }
    expect(h.sim.control.stats().total).toBe(0);
  } finally {
    await h.ok('admin/policy/save', { groups: [] }, { user: 'admin' });
  }
});

describe('admin keys', () => {
  const ADMIN_CALLS: [FunctionKey, Record<string, unknown> | undefined][] = [
    ['admin/settings/get', undefined],
    ['admin/credentials/save', { clientId: 'attacker', clientSecret: 'attacker-secret' }],
    ['admin/credentials/remove', undefined],
    ['admin/connection/test', undefined],
    ['admin/policy/save', { groups: [] }],
    ['admin/groups/find', { query: 'a' }],
  ];

  it.each(ADMIN_CALLS)('%s is refused to a non-admin on the admin page', async (key, payload) => {
    h.sim.control.resetStats();
    const r = await h.invoke(key, payload as never, { user: 'agent' });
    expect(r).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: REFUSALS.notAdmin } });
    expect(h.sim.control.stats().total).toBe(0);
  });

  it.each(ADMIN_CALLS)(
    '%s is refused from the issue panel, even to an admin',
    async (key, payload) => {
      h.sim.control.resetStats();
      const r = await h.invoke(key, payload as never, {
        user: 'admin',
        module: 'atlas-crm-issue-panel',
      });
      expect(r.ok ? 'ok' : r.error.code).toBe('FORBIDDEN');
      expect(h.sim.control.stats().total).toBe(0);
    },
  );

  it('left the installation configured as it was', async () => {
    const s = await h.ok('admin/settings/get', undefined, { user: 'admin' });
    expect(s.configured).toBe(true);
    expect(s.clientIdMasked).not.toContain('atta');
  });
});

it('a payload naming another issue acts on the context issue only', async () => {
  const sup2Before = JSON.stringify(storedRecord(h, 'SUP-2'));
  const other = {
    issueId: ISSUES['SUP-2'],
    issue: { id: ISSUES['SUP-2'], key: 'SUP-2' },
    issueKey: 'SUP-2',
  };
  await h.ok('links/add', { entityId: ids[2] as string, ...other } as never, { issue: 'SUP-1' });
  await h.ok('links/remove', { entityId: ids[0] as string, ...other } as never, { issue: 'SUP-1' });
  expect(JSON.stringify(storedRecord(h, 'SUP-2'))).toBe(sup2Before);
  expect(h.sim.control.issueIdsOf(ids[2] as string)).toEqual([ISSUES['SUP-1']]);
  expect(crmIds(h, ISSUES['SUP-2'])).toEqual([]);
  expect(storedRecord(h)?.entityIds).toEqual([ids[2]]);
});

describe('forged search cursors', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  const FORGED = [
    b64('/api/1.0/workspace/CRM/entities/abc/comments?type=company'),
    b64('//evil.example/api/1.0/workspace/CRM/entities?type=company'),
    b64('/api/1.0/workspace/CRM/entities?type=contact&page=2'), // another type than asked
    b64('/api/1.0/workspace/CRM/../../oauth/token?type=company'),
    b64('https://evil.example/api/1.0/workspace/CRM/entities?type=company'),
    'not a cursor!',
  ];

  it.each(FORGED)('%s is refused, and no request leaves for the CRM', async (cursor) => {
    await h.ok('panel/open', undefined); // templates cached, as in a panel that searched before
    h.sim.control.resetStats();
    const r = await h.invoke('entities/search', { type: 'company', cursor });
    expect(r.ok ? 'ok' : r.error.code).toBe('VALIDATION');
    expect(h.sim.control.stats().total).toBe(0);
  });
});
