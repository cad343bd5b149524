// Editing a linked record (entities/update) through the real handler against the simulator: only
// the sent fields change, null clears, and a change made in Atlas CRM since the form opened is
// answered with both values instead of being overwritten.
import type { CreateResult, FieldValues } from '../../src/shared/contract';
import { startHarness, storedRecord, type Harness } from './harness';
import { crmRequest } from '../setup/crm-outside-jira';

let h: Harness;
let warn: jest.SpyInstance;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterAll(async () => {
  warn.mockRestore();
  await h.close();
});

const changeInCrm = (id: string, fields: FieldValues) =>
  crmRequest(h.sim, 'PUT', `/entities/${id}`, { fields });
const fieldsInCrm = async (id: string) =>
  (await crmRequest<{ fields?: FieldValues }>(h.sim, 'GET', `/entities/${id}`)).fields ?? {};

let seq = 0;
/** A fresh company linked to SUP-4, as the edit form would find it. */
async function linkedCompany(fields: FieldValues = {}): Promise<string> {
  seq += 1;
  const created = (await h.ok(
    'entities/create',
    {
      type: 'company',
      fields: { 'company-name': `Edit Test ${seq} GmbH`, ...fields },
      linkToIssue: true,
    },
    { issue: 'SUP-4' },
  )) as CreateResult;
  return created.entity.id;
}

const update = (payload: Record<string, unknown>) =>
  h.invoke('entities/update', payload, { issue: 'SUP-4' });

describe('saving an edit', () => {
  it('writes only the changed fields, clears with null and refreshes the linked summary', async () => {
    const id = await linkedCompany({
      'company-website': 'https://edit.example',
      'company-industry': 'Retail',
      'company-tags': ['Partner'],
    });
    const r = await update({
      entityId: id,
      fields: { 'company-name': `Renamed ${seq} AG`, 'company-website': null },
      expected: {
        'company-name': `Edit Test ${seq} GmbH`,
        'company-website': 'https://edit.example',
      },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.data.conflict).toBeUndefined();
    expect(r.data.name).toBe(`Renamed ${seq} AG`);
    const now = await fieldsInCrm(id);
    expect(now['company-name']).toBe(`Renamed ${seq} AG`);
    expect(now['company-website'] ?? null).toBeNull();
    expect(now['company-industry']).toBe('Retail'); // not sent, not touched
    expect(now['company-tags']).toEqual(['Partner']);
    // The issue's stored summary and the answer's list both carry the new name.
    expect(storedRecord(h, 'SUP-4')!.companyNames).toContain(`Renamed ${seq} AG`);
    expect(r.data.links?.links.find((l) => l.id === id)?.name).toBe(`Renamed ${seq} AG`);
  });

  it('refuses what create refuses, before writing anything', async () => {
    const id = await linkedCompany();
    const r = await update({
      entityId: id,
      fields: { 'company-name': null, 'company-industry': 'Nope' },
      expected: { 'company-name': `Edit Test ${seq} GmbH`, 'company-industry': null },
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fieldErrors: {
          'company-name': 'Name is required',
          'company-industry': expect.stringMatching(/must be one of/),
        },
      },
    });
    expect((await fieldsInCrm(id))['company-name']).toBe(`Edit Test ${seq} GmbH`);
  });

  it('refuses a baseline that is not field values, with no request to Atlas CRM', async () => {
    h.sim.control.resetStats();
    const r = await update({
      entityId: 'abc-1',
      fields: { 'company-name': 'X' },
      expected: ['not', 'values'],
    });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'VALIDATION',
        fieldErrors: { expected: 'must hold the values the form showed' },
      },
    });
    expect(h.sim.control.stats().total).toBe(0);
  });
});

describe('a record changed in Atlas CRM since the form opened', () => {
  it('writes nothing and answers CONFLICT with both values, per field', async () => {
    const id = await linkedCompany({ 'company-industry': 'Retail' });
    const before = storedRecord(h, 'SUP-4')!.companyNames;
    await changeInCrm(id, { 'company-name': 'Changed In CRM Ltd', 'company-industry': 'Software' });

    const r = await update({
      entityId: id,
      fields: { 'company-name': 'Mine Ltd', 'company-industry': 'Logistics' },
      expected: { 'company-name': `Edit Test ${seq} GmbH`, 'company-industry': 'Retail' },
    });
    expect(r).toMatchObject({
      ok: true,
      data: {
        id,
        name: 'Changed In CRM Ltd',
        conflict: {
          code: 'CONFLICT',
          message: expect.stringContaining('Nothing was saved'),
          fields: {
            'company-name': { yours: 'Mine Ltd', theirs: 'Changed In CRM Ltd' },
            'company-industry': { yours: 'Logistics', theirs: 'Software' },
          },
        },
      },
    });
    const now = await fieldsInCrm(id);
    expect(now['company-name']).toBe('Changed In CRM Ltd');
    expect(now['company-industry']).toBe('Software');
    expect(storedRecord(h, 'SUP-4')!.companyNames).toEqual(before);

    // Saving again with what Atlas CRM holds now as the baseline overwrites it.
    const again = await update({
      entityId: id,
      fields: { 'company-name': 'Mine Ltd', 'company-industry': 'Logistics' },
      expected: { 'company-name': 'Changed In CRM Ltd', 'company-industry': 'Software' },
    });
    expect(again).toMatchObject({ ok: true, data: { name: 'Mine Ltd' } });
    expect(again.ok && again.data.conflict).toBeFalsy();
    expect((await fieldsInCrm(id))['company-industry']).toBe('Logistics');
  });

  it('reports a field cleared in Atlas CRM, and one filled where the form showed nothing', async () => {
    const id = await linkedCompany({ 'company-website': 'https://was.example' });
    await changeInCrm(id, { 'company-website': null, 'company-founded': '2001-02-03' });
    const r = await update({
      entityId: id,
      fields: { 'company-website': 'https://mine.example', 'company-founded': '1999-01-01' },
      expected: { 'company-website': 'https://was.example', 'company-founded': null },
    });
    expect(r.ok && r.data.conflict?.fields).toEqual({
      'company-website': { yours: 'https://mine.example', theirs: null },
      'company-founded': { yours: '1999-01-01', theirs: '2001-02-03' },
    });
  });

  it('saves when only other fields changed in Atlas CRM, and keeps those changes', async () => {
    const id = await linkedCompany({ 'company-tags': ['Partner', 'SMB'] });
    await changeInCrm(id, { 'company-industry': 'Healthcare', 'company-tags': ['SMB', 'Partner'] });
    const r = await update({
      entityId: id,
      fields: {
        'company-description': 'Key account',
        'company-tags': ['SMB', 'Partner', 'Reseller'],
      },
      // The same options in another order are the same value.
      expected: { 'company-description': null, 'company-tags': ['Partner', 'SMB'] },
    });
    expect(r.ok && r.data.conflict).toBeFalsy();
    const now = await fieldsInCrm(id);
    expect(now['company-description']).toBe('Key account');
    expect(now['company-industry']).toBe('Healthcare');
    expect(now['company-tags']).toEqual(['SMB', 'Partner', 'Reseller']);
  });

  it('is no conflict when Atlas CRM already holds what the form would write', async () => {
    const id = await linkedCompany();
    await changeInCrm(id, { 'company-name': 'Same Idea Ltd' });
    const r = await update({
      entityId: id,
      fields: { 'company-name': 'Same Idea Ltd' },
      expected: { 'company-name': `Edit Test ${seq} GmbH` },
    });
    expect(r).toMatchObject({ ok: true, data: { name: 'Same Idea Ltd' } });
    expect(r.ok && r.data.conflict).toBeFalsy();
  });

  it('without a baseline (older callers) writes as before', async () => {
    const id = await linkedCompany();
    await changeInCrm(id, { 'company-name': 'Someone Else Ltd' });
    const r = await update({ entityId: id, fields: { 'company-name': 'Last Writer Ltd' } });
    expect(r).toMatchObject({ ok: true, data: { name: 'Last Writer Ltd' } });
  });

  it('still reaches only records linked to this issue', async () => {
    const id = await linkedCompany();
    h.sim.control.resetStats();
    const r = await h.invoke(
      'entities/update',
      { entityId: id, fields: { 'company-name': 'X' }, expected: { 'company-name': 'Y' } },
      { issue: 'SUP-5' },
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(h.sim.control.stats().total).toBe(0);
  });
});
