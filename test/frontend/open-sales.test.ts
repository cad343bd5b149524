// A linked company's open sales beneath its card in the panel: name, stage and balance, read
// after the panel painted and again when another company is linked. Real resolvers and simulator.
import '../setup/ui-bridge';
import { ATLAS_CRM_ORIGIN } from '../../sandbox/crm-simulator';
import type { EntityType } from '../../src/shared/contract';
import { allByType, textOf, type ForgeNode } from './harness/forge-doc';
import { crmRequest } from '../setup/crm-outside-jira';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
let harbour: string;
let mill: string;

async function make(type: EntityType, fields: Record<string, unknown>): Promise<string> {
  return (await crmRequest<{ id: string }>(world.sim, 'POST', '/entities', { type, fields })).id;
}

async function saleOf(companyId: string, fields: Record<string, unknown>): Promise<void> {
  const id = await make('sale', fields);
  await crmRequest(world.sim, 'POST', `/entities/${companyId}/links`, { 'entity-id': id });
}

beforeAll(async () => {
  world = await startWorld();
  await world.configure();
  harbour = await make('company', { 'company-name': 'Eemhaven Stevedores BV' });
  await saleOf(harbour, {
    'sale-name': 'Premium Support for Eemhaven',
    'sale-status': 'open',
    'sale-balance': 1200.5,
    'sale-opened-at': '2025-05-02',
  });
  for (const [name, opened] of [
    ['Training for Eemhaven', '2025-02-01'],
    ['Onboarding for Eemhaven', '2025-01-15'],
    ['Custom Integration for Eemhaven', '2024-10-01'],
  ])
    await saleOf(harbour, { 'sale-name': name, 'sale-status': 'open', 'sale-opened-at': opened });
  await saleOf(harbour, { 'sale-name': 'Closed win for Eemhaven', 'sale-status': 'won' });
  mill = await make('company', { 'company-name': 'Zaanse Oliemolen NV' });
  await saleOf(mill, { 'sale-name': 'Atlas CRM Cloud for Zaanse', 'sale-status': 'open' });
  await world.call('links/add', { entityId: harbour }, { issueKey: 'SUP-4' });
});
afterAll(async () => world.close());

/** The company's card: the innermost box holding its name's button. */
function companyBlock(screen: Screen, name: string): ForgeNode | undefined {
  const cards = screen
    .allByType('Box')
    .filter((box) => allByType(box, 'Button').some((b) => textOf(b) === name));
  return cards[cards.length - 1];
}

/** The open sales inside the company's card, where nothing else can claim them. */
function salesBlock(screen: Screen, name: string): ForgeNode | undefined {
  const card = companyBlock(screen, name);
  return card
    ? allByType(card, 'Box').find((box) => box !== card && /open sales/i.test(textOf(box)))
    : undefined;
}

describe('open sales beneath a linked company', () => {
  it('lists the newest open sales with stage and balance, and counts the rest', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-4' });
    const block = await screen.waitFor(() => {
      const below = salesBlock(screen, 'Eemhaven Stevedores BV');
      return below && textOf(below).includes('Open sales (') ? below : undefined;
    }, 'the open sales');
    const text = textOf(block);
    expect(text).toContain('Open sales (4)');
    // The stage reads as the option does elsewhere in the panel ("Open", not "open").
    expect(text).toMatch(/Premium Support for Eemhaven\s*Open\s*€1,200\.50/);
    expect(text).toContain('Training for Eemhaven');
    expect(text).toContain('Onboarding for Eemhaven');
    expect(text).toContain('and 1 more');
    expect(text).not.toContain('Custom Integration');
    expect(text).not.toContain('Closed win');
    expect(screen.invokesOf('sales/open')).toHaveLength(1);
  });

  it('holds their place with one quiet line while they are read, so the cards below stay put', async () => {
    const screen = await render(world, 'issue-panel', {
      issueKey: 'SUP-4',
      // A slow answer: the panel paints before it.
      invokeOverride: (key) =>
        key === 'sales/open'
          ? new Promise((r) => setTimeout(r, 300)).then(() => undefined)
          : undefined,
    });
    const waiting = screen.snapshots.filter((s) => s.text.includes('Looking for open sales…'));
    expect(waiting.length).toBeGreaterThan(0);
    // The line stood under the company before the answer replaced it.
    expect(waiting[0]?.text).toMatch(/Eemhaven Stevedores BV.*Looking for open sales…/);
  });

  it("says when one company's sales could not be read, with Retry, instead of showing nothing", async () => {
    let failing = true;
    const screen = await render(world, 'issue-panel', {
      issueKey: 'SUP-4',
      invokeOverride: (key) =>
        key === 'sales/open' && failing
          ? Promise.resolve({ ok: true, data: { byCompany: {}, failed: [harbour] } })
          : undefined,
    });
    await screen.findByText('Open sales could not be read from Atlas CRM.');
    failing = false;
    const block = companyBlock(screen, 'Eemhaven Stevedores BV') as ForgeNode;
    screen.click(screen.getButton('Retry', block));
    await screen.findByText('Open sales (4)');
    expect(screen.has('Open sales could not be read from Atlas CRM.')).toBe(false);
  });

  it('reads them again when another company is linked, and not for a viewer', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-4' });
    await screen.findByText('Open sales (4)');
    screen.type(screen.getControl('search-text'), 'Zaanse Oliemolen');
    // The Link of the search result (suggestions above have Links of their own).
    const results = await screen.waitFor(() => screen.allByType('DynamicTable')[0], 'results');
    await screen.waitFor(() => screen.buttons(/^Link$/, results)[0], 'the result to link');
    screen.click(screen.getButton(/^Link$/, results));
    await screen.findByText('Atlas CRM Cloud for Zaanse');
    await screen.settle();
    expect(screen.invokesOf('sales/open')).toHaveLength(2);
    expect(textOf(companyBlock(screen, 'Zaanse Oliemolen NV') as ForgeNode)).toContain(
      'Open sales (1)',
    );

    const viewer = await render(world, 'issue-panel', { issueKey: 'SUP-4', user: 'viewer' });
    await viewer.findByText('Eemhaven Stevedores BV');
    await viewer.settle();
    expect(viewer.invokesOf('sales/open')).toHaveLength(0);
    expect(viewer.text()).not.toContain('Open sales');
  });

  it('says when the open sales cannot be read, and reads them again on Retry', async () => {
    let failing = true;
    const screen = await render(world, 'issue-panel', {
      issueKey: 'SUP-4',
      invokeOverride: (key) =>
        key === 'sales/open' && failing
          ? Promise.resolve({
              ok: false,
              error: { code: 'CRM_UNAVAILABLE', message: 'Atlas CRM did not answer in time.' },
            })
          : undefined,
    });
    await screen.findByText('Could not read the open sales');
    expect(screen.text()).toContain('Atlas CRM did not answer in time.');
    expect(screen.has('Eemhaven Stevedores BV')).toBe(true);
    failing = false;
    screen.click(screen.getButton(/Retry|Try again/));
    await screen.findByText('Open sales (4)');
    expect(screen.has('Could not read the open sales')).toBe(false);
  });

  it('shows the newest three of a company with more open sales than one page, and counts all', async () => {
    const busy = await make('company', { 'company-name': 'Kromhout Werven BV' });
    // Named so that the CRM's default order (by name) puts the newest last, past the first page.
    for (let n = 0; n < 101; n++)
      await saleOf(busy, {
        'sale-name': `Annual renewal ${String(n).padStart(3, '0')}`,
        'sale-status': 'open',
        'sale-opened-at': '2023-06-01',
      });
    for (const [name, opened] of [
      ['Zeeland depot rollout', '2025-04-03'],
      ['Yard cranes retrofit', '2025-03-03'],
      ['Workshop tablets', '2025-02-03'],
    ])
      await saleOf(busy, { 'sale-name': name, 'sale-status': 'open', 'sale-opened-at': opened });
    await world.call('links/add', { entityId: busy }, { issueKey: 'SUP-5' });

    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-5' });
    const block = await screen.waitFor(
      () => salesBlock(screen, 'Kromhout Werven BV'),
      'the open sales',
    );
    const text = textOf(block);
    expect(text).toContain('Open sales (104)');
    expect(text).toMatch(/Zeeland depot rollout.*Yard cranes retrofit.*Workshop tablets/s);
    expect(text).not.toContain('Annual renewal');
    // The rest are not read: a link to the company's page in Atlas CRM says where they are.
    expect(
      allByType(block, 'Link').map((link) => ({ text: textOf(link), href: link.props.href })),
    ).toEqual([
      {
        text: 'and 101 more in Atlas CRM',
        href: `${ATLAS_CRM_ORIGIN}/app/CRM/company/${busy}`,
      },
    ]);
  });
});
