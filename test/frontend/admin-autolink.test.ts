// The admin page's "Link new issues automatically": off until projects are chosen, a project
// picker that searches as you type, and Save with what came of it.
import '../setup/ui-bridge';
import { DEMO_PROJECTS } from '../../sandbox/forge-host';
import { AUTO_LINK_EXPLAINED } from '../../src/frontend/admin/AutoLink';
import { allByType } from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

function tags(screen: Screen): unknown[] {
  return allByType(screen.doc, 'Tag').map((tag) => tag.props.text);
}

describe('admin page: link new issues automatically', () => {
  let screen: Screen;

  it('is off by default and says in one sentence what turning it on does', async () => {
    screen = await render(world, 'admin', { user: 'admin' });
    await screen.findByText('Link new issues automatically');
    expect(screen.text()).toContain(AUTO_LINK_EXPLAINED);
    expect(screen.text()).toContain('Off: no project is chosen.');
    expect(screen.getButton('Save automatic linking').props.isDisabled).toBe(true);
  });

  it('finds projects as the admin types (once typing pauses) and saves the chosen one', async () => {
    screen.type(screen.getControl('project-search'), 's');
    screen.type(screen.getControl('project-search'), 'sup');
    screen.click(await screen.findButton('Add Customer Support'));
    expect(screen.invokesOf('admin/projects/find').map((i) => i.payload)).toEqual([
      { query: 'sup' },
    ]);
    expect(tags(screen)).toContain('SUP');
    // Still off until saved.
    expect(screen.text()).toContain('Off: no project is chosen.');
    screen.click(screen.getButton('Save automatic linking'));
    await screen.findByText('Automatic linking saved');
    expect(screen.text()).toContain(
      'New issues in Customer Support (SUP) are linked automatically.',
    );
    expect(screen.text()).toContain('On in Customer Support (SUP).');
    const saved = await world.call('admin/settings/get', undefined);
    expect(saved.autoLinkProjects.map((project) => project.key)).toEqual(['SUP']);
  });

  it('shows the enabled projects when the page is opened again, and turns one off', async () => {
    screen = await render(world, 'admin', { user: 'admin' });
    await screen.findByText('On in Customer Support (SUP).');
    expect(tags(screen)).toContain('SUP');
    screen.click(screen.getButton('Remove Customer Support'));
    screen.click(screen.getButton('Save automatic linking'));
    await screen.findByText('New issues are not linked automatically in any project.');
    expect(screen.text()).toContain('Off: no project is chosen.');
    expect((await world.call('admin/settings/get', undefined)).autoLinkProjects).toEqual([]);
  });

  it('says there is no match in plain words', async () => {
    screen.type(screen.getControl('project-search'), 'zzz-nothing');
    await screen.findByText('No projects match.');
  });

  it('says why a project that is gone meanwhile was not saved, and keeps the choice', async () => {
    screen = await render(world, 'admin', { user: 'admin' });
    screen.type(screen.getControl('project-search'), 'account');
    screen.click(await screen.findButton('Add Account Management'));
    // The project is deleted in Jira while the admin is on the page.
    const before = world.host.jira.snapshot();
    const acc = DEMO_PROJECTS.find((project) => project.key === 'ACC')!;
    world.host.jira.restore({
      ...before,
      projects: before.projects.filter((project) => project.id !== acc.id),
      issues: before.issues.filter((issue) => issue.projectId !== acc.id),
    });
    try {
      screen.click(screen.getButton('Save automatic linking'));
      await screen.findByText('Automatic linking was not saved');
      expect(screen.text()).toContain('Account Management (ACC)');
      expect(screen.text()).toContain('nothing was saved');
      expect(tags(screen)).toContain('ACC');
      expect((await world.call('admin/settings/get', undefined)).autoLinkProjects).toEqual([]);
    } finally {
      world.host.jira.restore(before);
    }
  });
});
