// A linked contact's card names the company it is at: read from the contact's links in Atlas CRM
// beside the contact itself, stored in the issue's record (never in the issue property, which
// anyone who can browse the issue reads), kept current by a refresh.
import { CrmClient, type Entity } from '../../src/crm';
import type { LinkedEntity } from '../../src/shared/contract';
import { ISSUES, startHarness, storedRecord, type Harness } from './harness';

let h: Harness;
let crm: CrmClient;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  crm = new CrmClient({
    baseUrl: h.sim.baseUrl,
    fetch: (url, init) => fetch(url, init),
    credentials: async () => ({ clientId: h.sim.clientId, clientSecret: h.sim.clientSecret }),
  });
});
afterAll(async () => h.close());
// Both list shapes are pinned per test: the suite also runs with lists without fields.
beforeEach(() => h.sim.control.setListFields('include'));

let seq = 0;
/** A contact at a new company, both made in Atlas CRM itself. */
async function contactAtCompany(): Promise<{ contact: Entity; company: Entity; name: string }> {
  seq += 1;
  const name = `Harbourline Freight ${seq} BV`;
  const company = await crm.createEntity({ type: 'company', fields: { 'company-name': name } });
  const contact = await crm.createEntity({
    type: 'contact',
    fields: { 'contact-name': `Ilse Vermeer ${seq}` },
  });
  await crm.addLink(contact.id, company.id);
  return { contact, company, name };
}

const linkOf = (links: LinkedEntity[], id: string) => links.find((link) => link.id === id);
const storedLinks = (issue: keyof typeof ISSUES) =>
  (
    h.host.kvs.peekEntity('issue-links', ISSUES[issue]) as {
      record: { links: { i: string; c?: string }[] };
    }
  ).record.links;

describe("a linked contact's company", () => {
  it('is stored with the link and answered, but never written to the issue property', async () => {
    const { contact, name } = await contactAtCompany();
    const added = await h.ok('links/add', { entityId: contact.id }, { issue: 'SUP-2' });
    expect(linkOf(added.links, contact.id)?.company).toBe(name);
    expect(storedLinks('SUP-2').find((link) => link.i === contact.id)?.c).toBe(name);
    expect(JSON.stringify(storedRecord(h, 'SUP-2'))).not.toContain(name);
    // The panel opening later shows it from the record.
    const opened = await h.ok('panel/open', undefined, { issue: 'SUP-2' });
    expect(JSON.stringify(opened)).toContain(name);
  });

  it('follows a rename and a move on refresh', async () => {
    const { contact, company } = await contactAtCompany();
    await h.ok('links/add', { entityId: contact.id }, { issue: 'SUP-5' });
    await crm.updateEntity(company.id, { 'company-name': 'Harbourline Renamed BV' });
    let refreshed = await h.ok('links/refresh', undefined, { issue: 'SUP-5' });
    expect(linkOf(refreshed.links, contact.id)?.company).toBe('Harbourline Renamed BV');

    await crm.deleteLink(contact.id, company.id);
    refreshed = await h.ok('links/refresh', undefined, { issue: 'SUP-5' });
    expect(linkOf(refreshed.links, contact.id)).toBeDefined();
    expect(linkOf(refreshed.links, contact.id)?.company).toBeUndefined();
  });

  it('is not asked for a company or a sale, and a contact at no company shows none', async () => {
    const loner = await crm.createEntity({
      type: 'contact',
      fields: { 'contact-name': 'No Firm' },
    });
    const added = await h.ok('links/add', { entityId: loner.id }, { issue: 'SUP-6' });
    expect(linkOf(added.links, loner.id)).toBeDefined();
    expect(linkOf(added.links, loner.id)?.company).toBeUndefined();
  });

  it('without fields in list answers: named when the issue holds the company, else not shown', async () => {
    h.sim.control.setListFields('omit');
    const first = await contactAtCompany();
    const added = await h.ok('links/add', { entityId: first.contact.id }, { issue: 'SUP-4' });
    // Its name would take another request: the card shows no company instead.
    expect(linkOf(added.links, first.contact.id)?.company).toBeUndefined();

    const second = await contactAtCompany();
    await h.ok('links/add', { entityId: second.company.id }, { issue: 'SUP-4' });
    const withCompany = await h.ok(
      'links/add',
      { entityId: second.contact.id },
      { issue: 'SUP-4' },
    );
    expect(linkOf(withCompany.links, second.contact.id)?.company).toBe(second.name);
  });
});
