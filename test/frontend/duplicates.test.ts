// No silent duplicates: creating a record that already exists shows it, with "Link the existing
// one" beside "Create anyway"; nothing is created until the person chooses.
import '../setup/ui-bridge';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';
import type { SearchResult } from '../../src/shared/contract';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

/** The create form for a company on `issueKey`, the name typed in. */
async function newCompany(issueKey: string, name: string): Promise<Screen> {
  const screen = await render(world, 'issue-panel', { issueKey });
  screen.click(screen.getButton('New company'));
  await screen.findByText('New company');
  await screen.settle();
  screen.type(screen.getControl('create-company-name'), name);
  return screen;
}

async function companiesNamed(name: string): Promise<number> {
  const page = (await world.call('entities/search', {
    type: 'company',
    text: name,
    pageSize: 100,
  })) as SearchResult;
  return page.items.filter((item) => item.name === name).length;
}

describe('creating a company that already exists', () => {
  it('shows the existing one and creates nothing', async () => {
    const screen = await newCompany('SUP-6', 'blueline software nv');
    screen.click(screen.getButton('Create company'));
    await screen.findByText('This company may already exist in Atlas CRM');
    expect(
      screen.has('Nothing was created. Link the existing one, or create a new one anyway.'),
    ).toBe(true);
    expect(screen.has('Blueline Software NV')).toBe(true);
    expect(screen.has('Same name.')).toBe(true);
    expect(screen.buttons('Link the existing one')).toHaveLength(1);
    expect(screen.buttons('Create anyway')).toHaveLength(1);
    expect(await companiesNamed('Blueline Software NV')).toBe(1);
  });

  it('"Link the existing one" links it and closes the form', async () => {
    const screen = await newCompany('SUP-6', 'Blueline Software NV');
    screen.click(screen.getButton('Create company'));
    await screen.findByText('This company may already exist in Atlas CRM');
    screen.click(screen.getButton('Link the existing one'));
    await screen.findButton('New company');
    expect(screen.has('New company')).toBe(true);
    expect(screen.has('Blueline Software NV')).toBe(true);
    expect(
      screen.has(
        'Blueline Software NV is linked to this issue. Nothing new was created in Atlas CRM.',
      ),
    ).toBe(true);
    expect(screen.invokesOf('links/add')).toHaveLength(1);
    expect(screen.invokesOf('entities/create')).toHaveLength(1);
    expect(await companiesNamed('Blueline Software NV')).toBe(1);
    const panel = await render(world, 'issue-panel', { issueKey: 'SUP-6' });
    await panel.findByText('Blueline Software NV');
  });

  it('"Create anyway" creates a second one', async () => {
    const screen = await newCompany('SUP-5', 'Nordic Paper Twice AB');
    screen.click(screen.getButton('Create company'));
    await screen.findByText(/Nordic Paper Twice AB was created in Atlas CRM/);
    const again = await newCompany('SUP-5', 'Nordic Paper Twice AB');
    again.click(again.getButton('Create company'));
    await again.findByText('This company may already exist in Atlas CRM');
    again.click(again.getButton('Create anyway'));
    await again.findByText(/Nordic Paper Twice AB was created in Atlas CRM/);
    const sent = again.invokesOf('entities/create').map((record) => record.payload);
    expect(sent).toMatchObject([{}, { allowDuplicates: true }]);
    expect(await companiesNamed('Nordic Paper Twice AB')).toBe(2);
  });

  it('editing the name hides the records found for the old one', async () => {
    const screen = await newCompany('SUP-5', 'Blueline Software NV');
    screen.click(screen.getButton('Create company'));
    await screen.findByText('This company may already exist in Atlas CRM');
    screen.type(screen.getControl('create-company-name'), 'Blueline Software Benelux NV');
    await screen.settle();
    expect(screen.has('This company may already exist in Atlas CRM')).toBe(false);
  });
});
