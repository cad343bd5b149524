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
    const first = await search('contact', 'www.quillonharbour.example', { pageSize: 1 });
    expect(first.total).toBe(2);
    expect(first.matchedBy).toMatchObject({ kind: 'email', value: 'quillonharbour.example' });
    expect(first.nextCursor).toBeDefined();
    const second = await search('contact', 'www.quillonharbour.example', {
      pageSize: 1,
      cursor: first.nextCursor,
    });
    expect([...idsOf(first), ...idsOf(second)].sort()).toEqual([ids.femke, ids.joost].sort());

    const filtered = await search('contact', 'www.quillonharbour.example', {
      filters: [{ fieldId: 'contact-name', operator: 'contains', value: 'Joost' }],
    });
    expect(idsOf(filtered)).toEqual([ids.joost]);
  });

  it('finds people and the company by half an address, pasted or still being typed', async () => {
    const start = await search('contact', 'femke.zwart@');
    expect(idsOf(start)).toEqual([ids.femke]);
    expect(start.matchedBy).toMatchObject({ kind: 'email', value: 'femke.zwart@' });
    const atDomain = await search('contact', '@quillonharbour.example');
    expect(idsOf(atDomain).sort()).toEqual([ids.femke, ids.joost].sort());
    expect(idsOf(await search('company', '@quillonharbour.example'))).toEqual([ids.company]);
  });
});

describe('the search box on addresses and numbers as people paste them', () => {
  beforeAll(async () => {
    ids.anna = await make('contact', {
      'contact-name': 'Anna Exact',
      'contact-email': 'anna@sub-test.com',
    });
    ids.hanna = await make('contact', {
      'contact-name': 'Hanna Other',
      'contact-email': 'hanna@sub-test.com',
    });
    ids.tinsel = await make('company', {
      'company-name': 'Tinselwood Outfitters Ltd',
      'company-website': 'https://www.tinselwood.co.uk',
    });
    ids.eon = await make('company', { 'company-name': 'E.ON Energie Deutschland GmbH' });
    ids.mueller = await make('company', {
      'company-name': 'Müller Gartenbau GmbH',
      'company-website': 'https://www.xn--mller-gartenbau-zvb.de',
    });
    ids.muellerUnicode = await make('company', {
      'company-name': 'Müller Gartenbau Filiale Nord',
      'company-website': 'https://nord.müller-gartenbau.de',
    });
    ids.ext = await make('contact', {
      'contact-name': 'Dana Extension',
      'contact-phone': '+1 (555) 123-4567',
    });
  });

  it('finds only the person with a complete email, whatever its case, not others whose address contains it', async () => {
    h.sim.control.resetStats();
    expect(idsOf(await search('contact', 'Anna@Sub-Test.com'))).toEqual([ids.anna]);
    expect(listRequests()).toBe(1);
  });

  it('finds a company by a web address on a subdomain of its website', async () => {
    const page = await search('company', 'https://shop.tinselwood.co.uk/cart?item=3');
    expect(idsOf(page)).toEqual([ids.tinsel]);
    expect(page.matchedBy).toMatchObject({ kind: 'website', value: 'tinselwood.co.uk' });
  });

  it('finds a company whose name looks like a host by its name', async () => {
    const page = await search('company', 'E.ON');
    expect(idsOf(page)).toEqual([ids.eon]);
    expect(page.matchedBy).toMatchObject({ kind: 'name' });
  });

  it('finds a company by an international address, stored in ASCII or as written, in one list request', async () => {
    h.sim.control.resetStats();
    const page = await search('company', 'https://müller-gartenbau.de');
    expect(idsOf(page).sort()).toEqual([ids.mueller, ids.muellerUnicode].sort());
    expect(page.matchedBy).toMatchObject({ kind: 'website', value: 'müller-gartenbau.de' });
    expect(listRequests()).toBe(1);
  });

  it('finds a person by a phone number pasted with an extension', async () => {
    const page = await search('contact', '+1 (555) 123-4567 ext 12');
    expect(idsOf(page)).toEqual([ids.ext]);
    expect(page.matchedBy).toMatchObject({ kind: 'phone', value: '+1 (555) 123-4567' });
  });
});
