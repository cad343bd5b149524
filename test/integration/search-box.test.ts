// One search box for name, email, phone and website: the text's shape picks the field Atlas CRM
// is asked. Real handler against the simulator (run with and without fields in list answers).
import type { EntityType, SearchResult } from '../../src/shared/contract';
import { crmRequest } from '../setup/crm-outside-jira';
import { startHarness, type Harness } from './harness';

let h: Harness;
const ids: Record<string, string> = {};

async function make(type: EntityType, fields: Record<string, string>): Promise<string> {
  const entity = await crmRequest<{ id: string }>(h.sim, 'POST', '/entities', { type, fields });
  return entity.id;
}

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  ids.company = await make('company', {
    'company-name': 'Quillon Harbour Freight BV',
    'company-website': 'https://www.quillonharbour.example',
  });
  ids.femke = await make('contact', {
    'contact-name': 'Femke Zwart',
    'contact-email': 'femke.zwart@quillonharbour.example',
    'contact-phone': '+31 6 5550 1234',
  });
  ids.joost = await make('contact', {
    'contact-name': 'Joost Quillon',
    'contact-email': 'joost@quillonharbour.example',
    'contact-phone': '+31655509876',
  });
});
afterAll(async () => {
  await h.close();
});

const search = (type: EntityType, text: string, more: Record<string, unknown> = {}) =>
  h.ok('entities/search', { type, text, pageSize: 20, ...more }) as Promise<SearchResult>;
const idsOf = (page: SearchResult) => page.items.map((item) => item.id);
const listRequests = () => h.sim.control.stats().byEndpoint['GET /entities'] ?? 0;

describe('the search box', () => {
  it('finds a contact by a pasted email, and says it matched the email field', async () => {
    const page = await search('contact', 'Femke Zwart <femke.zwart@quillonharbour.example>');
    expect(idsOf(page)).toEqual([ids.femke]);
    expect(page.items[0]?.name).toBe('Femke Zwart');
    expect(page.matchedBy).toEqual({
      kind: 'email',
      fieldId: 'contact-email',
      label: 'Email',
      value: 'femke.zwart@quillonharbour.example',
    });
  });

  it('finds a company by a pasted web address, or by an email at its domain', async () => {
    const byUrl = await search('company', 'https://quillonharbour.example/contact-us');
    expect(idsOf(byUrl)).toEqual([ids.company]);
    expect(byUrl.matchedBy).toMatchObject({ kind: 'website', value: 'quillonharbour.example' });

    const byEmail = await search('company', 'someone@quillonharbour.example');
    expect(idsOf(byEmail)).toEqual([ids.company]);
    expect(byEmail.matchedBy).toMatchObject({ kind: 'website', label: 'Website' });
  });

  it('finds a contact by phone as stored, or typed with spaces when stored without, in one list request', async () => {
    h.sim.control.resetStats();
    const spaced = await search('contact', '+31 6 5550 1234');
    expect(idsOf(spaced)).toEqual([ids.femke]);
    expect(spaced.matchedBy).toMatchObject({ kind: 'phone', fieldId: 'contact-phone' });
    expect(listRequests()).toBe(1);

    const typedSpaced = await search('contact', '+31 6 5550 9876');
    expect(idsOf(typedSpaced)).toEqual([ids.joost]);
  });

  it('searches names as before', async () => {
    const page = await search('contact', 'Femke Zw');
    expect(idsOf(page)).toEqual([ids.femke]);
    expect(page.matchedBy).toEqual({
      kind: 'name',
      fieldId: 'contact-name',
      label: 'Name',
      value: 'Femke Zw',
    });
    // "Quillon" in a name is not a domain: Joost only, not everyone at quillonharbour.example.
    expect(idsOf(await search('contact', 'Quillon'))).toEqual([ids.joost]);
  });

  it("pages a shaped search with the cursor, and keeps the person's own filters", async () => {
    const first = await search('contact', 'quillonharbour.example', { pageSize: 1 });
    expect(first.total).toBe(2);
    expect(first.matchedBy).toMatchObject({ kind: 'email', value: 'quillonharbour.example' });
    expect(first.nextCursor).toBeDefined();
    const second = await search('contact', 'quillonharbour.example', {
      pageSize: 1,
      cursor: first.nextCursor,
    });
    expect([...idsOf(first), ...idsOf(second)].sort()).toEqual([ids.femke, ids.joost].sort());

    const filtered = await search('contact', 'quillonharbour.example', {
      filters: [{ fieldId: 'contact-name', operator: 'contains', value: 'Joost' }],
    });
    expect(idsOf(filtered)).toEqual([ids.joost]);
  });
});
