// The panel's one search box: an email, a web address or a phone number pasted into it finds the
// record by that field, and the panel says which field it matched. Real resolvers and simulator.
import '../setup/ui-bridge';
import { rowName, tableRows } from './harness/forge-doc';
import { crmRequest } from '../setup/crm-outside-jira';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
  await crmRequest(world.sim, 'POST', '/entities', {
    type: 'contact',
    fields: {
      'contact-name': 'Lotte Brandsma',
      'contact-email': 'lotte.brandsma@windmolen-hout.example',
      'contact-phone': '+31 6 4441 2020',
    },
  });
  await crmRequest(world.sim, 'POST', '/entities', {
    type: 'contact',
    fields: {
      'contact-name': 'Hanna Brandsma',
      'contact-email': 'hanna.brandsma@windmolen-hout.example',
    },
  });
  await crmRequest(world.sim, 'POST', '/entities', {
    type: 'company',
    fields: {
      'company-name': 'E.ON Energie Nederland',
      'company-website': 'https://www.eon-energie.nl',
    },
  });
  await crmRequest(world.sim, 'POST', '/entities', {
    type: 'company',
    fields: {
      'company-name': 'Bäckerei Köhler GmbH',
      'company-website': 'https://www.xn--bckerei-khler-bfb2z.de',
    },
  });
});
afterAll(async () => world.close());

function names(screen: Screen): string[] {
  const table = screen.allByType('DynamicTable')[0];
  return table ? tableRows(table).map(rowName) : [];
}

async function searchFor(screen: Screen, type: 'Companies' | 'Contacts', text: string) {
  const before = screen.invokesOf('entities/search').length;
  screen.select(screen.getControl('search-type'), type);
  screen.type(screen.getControl('search-text'), text);
  await screen.waitFor(
    () =>
      screen
        .invokesOf('entities/search')
        .slice(before)
        .some((i) => (i.payload as { text?: string }).text === text && i.done),
    `the search for ${text}`,
  );
  await screen.settle();
}

describe('the search box', () => {
  it('says what it searches by, before anything is typed', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    expect(screen.getControl('search-text').props.placeholder).toBe(
      'Search companies by name, email or website',
    );
    screen.select(screen.getControl('search-type'), 'Contacts');
    await screen.waitFor(
      () =>
        screen.getControl('search-text').props.placeholder ===
        'Search contacts by name, email or phone',
    );
    expect(screen.text()).toContain('Type a name, email or phone, or add a filter to search.');
  });

  it('finds a contact by a pasted email and says the email matched', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(screen, 'Contacts', 'lotte.brandsma@windmolen-hout.example');
    expect(names(screen)).toEqual(['Lotte Brandsma']);
    expect(screen.text()).toContain('Matching email: lotte.brandsma@windmolen-hout.example');
  });

  it('finds a contact by phone number', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(screen, 'Contacts', '+31 6 4441 2020');
    expect(names(screen)).toEqual(['Lotte Brandsma']);
    expect(screen.text()).toContain('Matching phone: +31 6 4441 2020');
  });

  it('names the field in the empty state, and says nothing about matching for a name', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(screen, 'Contacts', 'nobody@nowhere-at-all.example');
    expect(screen.text()).toContain('No contacts with this email.');

    await searchFor(screen, 'Companies', 'https://www.nowhere-at-all.example/about');
    expect(screen.text()).toContain('Matching website: nowhere-at-all.example');
    expect(screen.text()).toContain('No companies with this website.');

    await searchFor(screen, 'Companies', 'zzqx');
    expect(screen.text()).toContain('No companies match this search.');
    expect(screen.text()).not.toContain('Matching');
  });

  it('finds people by half an address, and only the one person by a whole address', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(screen, 'Contacts', '@windmolen-hout.example');
    expect(names(screen).sort()).toEqual(['Hanna Brandsma', 'Lotte Brandsma']);
    expect(screen.text()).toContain('Matching email: @windmolen-hout.example');

    await searchFor(screen, 'Contacts', 'lotte.brandsma@');
    expect(names(screen)).toEqual(['Lotte Brandsma']);

    // "anna.brandsma@..." is inside Hanna's address, but is not hers.
    await searchFor(screen, 'Contacts', 'anna.brandsma@windmolen-hout.example');
    expect(screen.text()).toContain('No contacts with this email.');
  });

  it('finds a company by a shop address on a subdomain, an international address, or a name like E.ON', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(screen, 'Companies', 'https://shop.eon-energie.nl/tarieven');
    expect(names(screen)).toEqual(['E.ON Energie Nederland']);
    expect(screen.text()).toContain('Matching website: eon-energie.nl');

    await searchFor(screen, 'Companies', 'https://bäckerei-köhler.de/brot');
    expect(names(screen)).toEqual(['Bäckerei Köhler GmbH']);
    expect(screen.text()).toContain('Matching website: bäckerei-köhler.de');

    await searchFor(screen, 'Companies', 'E.ON');
    expect(names(screen)).toEqual(['E.ON Energie Nederland']);
    expect(screen.text()).not.toContain('Matching');
  });

  it('finds a contact by half an address, and says it asked the name and the email', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(screen, 'Contacts', 'lotte.bra');
    expect(screen.text()).toContain('Lotte Brandsma');
    expect(screen.text()).not.toContain('Hanna Brandsma');
    expect(screen.text()).toContain('Matching name or email: lotte.bra');

    await searchFor(screen, 'Contacts', 'nobody.at.all');
    expect(screen.text()).toContain('No contacts with this name or email.');
  });

  it('finds a contact by a phone number pasted with its extension', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(screen, 'Contacts', '+31 6 4441 2020 ext 12');
    expect(names(screen)).toEqual(['Lotte Brandsma']);
    expect(screen.text()).toContain('Matching phone: +31 6 4441 2020');
  });
});
