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
    // Never "yet": the credentials may have been removed.
    expect(screen.text()).toContain('Atlas CRM is not connected');
    expect(screen.text()).not.toContain('yet');
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
    expect(screen.text()).not.toContain('nothing to show');
    expect(screen.buttons('Open Atlas CRM settings')).toHaveLength(0);
    expect(screen.buttons()).toHaveLength(0);
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['panel/open']);
  });
});

describe('issue context, not configured', () => {
  it('says Atlas CRM is not connected', async () => {
    const screen = await render(world, 'issue-context', { user: 'agent' });
    expect(screen.text()).toContain('Atlas CRM is not connected.');
    expect(screen.text()).not.toContain('yet');
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['context/summary']);
  });
});

describe('issue panel, after the credentials were removed', () => {
  it("shows the issue's stored links read-only, and says plainly why they can't be refreshed", async () => {
    await world.configure();
    const found = await world.call('entities/search', { type: 'company', text: 'Nordbridge' });
    const company = found.items[0]!;
    await world.call('links/add', { entityId: company.id }, { issueKey: 'SUP-6' });
    await world.call('admin/credentials/remove', undefined);

    const screen = await render(world, 'issue-panel', { user: 'agent', issueKey: 'SUP-6' });
    await screen.findByText(company.name);
    expect(screen.text()).toContain('Atlas CRM is not connected');
    expect(screen.text()).toContain(
      "The links below are stored on this issue, with the details last read from Atlas CRM. They can't be refreshed or changed until a Jira admin connects Atlas CRM in the app settings.",
    );
    // Without the templates, the details are labelled in words, never by field id.
    expect(screen.text()).not.toMatch(/company-\w+:/);
    expect(screen.text()).toMatch(/Website:/);
    expect(screen.text()).toContain('Companies (1)');
    expect(screen.text()).toMatch(/Last refreshed from Atlas CRM/);
    expect(screen.text()).not.toContain('yet');
    // Read-only: nothing to open, refresh, unlink or search, and nothing asked of Atlas CRM.
    expect(screen.buttons()).toHaveLength(0);
    await screen.settle();
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['panel/open']);
  });
});
