// Who sees what: Browse on an issue shows the records linked to it and nothing else; searching
// Atlas CRM and opening records not linked to the issue need Edit Issues (and the access policy).
import { REFUSALS } from '../../src/backend/permissions';
import { entityIds, startHarness, type Harness } from './harness';

let h: Harness;
let company: string;
let linkedContact: string;
let unlinkedContact: string;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  // A company with at least two related records: one gets linked to the issue, one does not.
  for (const id of await entityIds(h, 'company', 40)) {
    const details = await h.ok('entities/get', { entityId: id }, { issue: 'SUP-3' });
    if (details.related.length >= 2) {
      company = id;
      linkedContact = details.related[0]!.entity.id;
      unlinkedContact = details.related[1]!.entity.id;
      break;
    }
  }
  await h.ok('links/add', { entityId: company }, { issue: 'SUP-3' });
  await h.ok('links/add', { entityId: linkedContact }, { issue: 'SUP-3' });
});
afterAll(async () => {
  await h.close();
});

const asViewer = { user: 'viewer', issue: 'SUP-3' } as const;

describe('a viewer (Browse, no Edit Issues)', () => {
  it('is told on opening the panel that search is not for them, and why', async () => {
    const panel = await h.ok('panel/open', undefined, asViewer);
    expect(panel.capabilities).toEqual({
      canView: true,
      canOpenLinked: true,
      canSearch: false,
      canEdit: false,
      isAdmin: false,
      readOnlyReason: REFUSALS.viewOnly,
    });
    expect(panel.links.map((l) => l.id).sort()).toEqual([company, linkedContact].sort());
  });

  it('can not search Atlas CRM: refused in plain words, no CRM request', async () => {
    h.sim.control.resetStats();
    for (const payload of [{ type: 'contact' }, { type: 'company', text: 'nord' }] as const) {
      expect(await h.invoke('entities/search', payload, asViewer)).toEqual({
        ok: false,
        error: { code: 'FORBIDDEN', message: REFUSALS.searchNeedsEdit },
      });
    }
    expect(h.sim.control.stats().total).toBe(0);
  });

  it('can not open a record linked to no issue it sees: refused, no CRM request', async () => {
    h.sim.control.resetStats();
    expect(await h.invoke('entities/get', { entityId: unlinkedContact }, asViewer)).toEqual({
      ok: false,
      error: { code: 'FORBIDDEN', message: REFUSALS.unlinkedNeedsEdit },
    });
    // Linked to another issue is not linked to this one.
    expect(
      await h.invoke('entities/get', { entityId: company }, { user: 'viewer', issue: 'SUP-2' }),
    ).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(h.sim.control.stats().total).toBe(0);
  });

  it('opens a record linked to the issue, with only the related records linked here too', async () => {
    const details = await h.ok('entities/get', { entityId: company }, asViewer);
    expect(details.entity.id).toBe(company);
    expect(details.linkedToIssue).toBe(true);
    expect(details.related.map((r) => r.entity.id)).toEqual([linkedContact]);
    expect(details.relatedTotal).toBe(1);
    expect((await h.ok('entities/get', { entityId: linkedContact }, asViewer)).entity.id).toBe(
      linkedContact,
    );
  });
});

describe('an agent (Edit Issues)', () => {
  it('searches and opens any record, with every related record', async () => {
    const asAgent = { user: 'agent', issue: 'SUP-3' } as const;
    expect((await h.ok('panel/open', undefined, asAgent)).capabilities).toMatchObject({
      canSearch: true,
      canEdit: true,
    });
    expect((await h.ok('entities/search', { type: 'contact' }, asAgent)).items.length).toBe(20);
    const details = await h.ok('entities/get', { entityId: company }, asAgent);
    expect(details.related.map((r) => r.entity.id)).toEqual(
      expect.arrayContaining([linkedContact, unlinkedContact]),
    );
    expect((await h.ok('entities/get', { entityId: unlinkedContact }, asAgent)).linkedToIssue).toBe(
      false,
    );
  });
});
