// Atlas CRM (or the bridge) failing: every failure is shown where the person is, with a retry.
import '../setup/ui-bridge';
import { render } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure(); // saving credentials empties the template cache: the next open asks the CRM
});
afterAll(async () => world.close());

beforeEach(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined); // the backend logs each CRM failure
});
afterEach(() => {
  world.sim.control.clearFaults();
  jest.restoreAllMocks();
});

it('says Atlas CRM cannot be reached, offers Retry, and recovers', async () => {
  world.sim.control.setFaults({ errorRate: 1 });
  const screen = await render(world, 'issue-panel');
  expect(screen.text()).toContain('Atlas CRM cannot be reached');
  expect(screen.has('Find in Atlas CRM')).toBe(false);
  expect(screen.buttons('New company')).toHaveLength(0);

  world.sim.control.clearFaults();
  screen.click(screen.getButton('Retry'));
  await screen.findByText('Find in Atlas CRM');
  expect(screen.has('Atlas CRM cannot be reached')).toBe(false);
  await screen.settle();
  // Suggestions are asked for only once Atlas CRM answered the panel.
  expect(screen.invokes.map((i) => i.functionKey)).toEqual([
    'panel/open',
    'panel/open',
    'suggestions/list',
  ]);
});

it('keeps the stored list with a warning when the background refresh fails', async () => {
  const found = await world.call('entities/search', { type: 'company', text: 'Nordbridge' });
  await world.call('links/add', { entityId: found.items[0]?.id }, { issueKey: 'SUP-5' });
  await render(world, 'issue-panel', { issueKey: 'SUP-5' }); // warms the template cache

  world.sim.control.setFaults({ errorRate: 1 });
  const screen = await render(world, 'issue-panel', { issueKey: 'SUP-5' });
  await screen.findByText('Could not refresh from Atlas CRM');
  expect(screen.text()).toContain('The list below may be out of date.');
  // Not "refreshed just now" above a failed refresh: when it last worked.
  expect(screen.text()).toMatch(/Last refreshed from Atlas CRM /);
  expect(screen.text()).not.toContain('Refreshed from Atlas CRM');
  expect(screen.text()).toContain('Nordbridge Logistics LLC');

  world.sim.control.clearFaults();
  // The refresh warning's own Retry (the suggestions above have one too).
  const warning = screen
    .allByType('SectionMessage')
    .find((message) => message.props.title === 'Could not refresh from Atlas CRM');
  screen.click(screen.getButton('Retry', warning));
  await screen.waitFor(() => !screen.has('Could not refresh from Atlas CRM'), 'the warning to go');
  expect(screen.text()).toContain('Refreshed from Atlas CRM just now');
});

it('shows a search failure at the search, with Retry', async () => {
  const screen = await render(world, 'issue-panel');
  world.sim.control.setFaults({ errorRate: 1 });
  screen.type(screen.getControl('search-text'), 'Nord');
  await screen.findByText('Search failed');
  world.sim.control.clearFaults();
  screen.click(screen.getButton('Retry'));
  await screen.findByText('Showing 3 of 3');
});

it('turns a failed bridge call into a message, never a crash', async () => {
  const screen = await render(world, 'issue-panel', {
    invokeOverride: (key) =>
      key === 'panel/open' ? Promise.reject(new Error('network down')) : undefined,
  });
  expect(screen.text()).toContain('Atlas CRM could not be loaded');
  expect(screen.text()).toContain('Jira could not reach the Atlas CRM app');
  expect(screen.buttons('Retry')).toHaveLength(1);
});
