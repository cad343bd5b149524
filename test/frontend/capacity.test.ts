// The link limit is told before it bites: an issue close to it shows a warning in the panel.
import '../setup/ui-bridge';
import { render } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

it('warns when the issue is close to its link limit', async () => {
  // Fill SUP-6 through the real resolvers until the backend reports the issue near its limit.
  let near = false;
  let linked = 0;
  for (const type of ['contact', 'company', 'sale'] as const) {
    let cursor: string | undefined;
    while (!near) {
      const page = await world.call(
        'entities/search',
        { type, pageSize: 100, ...(cursor ? { cursor } : {}) },
        { issueKey: 'SUP-6' },
      );
      for (const item of page.items) {
        const links = await world.call('links/add', { entityId: item.id }, { issueKey: 'SUP-6' });
        linked += 1;
        if (links.linkCapacity.nearLimit) {
          near = true;
          break;
        }
      }
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    if (near) break;
  }
  expect(near).toBe(true);

  const screen = await render(world, 'issue-panel', { issueKey: 'SUP-6' });
  expect(screen.text()).toContain('This issue is close to its link limit');
  expect(screen.text()).toMatch(
    new RegExp(`${linked} records are linked; about \\d+ more fit on this issue`),
  );
});

it('shows no warning on an issue far from the limit', async () => {
  const screen = await render(world, 'issue-panel', { issueKey: 'SUP-1' });
  expect(screen.text()).not.toContain('link limit');
});
