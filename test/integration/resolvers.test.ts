// Every function key through the real handler, the Forge stand-in and the simulator over HTTP.
import { CrmClient } from '../../src/crm';
import { MESSAGES } from '../../src/backend/errors';
import { REFUSALS } from '../../src/backend/permissions';
import { ATLAS_CRM_ORIGIN } from '../../sandbox/crm-simulator';
import { DEMO_GROUPS } from '../../sandbox/forge-host';
import { ISSUES, entityIds, startHarness, storedRecord, type Harness } from './harness';
import type { CreateResult } from '../../src/shared/contract';

let h: Harness;
let warn: jest.SpyInstance;
beforeAll(async () => {
  h = await startHarness();
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterAll(async () => {
  warn.mockRestore();
  await h.close();
});

const group = (name: string) => DEMO_GROUPS.find((g) => g.name === name)!;
/** Ada Admin's own groups, which the admin page is told so it warns only when they are left out. */
const ADMIN_GROUP_IDS = [group('jira-admins').groupId, group('support-team').groupId];

describe('before Atlas CRM is configured', () => {
  it('panel/open says so and offers no templates, with no CRM request', async () => {
    h.sim.control.resetStats();
    const data = await h.ok('panel/open', undefined);
    expect(data).toMatchObject({
      configured: false,
      issue: { id: '10001', key: 'SUP-1' },
      links: [],
      capabilities: {
        canView: true,
        canOpenLinked: true,
        canSearch: true,
        canEdit: true,
        isAdmin: false,
      },
    });
    expect(data.templates).toBeUndefined();
    expect(data.templatesError).toBeUndefined();
    expect(h.sim.control.stats().total).toBe(0);
  });

  it('CRM keys answer NOT_CONFIGURED in plain words', async () => {
    for (const [key, payload] of [
      ['entities/search', { type: 'company', text: 'nord' }],
      ['links/add', { entityId: 'abc' }],
      ['entities/get', { entityId: 'abc' }],
    ] as const) {
      const r = await h.invoke(key, payload);
      expect(r).toEqual({
        ok: false,
        error: { code: 'NOT_CONFIGURED', message: MESSAGES.notConfigured },
      });
    }
    expect(await h.invoke('admin/connection/test', undefined, { user: 'admin' })).toEqual({
      ok: false,
      error: { code: 'NOT_CONFIGURED', message: MESSAGES.notConfigured },
    });
  });

  it('admin settings show the CRM address and nothing configured', async () => {
    expect(await h.ok('admin/settings/get', undefined, { user: 'admin' })).toEqual({
      configured: false,
      baseUrl: ATLAS_CRM_ORIGIN,
      allowedGroups: [],
      // Off by default: no project links new issues automatically until an admin chooses one.
      autoLinkProjects: [],
      myGroupIds: ADMIN_GROUP_IDS,
    });
  });
});

describe('admin: credentials', () => {
  it('refuses credentials Atlas CRM rejects and stores nothing', async () => {
    const r = await h.invoke(
      'admin/credentials/save',
      { clientId: h.sim.clientId, clientSecret: 'wrong-secret-value' },
      { user: 'admin' },
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toMatch(/^Atlas CRM rejected this client id and secret/);
    expect(JSON.stringify(r)).not.toContain('wrong-secret-value');
    expect((await h.ok('admin/settings/get', undefined, { user: 'admin' })).configured).toBe(false);
  });

  it('saves working credentials, shows the client id masked and never the secret', async () => {
    h.sim.control.resetStats();
    const s = await h.ok(
      'admin/credentials/save',
      { clientId: h.sim.clientId, clientSecret: h.sim.clientSecret },
      { user: 'admin' },
    );
    expect(s).toMatchObject({
      configured: true,
      clientIdMasked: 'demo…t-id',
      baseUrl: ATLAS_CRM_ORIGIN,
      allowedGroups: [],
    });
    expect(Date.parse(s.configuredAt!)).toBeGreaterThan(Date.now() - 60_000);
    expect(JSON.stringify(s)).not.toContain(h.sim.clientSecret);
    expect(h.sim.control.stats().tokenRequests).toBe(1);
    const got = await h.ok('admin/settings/get', undefined, { user: 'admin' });
    expect(got).toEqual(s);
  });

  it('tests the connection with a fresh token and one template read', async () => {
    h.sim.control.resetStats();
    const t = await h.ok('admin/connection/test', undefined, { user: 'admin' });
    expect(t).toMatchObject({ tokenOk: true, templatesOk: true });
    expect(t.latencyMs).toBeGreaterThanOrEqual(0);
    expect(h.sim.control.stats()).toMatchObject({ total: 2, tokenRequests: 1 });
  });
});

describe('panel/open and context/summary', () => {
  it('gives the panel everything in one call; a warm open costs no CRM request', async () => {
    const first = await h.ok('panel/open', undefined);
    expect(first.configured).toBe(true);
    expect(first.templates?.company.nameFieldId).toBe('company-name');
    expect(first.templates?.contact.keyFieldIds).toEqual(['contact-email', 'contact-phone']);
    const saleStatus = first.templates?.sale.sections
      .flatMap((s) => s.fields)
      .find((f) => f.id === 'sale-status');
    expect(saleStatus).toMatchObject({
      type: 'single-select',
      operators: ['eq'],
      options: ['open', 'won', 'lost'],
    });
    expect(first.linkCapacity).toMatchObject({ count: 0, bytesLimit: 32768, nearLimit: false });

    h.sim.control.resetStats();
    h.host.resetCounts();
    await h.ok('panel/open', undefined);
    const counts = h.host.counts();
    expect(h.sim.control.stats().total).toBe(0);
    // mypermissions + the issue property; no user/groups call without an access policy.
    expect(counts.jira).toBe(2);
    console.info(
      `[measure] panel open: ${counts.jira} Jira, ${counts.kvs} KVS, 0 CRM requests`,
      counts.kvsByPath,
    );
  });

  it('tells viewers they see linked records only, and why; and admins that they are admins', async () => {
    const viewer = await h.ok('panel/open', undefined, { user: 'viewer' });
    expect(viewer.capabilities).toEqual({
      canView: true,
      canOpenLinked: true,
      canSearch: false,
      canEdit: false,
      isAdmin: false,
      readOnlyReason: REFUSALS.viewOnly,
    });
    const admin = await h.ok('panel/open', undefined, { user: 'admin' });
    expect(admin.capabilities).toEqual({
      canView: true,
      canOpenLinked: true,
      canSearch: true,
      canEdit: true,
      isAdmin: true,
    });
  });

  it('refuses a user who can not see the issue', async () => {
    h.host.jira.addUser({
      accountId: 'outsider-1',
      displayName: 'Out Sider',
      emailAddress: 'o@example.com',
      groups: [],
    });
    expect(await h.invoke('panel/open', undefined, { user: 'outsider-1' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: REFUSALS.cannotBrowse },
    });
  });
});

describe('search', () => {
  it('finds by name, with key fields and https app links', async () => {
    const r = await h.ok('entities/search', { type: 'company', text: 'nord' });
    expect(r.total).toBeGreaterThan(0);
    for (const item of r.items) {
      expect(item.name.toLowerCase()).toContain('nord');
      expect(item.appUrl).toMatch(/^https:\/\//);
      expect(
        Object.keys(item.keyFields).every((k) =>
          ['company-website', 'company-industry'].includes(k),
        ),
      ).toBe(true);
    }
  });

  it('filters, sorts and pages with an opaque cursor', async () => {
    const p1 = await h.ok('entities/search', {
      type: 'sale',
      filters: [{ fieldId: 'sale-status', value: 'open' }],
      sortBy: 'sale-name',
      pageSize: 5,
    });
    expect(p1.items).toHaveLength(5);
    expect(p1.items.every((i) => i.keyFields['sale-status'] === 'open')).toBe(true);
    expect(p1.nextCursor).toBeDefined();
    const p2 = await h.ok('entities/search', { type: 'sale', cursor: p1.nextCursor! });
    expect(p2.items).toHaveLength(5);
    expect(p2.items.every((i) => i.keyFields['sale-status'] === 'open')).toBe(true);
    expect(p2.items.map((i) => i.id).some((id) => p1.items.some((x) => x.id === id))).toBe(false);
    const names = [...p1.items, ...p2.items].map((i) => i.name);
    expect(names).toEqual(
      [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
    );
  });

  it('checks filters and sort field against the template before any list call', async () => {
    h.sim.control.resetStats();
    const r = await h.invoke('entities/search', {
      type: 'sale',
      filters: [
        { fieldId: 'sale-status', operator: 'contains', value: 'op' },
        { fieldId: 'no-such-field', value: 'x' },
        { fieldId: 'sale-balance', operator: 'gte', value: 'lots' },
      ],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fieldErrors).toEqual({
      'sale-status': expect.stringMatching(
        /operator 'contains' is not allowed for single-select fields/,
      ),
      'no-such-field': 'unknown field',
      'sale-balance': expect.stringMatching(/must be a number/),
    });
    const sort = await h.invoke('entities/search', { type: 'sale', sortBy: 'nope' });
    expect(sort).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fieldErrors: { sortBy: "'nope' is not a field of the sale template" },
      },
    });
    expect(h.sim.control.stats().byEndpoint).toEqual({});
  });

  it('refuses a forged cursor without calling anywhere', async () => {
    h.sim.control.resetStats();
    const forged = Buffer.from('/api/1.0/oauth/token?type=sale').toString('base64url');
    expect(await h.invoke('entities/search', { type: 'sale', cursor: forged })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', message: 'This list can not be continued. Search again.' },
    });
    expect(h.sim.control.stats().total).toBe(0);
  });
});

describe('links', () => {
  let companyId: string;
  let contactId: string;
  beforeAll(async () => {
    companyId = (await entityIds(h, 'company', 1))[0]!;
    contactId = (await entityIds(h, 'contact', 1))[0]!;
  });

  it('links an entity: the record (JQL index) and the CRM agree', async () => {
    const data = await h.ok('links/add', { entityId: companyId });
    expect(data.links).toHaveLength(1);
    expect(data.links[0]).toMatchObject({
      id: companyId,
      type: 'company',
      status: 'ok',
      linkedBy: expect.stringContaining('557058:'),
    });
    expect(data.linkCapacity.count).toBe(1);
    expect(h.sim.control.issueIdsOf(companyId)).toEqual(['10001']);
    const rec = storedRecord(h)!;
    expect(rec.entityIds).toEqual([companyId]);
    expect(rec.count).toBe(1);
    expect(rec.companyNames).toEqual([data.links[0]!.name]);
  });

  it('linking twice is harmless', async () => {
    const data = await h.ok('links/add', { entityId: companyId });
    expect(data.links.map((l) => l.id)).toEqual([companyId]);
    expect(h.sim.control.issueIdsOf(companyId)).toEqual(['10001']);
  });

  it('ignores an issue named in the payload: acts on the context issue only', async () => {
    await h.ok('links/add', { entityId: contactId, issueId: ISSUES['SUP-2'], issueKey: 'SUP-2' });
    expect(h.sim.control.issueIdsOf(contactId)).toEqual(['10001']);
    expect(storedRecord(h, 'SUP-2')).toBeUndefined();
    expect(storedRecord(h)!.entityIds).toEqual([companyId, contactId]);
  });

  it('a missing entity is NOT_FOUND and changes nothing', async () => {
    expect(await h.invoke('links/add', { entityId: 'does-not-exist' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: MESSAGES.notFound },
    });
    expect(storedRecord(h)!.count).toBe(2);
  });

  it('context/summary counts and names links without asking the CRM', async () => {
    h.sim.control.resetStats();
    const s = await h.ok('context/summary', undefined, { module: 'atlas-crm-issue-context' });
    expect(s.configured).toBe(true);
    expect(s.counts).toEqual({ company: 1, contact: 1, sale: 0 });
    expect(s.names.company).toEqual([storedRecord(h)!.companyNames[0]]);
    expect(h.sim.control.stats().total).toBe(0);
  });

  it('entities/get shows sections, related entities with roles, and that it is linked here', async () => {
    const d = await h.ok('entities/get', { entityId: companyId });
    expect(d.entity.id).toBe(companyId);
    expect(d.linkedToIssue).toBe(true);
    expect(d.sections[0]!.fields[0]).toMatchObject({
      id: 'company-name',
      label: 'Name',
      type: 'string',
      value: d.entity.name,
    });
    expect(d.relatedTotal).toBeGreaterThanOrEqual(d.related.length);
    if (d.related.length > 0) {
      expect(d.related[0]!.entity.name).not.toMatch(/^Unnamed/);
      expect(Array.isArray(d.related[0]!.roles)).toBe(true);
    }
    expect(
      (await h.ok('entities/get', { entityId: companyId }, { issue: 'SUP-2' })).linkedToIssue,
    ).toBe(false);
    expect(await h.invoke('entities/get', { entityId: 'nope' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });

  it('unlinks: both sides forget it; unlinking again is harmless', async () => {
    const data = await h.ok('links/remove', { entityId: contactId });
    expect(data.links.map((l) => l.id)).toEqual([companyId]);
    expect(h.sim.control.issueIdsOf(contactId)).toEqual([]);
    expect(storedRecord(h)!.contactNames).toEqual([]);
    expect((await h.ok('links/remove', { entityId: contactId })).links).toHaveLength(1);
  });

  it('refresh re-reads summaries and marks an entity deleted in the CRM instead of dropping it', async () => {
    const [victim] = (await entityIds(h, 'sale', 3)).slice(2);
    await h.ok('links/add', { entityId: victim! });
    const crm = new CrmClient({
      baseUrl: h.sim.baseUrl,
      fetch: (url, init) => fetch(url, init),
      credentials: async () => ({ clientId: h.sim.clientId, clientSecret: h.sim.clientSecret }),
    });
    await crm.deleteEntity(victim!);
    const before = Date.now();
    const r = await h.ok('links/refresh', undefined, { user: 'viewer' });
    const v = r.links.find((l) => l.id === victim)!;
    expect(v.status).toBe('deleted');
    expect(r.links.find((l) => l.id === companyId)!.status).toBe('ok');
    expect(Date.parse(r.refreshedAt!)).toBeGreaterThanOrEqual(before - 5);
    expect(Date.parse(v.refreshedAt)).toBeGreaterThanOrEqual(before - 5);
    expect(storedRecord(h)!.links.find((l) => l.i === victim)!.d).toBe(1);
    // panel/open reports it too, from the record
    expect((await h.ok('panel/open', undefined)).links.find((l) => l.id === victim)!.status).toBe(
      'deleted',
    );
    // and it can still be unlinked (the CRM's 404 counts as unlinked)
    expect((await h.ok('links/remove', { entityId: victim! })).links.map((l) => l.id)).toEqual([
      companyId,
    ]);
  });
});

describe('create, update, comment', () => {
  it('refuses fields the template does not allow, before any create', async () => {
    h.sim.control.resetStats();
    const r = await h.invoke('entities/create', {
      type: 'sale',
      fields: { 'sale-status': 'maybe', 'sale-balance': 'a lot', unknown: 'x' },
      linkToIssue: true,
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.fieldErrors).toMatchObject({
      'sale-name': expect.stringMatching(/required/),
      'sale-status': expect.stringMatching(/must be one of: open, won, lost/),
      'sale-balance': expect.stringMatching(/must be a number/),
      unknown: 'unknown field',
    });
    expect(
      Object.keys(h.sim.control.stats().byEndpoint).filter((k) => /create|POST/i.test(k)),
    ).toEqual([]);
  });

  it('creates and links in one call', async () => {
    const r = (await h.ok(
      'entities/create',
      {
        type: 'company',
        fields: {
          'company-name': 'Frankenversand GmbH',
          'company-industry': 'Retail',
          'company-website': '',
        },
        linkToIssue: true,
      },
      { issue: 'SUP-5' },
    )) as CreateResult;
    expect(r).toMatchObject({
      linked: true,
      entity: { type: 'company', name: 'Frankenversand GmbH' },
    });
    expect(r.links?.links.map((l) => l.name)).toEqual(['Frankenversand GmbH']);
    expect(h.sim.control.issueIdsOf(r.entity.id)).toEqual([ISSUES['SUP-5']]);
    expect(storedRecord(h, 'SUP-5')!.companyNames).toEqual(['Frankenversand GmbH']);

    const unlinked = (await h.ok(
      'entities/create',
      { type: 'contact', fields: { 'contact-name': 'Hanna Moos' }, linkToIssue: false },
      { issue: 'SUP-5' },
    )) as CreateResult;
    expect(unlinked.linked).toBe(false);
    expect(unlinked.links?.links).toHaveLength(1);
    expect(h.sim.control.issueIdsOf(unlinked.entity.id)).toEqual([]);
  });

  it('updates an entity and the stored summary of a linked one', async () => {
    const id = storedRecord(h, 'SUP-5')!.entityIds[0]!;
    const s = await h.ok(
      'entities/update',
      { entityId: id, fields: { 'company-name': 'Frankenversand AG' } },
      { issue: 'SUP-5' },
    );
    expect(s.name).toBe('Frankenversand AG');
    expect(storedRecord(h, 'SUP-5')!.companyNames).toEqual(['Frankenversand AG']);
    expect(
      await h.invoke(
        'entities/update',
        { entityId: id, fields: { 'company-industry': 'Nope' } },
        { issue: 'SUP-5' },
      ),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fieldErrors: { 'company-industry': expect.stringMatching(/must be one of/) },
      },
    });
  });

  it('adds a comment as the calling user', async () => {
    const id = storedRecord(h, 'SUP-5')!.entityIds[0]!;
    const c = await h.ok(
      'comments/add',
      { entityId: id, comment: '  Called Hanna about the upgrade.  ' },
      { issue: 'SUP-5' },
    );
    expect(c.id).toEqual(expect.any(String));
    expect(await h.invoke('comments/add', { entityId: id, comment: '   ' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', fieldErrors: { comment: 'must not be empty' } },
    });
    // Only records linked to this issue: Edit Issues here must not open the whole CRM.
    expect(await h.invoke('comments/add', { entityId: 'not-linked', comment: 'x' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: REFUSALS.notLinked },
    });
  });
});

describe('permission refusals', () => {
  it.each([
    ['links/add', { entityId: 'x1' }],
    ['links/remove', { entityId: 'x1' }],
    ['entities/create', { type: 'company', fields: { 'company-name': 'X' }, linkToIssue: false }],
    ['entities/update', { entityId: 'x1', fields: { 'company-name': 'X' } }],
    ['comments/add', { entityId: 'x1', comment: 'hi' }],
  ] as const)('a viewer can not %s', async (key, payload) => {
    h.sim.control.resetStats();
    expect(await h.invoke(key, payload as never, { user: 'viewer' })).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: REFUSALS.cannotEdit },
    });
    expect(h.sim.control.stats().total).toBe(0);
  });

  it.each(['admin/settings/get', 'admin/connection/test', 'admin/credentials/remove'] as const)(
    'a non-admin is refused %s',
    async (key) => {
      expect(await h.invoke(key, undefined, { user: 'agent' })).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: REFUSALS.notAdmin },
      });
    },
  );

  it('admin keys are refused from the issue panel, even for an admin', async () => {
    for (const key of ['admin/settings/get', 'admin/credentials/remove'] as const) {
      expect(
        await h.invoke(key, undefined, { user: 'admin', module: 'atlas-crm-issue-panel' }),
      ).toEqual({
        ok: false,
        error: {
          code: 'FORBIDDEN',
          message: 'Atlas CRM settings can only be changed from the Atlas CRM admin page.',
        },
      });
    }
    expect(
      await h.invoke(
        'admin/credentials/save',
        { clientId: 'a', clientSecret: 'b' },
        { user: 'admin', module: 'atlas-crm-issue-panel' },
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    expect((await h.ok('admin/settings/get', undefined, { user: 'admin' })).configured).toBe(true);
  });

  it('panel keys are refused from the admin page (no issue there)', async () => {
    expect(
      await h.invoke(
        'links/add',
        { entityId: 'x' },
        { user: 'admin', module: 'atlas-crm-admin-page' },
      ),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'FORBIDDEN',
        message: 'This action is only available from the Atlas CRM panel of an issue.',
      },
    });
  });
});

describe('access policy', () => {
  afterAll(async () => {
    await h.ok('admin/policy/save', { groups: [] }, { user: 'admin' });
  });

  it('finds groups and refuses groups Jira does not know (or a known name with a forged id)', async () => {
    const found = await h.ok('admin/groups/find', { query: 'team' }, { user: 'admin' });
    expect(found.groups.map((g) => g.name).sort()).toEqual(['sales-team', 'support-team']);
    for (const forged of [
      { groupId: 'no-such-group', name: 'no-such-group' },
      { groupId: 'no-such-group', name: 'sales-team' },
    ]) {
      expect(
        await h.invoke('admin/policy/save', { groups: [forged] }, { user: 'admin' }),
      ).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION', fieldErrors: { groups: `unknown group(s): ${forged.name}` } },
      });
    }
    expect((await h.ok('admin/settings/get', undefined, { user: 'admin' })).allowedGroups).toEqual(
      [],
    );
  });

  it('outside the allowed groups: stored links read-only, every CRM read or change refused', async () => {
    const saved = await h.ok(
      'admin/policy/save',
      { groups: [group('sales-team')] },
      { user: 'admin' },
    );
    expect(saved.allowedGroups).toEqual([
      { groupId: group('sales-team').groupId, name: 'sales-team' },
    ]);
    // agent is in sales-team; viewer and admin are not
    const inside = await h.ok('panel/open', undefined, { user: 'agent' });
    expect(inside.capabilities).toMatchObject({ canSearch: true, canEdit: true });
    const refused = { ok: false, error: { code: 'FORBIDDEN', message: REFUSALS.policy } };
    for (const user of ['viewer', 'admin'] as const) {
      const panel = await h.ok('panel/open', undefined, { user });
      expect(panel.capabilities).toMatchObject({
        canView: true,
        canOpenLinked: false,
        canSearch: false,
        canEdit: false,
        readOnlyReason: REFUSALS.namesOnly,
      });
      // Names and types only (test/security/outside-policy.test.ts checks what else is left out).
      expect(panel.links).toEqual([]);
      expect(panel.named).toEqual(inside.links.map(({ type, name }) => ({ type, name })));
      const summary = await h.ok('context/summary', undefined, {
        user,
        module: 'atlas-crm-issue-context',
      });
      expect(summary.configured).toBe(true);
      // Refreshing reads the CRM: refused, the stored summaries are all they get.
      expect(await h.invoke('links/refresh', undefined, { user })).toEqual(refused);
      expect(
        await h.invoke('entities/search', { type: 'company', text: 'nord' }, { user }),
      ).toEqual(refused);
      expect(await h.invoke('entities/get', { entityId: 'x' }, { user })).toEqual(refused);
      expect(
        await h.invoke('comments/add', { entityId: 'x', comment: 'hello' }, { user }),
      ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(await h.invoke('links/add', { entityId: 'x' }, { user: 'admin' })).toEqual(refused);
    // the admin page stays reachable for the admin
    expect(
      (await h.ok('admin/settings/get', undefined, { user: 'admin' })).allowedGroups,
    ).toHaveLength(1);
  });
});

describe('removing credentials', () => {
  it('forgets secrets, token and templates; panel keys then say not configured', async () => {
    const s = await h.ok('admin/credentials/remove', undefined, { user: 'admin' });
    expect(s).toEqual({
      configured: false,
      baseUrl: ATLAS_CRM_ORIGIN,
      allowedGroups: [],
      // Off by default: no project links new issues automatically until an admin chooses one.
      autoLinkProjects: [],
      myGroupIds: ADMIN_GROUP_IDS,
    });
    const dump = h.host.kvs.snapshot();
    // Only the key signing search cursors stays: it is no credential.
    expect(Object.keys(dump.secrets)).toEqual(['app:cursor-key']);
    expect(Object.keys(dump.values).filter((k) => k.startsWith('cache:'))).toEqual([]);
    expect(await h.invoke('entities/search', { type: 'company', text: 'nord' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_CONFIGURED' },
    });
    const panel = await h.ok('panel/open', undefined);
    expect(panel.configured).toBe(false);
    expect(panel.links.length).toBeGreaterThan(0);
  });
});
