// The search box finds a customer however the ticket writes it (issue 21): a phone in another
// format than stored, half an email, a name without its accents. Each search is one parallel
// round of list requests. Real handler against the simulator's demo data (run with and without
// fields in list answers).
import { DEMO_COUNTS, generateState } from '../../sandbox/crm-simulator/seed';
import type { EntityType, SearchResult } from '../../src/shared/contract';
import { crmRequest } from '../setup/crm-outside-jira';
import { startHarness, type Harness } from './harness';

let h: Harness;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  ids.amsterdam = (
    await crmRequest<{ id: string }>(h.sim, 'POST', '/entities', {
      type: 'contact',
      fields: { 'contact-name': 'Ruud Ligthart', 'contact-phone': '+31 20 575 8751' },
    })
  ).id;
  ids.lumiere = (
    await crmRequest<{ id: string }>(h.sim, 'POST', '/entities', {
      type: 'company',
      fields: { 'company-name': 'Groupe Lumière SAS' },
    })
  ).id;
});
afterAll(async () => {
  await h.close();
});

const search = (type: EntityType, text: string, more: Record<string, unknown> = {}) =>
  h.ok('entities/search', { type, text, pageSize: 100, ...more }) as Promise<SearchResult>;
const names = (page: SearchResult) => page.items.map((item) => item.name).sort();
const listRequests = () => h.sim.control.stats().byEndpoint['GET /entities'] ?? 0;

/** Demo contacts whose name, accents aside, holds the text: what a search must find. */
function demoContacts(text: string): string[] {
  const fold = (name: string) => name.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return generateState(DEMO_COUNTS)
    .entities.filter((entity) => entity.type === 'contact')
    .map((entity) => String(entity.fields['contact-name']))
    .filter((name) => fold(name).includes(fold(text)))
    .sort();
}

/** The search's answer, and how many list requests it sent. */
async function counted(type: EntityType, text: string) {
  h.sim.control.resetStats();
  const page = await search(type, text);
  return { page, lists: listRequests() };
}

describe('a phone number in another format than stored', () => {
  it.each(['+49305758751', '5758751', '030 5758751', '+49 30 5758751', '0049 30 575 87 51'])(
    '%s finds "+49 30 575 8751" with one list request',
    async (typed) => {
      const { page, lists } = await counted('contact', typed);
      expect(names(page)).toContain('Hana Novak');
      expect(page.matchedBy).toMatchObject({ kind: 'phone', fieldId: 'contact-phone' });
      expect(lists).toBe(1);
    },
  );

  it('keeps the country: the same digits in Amsterdam only for a number typed without one', async () => {
    expect(names(await search('contact', '+49305758751'))).toEqual(['Hana Novak']);
    expect(names(await search('contact', '5758751'))).toEqual(['Hana Novak', 'Ruud Ligthart']);
    expect(names(await search('contact', '+31 20 5758751'))).toEqual(['Ruud Ligthart']);
  });
});

describe('half an email', () => {
  it('emma.mei finds both Emma Meijers by their email, asking name and email in one round', async () => {
    const { page, lists } = await counted('contact', 'emma.mei');
    expect(names(page)).toEqual(['Emma Meijer', 'Emma Meijer']);
    expect(page.matchedBy).toMatchObject({ kind: 'name', value: 'emma.mei' });
    expect(page.alsoMatchedBy).toEqual([
      { kind: 'email', fieldId: 'contact-email', label: 'Email', value: 'emma.mei' },
    ]);
    expect(page.total).toBe(2);
    expect(page.totalIsEstimate).toBeUndefined();
    expect(lists).toBe(2);
  });

  it('hana.novak finds Hana Novak: a dot does not make it a domain', async () => {
    expect(names(await search('contact', 'hana.novak'))).toEqual(['Hana Novak']);
    // Typed with capitals, as names are, it is still the first half of the address.
    expect(names(await search('contact', 'Hana.Novak'))).toEqual(['Hana Novak']);
  });

  it('emma.meijer@nordbridge finds the Emma Meijer at Nordbridge only', async () => {
    const { page, lists } = await counted('contact', 'emma.meijer@nordbridge');
    expect(page.items.map((item) => item.keyFields['contact-email'])).toEqual([
      'emma.meijer@nordbridgelogistics.co.uk',
    ]);
    expect(page.matchedBy).toMatchObject({ kind: 'email', value: 'emma.meijer@nordbridge' });
    expect(lists).toBe(1);
  });

  it('finds the company by the domain part, cut short', async () => {
    const page = await search('company', 'emma.meijer@nordbridge');
    expect(names(page)).toEqual(['Nordbridge Logistics LLC']);
  });
});

describe('a name without its accents', () => {
  it.each(['Chloe', 'Muller', 'Chloe Wilson', 'Müller'])(
    '%s finds every demo contact so named, accents aside, in one round',
    async (text) => {
      const { page, lists } = await counted('contact', text);
      const expected = demoContacts(text);
      expect(expected.length).toBeGreaterThan(1);
      expect(names(page)).toEqual(expected);
      expect(page.total).toBe(expected.length);
      expect(lists).toBe(2);
    },
  );

  it('finds a company written without its accent', async () => {
    const page = await search('company', 'Groupe Lumiere');
    expect(page.items.map((item) => item.id)).toEqual([ids.lumiere]);
    // The panel says nothing about matching for a name search.
    expect(page.alsoMatchedBy).toBeUndefined();
  });

  it('pages a merged search with one cursor: every match once, the total an estimate until the end', async () => {
    const expected = demoContacts('Muller');
    const first = await search('contact', 'Muller', { pageSize: 5 });
    expect(first.totalIsEstimate).toBe(true);
    expect(first.nextCursor).toBeDefined();
    const seen = first.items.map((item) => item.id);
    let cursor = first.nextCursor;
    for (let page = 0; cursor && page < 10; page++) {
      h.sim.control.resetStats();
      const next = await search('contact', 'Muller', { pageSize: 5, cursor });
      expect(listRequests()).toBeLessThanOrEqual(2);
      seen.push(...next.items.map((item) => item.id));
      cursor = next.nextCursor;
    }
    expect(cursor).toBeUndefined();
    expect(new Set(seen).size).toBe(expected.length);
  });

  it('refuses a merged cursor used for a search with another number of lists', async () => {
    const first = await search('contact', 'Muller', { pageSize: 5 });
    const r = await h.invoke('entities/search', {
      type: 'contact',
      text: 'emma@nordbridgelogistics.co.uk',
      pageSize: 5,
      cursor: first.nextCursor,
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  });
});
