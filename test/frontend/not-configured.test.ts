// Before an admin saved credentials: the panel explains, per role, and the context says so.
import '../setup/ui-bridge';
import { render } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => world.close());

describe('issue panel, not configured', () => {
  it('tells an admin what to do and opens the settings page', async () => {
    const screen = await render(world, 'issue-panel', { user: 'admin' });
    expect(screen.text()).toContain('Atlas CRM is not connected yet');
    expect(screen.text()).toContain('Connect this Jira site to Atlas CRM');
    const open = screen.getButton('Open Atlas CRM settings');
    screen.click(open);
    await screen.waitFor(() => screen.hostCalls.find((c) => c.cmd === 'navigate'), 'navigation');
    expect(screen.hostCalls.find((c) => c.cmd === 'navigate')?.data).toMatchObject({
      target: 'module',
      moduleKey: 'atlas-crm-admin-page',
    });
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['panel/open']);
  });

  it('tells everyone else to ask a Jira admin, without a settings button', async () => {
    const screen = await render(world, 'issue-panel', { user: 'agent' });
    expect(screen.text()).toContain('Ask a Jira admin to connect Atlas CRM');
    expect(screen.buttons('Open Atlas CRM settings')).toHaveLength(0);
    expect(screen.buttons()).toHaveLength(0);
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['panel/open']);
  });
});

describe('issue context, not configured', () => {
  it('says Atlas CRM is not connected', async () => {
    const screen = await render(world, 'issue-context', { user: 'agent' });
    expect(screen.text()).toContain('Atlas CRM is not connected yet.');
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['context/summary']);
  });
});
