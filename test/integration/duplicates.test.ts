// No silent duplicates: entities/create first looks for records of the same type with the same
// name, also written with other accents or legal form (contacts: email, companies: website
// domain; a phone in any format) and answers them instead of creating; with allowDuplicates it
// creates anyway. Real handler against the simulator.
import type { CreateResult, DuplicatesFound, SearchResult } from '../../src/shared/contract';
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
});
afterAll(async () => {
  await h.close();
});

const create = (payload: Record<string, unknown>) =>
  h.ok('entities/create', { linkToIssue: false, ...payload } as never, { issue: 'SUP-3' });

async function created(payload: Record<string, unknown>): Promise<CreateResult> {
  const r = await create(payload);
  if (!('entity' in r)) throw new Error(`not created: ${JSON.stringify(r)}`);
  return r;
}

async function namesLike(type: 'company' | 'contact', text: string): Promise<string[]> {
  const page = (await h.ok('entities/search', { type, text, pageSize: 100 })) as SearchResult;
  return page.items.map((item) => item.name);
}

const creates = () =>
  Object.entries(h.sim.control.stats().byEndpoint)
    .filter(([endpoint]) => endpoint === 'POST /entities')
    .reduce((sum, [, count]) => sum + count, 0);

describe('creating a record that already exists', () => {
  it('answers the existing company (name ignoring case and spaces) and creates nothing', async () => {
    expect(await namesLike('company', 'Blueline Software')).toEqual(['Blueline Software NV']);
    h.sim.control.resetStats();
    const r = (await create({
      type: 'company',
      fields: { 'company-name': '  blueline   SOFTWARE nv ' },
    })) as DuplicatesFound;
    expect(r.duplicates).toEqual([
      expect.objectContaining({
        entity: expect.objectContaining({ name: 'Blueline Software NV' }),
        reason: 'Same name',
      }),
    ]);
    expect(creates()).toBe(0);
    expect(await namesLike('company', 'Blueline Software')).toEqual(['Blueline Software NV']);
  });

  it('creates a second one with allowDuplicates ("Create anyway")', async () => {
    await created({ type: 'company', fields: { 'company-name': 'Twice Trading BV' } });
    const again = await created({
      type: 'company',
      fields: { 'company-name': 'Twice Trading BV' },
      allowDuplicates: true,
    });
    expect(again.entity.name).toBe('Twice Trading BV');
    expect(await namesLike('company', 'Twice Trading')).toEqual([
      'Twice Trading BV',
      'Twice Trading BV',
    ]);
  });

  it('finds a contact with the same email under another name', async () => {
    const first = await created({
      type: 'contact',
      fields: { 'contact-name': 'Ilse Vermeulen', 'contact-email': 'ilse@dupes.example' },
    });
    const r = (await create({
      type: 'contact',
      fields: { 'contact-name': 'I. Vermeulen', 'contact-email': 'ilse@dupes.example' },
    })) as DuplicatesFound;
    expect(r.duplicates).toEqual([
      expect.objectContaining({
        entity: expect.objectContaining({ id: first.entity.id }),
        reason: 'Same email',
      }),
    ]);
  });

  it('finds a company by its website domain, not one whose domain merely contains it', async () => {
    const same = await created({
      type: 'company',
      fields: { 'company-name': 'Blueline Holding', 'company-website': 'https://bluelinesoft.nl' },
    });
    await created({
      type: 'company',
      fields: { 'company-name': 'Other Party', 'company-website': 'https://notbluelinesoft.nl' },
    });
    const r = (await create({
      type: 'company',
      fields: {
        'company-name': 'Blueline Soft',
        'company-website': 'https://www.bluelinesoft.nl/about',
      },
    })) as DuplicatesFound;
    expect(r.duplicates).toEqual([
      { entity: expect.objectContaining({ id: same.entity.id }), reason: expect.any(String) },
    ]);
    expect(r.duplicates[0]?.reason).toBe('Same website domain (bluelinesoft.nl)');
  });

  it('creates at once, with one round of checks, when nothing matches', async () => {
    h.sim.control.resetStats();
    const r = await created({
      type: 'company',
      fields: { 'company-name': 'Quite Unique Name 4711 AG' },
      linkToIssue: true,
    });
    expect(r).toMatchObject({ linked: true, entity: { name: 'Quite Unique Name 4711 AG' } });
    expect(creates()).toBe(1);
  });

  it('finds a person whose name is written with accents ("Chloé Wilson" for "Chloe Wilson")', async () => {
    h.sim.control.resetStats();
    const r = (await create({
      type: 'contact',
      fields: { 'contact-name': 'Chloe Wilson' },
    })) as DuplicatesFound;
    expect(r.duplicates.map((d) => [d.entity.name, d.reason])).toEqual([
      ['Chloé Wilson', 'Same name'],
      ['Chloé Wilson', 'Same name'],
    ]);
    expect(creates()).toBe(0);
    // One parallel round: the name as written and its accent-free parts.
    expect(h.sim.control.stats().byEndpoint['GET /entities']).toBe(2);
  });

  it('finds a company with the same name and a legal form ("Nordbridge Logistics LLC")', async () => {
    const r = (await create({
      type: 'company',
      fields: { 'company-name': 'Nordbridge Logistics' },
    })) as DuplicatesFound;
    expect(r.duplicates.map((d) => [d.entity.name, d.reason])).toEqual([
      ['Nordbridge Logistics LLC', 'Same name'],
    ]);
    const other = (await create({
      type: 'company',
      fields: { 'company-name': 'nordbridge logistics gmbh' },
    })) as DuplicatesFound;
    expect(other.duplicates.map((d) => d.entity.name)).toEqual(['Nordbridge Logistics LLC']);
  });

  it('finds a short company name with or without its form and dots ("SAP" for "SAP SE")', async () => {
    await created({ type: 'company', fields: { 'company-name': 'Sapphire Dental Ltd' } });
    const sap = await created({ type: 'company', fields: { 'company-name': 'SAP SE' } });
    const eon = await created({ type: 'company', fields: { 'company-name': 'E.ON SE' } });
    const ibm = await created({ type: 'company', fields: { 'company-name': 'IBM' } });
    const found = async (name: string) => {
      const r = (await create({
        type: 'company',
        fields: { 'company-name': name },
      })) as DuplicatesFound;
      return (r.duplicates ?? []).map((d) => d.entity.id);
    };
    expect(await found('SAP')).toEqual([sap.entity.id]);
    expect(await found('EON SE')).toEqual([eon.entity.id]);
    expect(await found('E.ON')).toEqual([eon.entity.id]);
    expect(await found('IBM Corp.')).toEqual([ibm.entity.id]);
  });

  it("finds a company whose website is another host of the same domain (a shop's subdomain)", async () => {
    const same = await created({
      type: 'company',
      fields: { 'company-name': 'Harbour Kites Ltd', 'company-website': 'harbourkites.co.uk' },
    });
    const r = (await create({
      type: 'company',
      fields: {
        'company-name': 'Harbour Kites Shop',
        'company-website': 'https://shop.harbourkites.co.uk/',
      },
    })) as DuplicatesFound;
    expect(r.duplicates.map((d) => [d.entity.id, d.reason])).toEqual([
      [same.entity.id, 'Same website domain (harbourkites.co.uk)'],
    ]);
  });

  it('finds a contact with the same phone number written in another format', async () => {
    h.sim.control.resetStats();
    const r = (await create({
      type: 'contact',
      fields: { 'contact-name': 'H. Novak-Berg', 'contact-phone': '+49305758751' },
    })) as DuplicatesFound;
    expect(r.duplicates.map((d) => [d.entity.name, d.reason])).toEqual([
      ['Hana Novak', 'Same phone'],
    ]);
    // Name, its accent-free parts and the phone: side by side.
    expect(h.sim.control.stats().byEndpoint['GET /entities']).toBe(3);
  });

  it('does not take a numbered sibling for a duplicate, nor read it', async () => {
    await created({ type: 'company', fields: { 'company-name': 'Sibling Trading 6' } });
    h.sim.control.resetStats();
    const r = await created({ type: 'company', fields: { 'company-name': 'Sibling Trading 7' } });
    expect(r.entity.name).toBe('Sibling Trading 7');
    // Nothing listed, so nothing read by id, with or without fields in list answers.
    expect(h.sim.control.stats().byEndpoint['GET /entities/:id'] ?? 0).toBe(0);
  });

  it('refuses an allowDuplicates that is not true or false', async () => {
    const r = await h.invoke('entities/create', {
      type: 'company',
      fields: { 'company-name': 'Flag Test' },
      linkToIssue: false,
      allowDuplicates: 'yes',
    } as never);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.fieldErrors).toEqual({ allowDuplicates: 'must be true or false' });
  });
});
