// The admin page: connect with an API token, test, set the access policy, remove.
import '../setup/ui-bridge';
import { allByType, textOf } from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { ACCESS_RULES } from '../../src/frontend/admin/WhoSeesWhat';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => world.close());

/** Everything sent to the page, as the host would receive it (functions left out). */
function sentToHost(screen: Screen): string {
  return JSON.stringify(screen.doc, (_k, v: unknown) => (typeof v === 'function' ? undefined : v));
}

describe('admin page', () => {
  let screen: Screen;

  it('starts unconfigured with the API token hint and a password field for the secret', async () => {
    screen = await render(world, 'admin', { user: 'admin' });
    expect(screen.text()).toContain(
      'Create an API token in Atlas CRM under Settings → API tokens; it gives you a client id and a client secret.',
    );
    expect(screen.text()).toContain('Connect Atlas CRM');
    expect(screen.has('Connected')).toBe(false);
    expect(screen.getControl('client-secret').props.type).toBe('password');
    expect(screen.getButton('Save').props.isDisabled).toBe(true);
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['admin/settings/get']);
  });

  it('says in plain words who can see and change what', () => {
    const text = screen.text();
    expect(text).toContain('Who can see and change what');
    for (const rule of Object.values(ACCESS_RULES)) expect(text).toContain(rule);
    expect(text).toContain('No groups are chosen below, so these Jira permissions alone decide.');
  });

  it('refuses wrong credentials at the form and keeps what was typed', async () => {
    screen.type(screen.getControl('client-id'), world.sim.clientId);
    screen.type(screen.getControl('client-secret'), 'not-the-secret');
    screen.click(screen.getButton('Save'));
    await screen.findByText('The credentials were not saved');
    expect(screen.getControl('client-id').props.value).toBe(world.sim.clientId);
    expect(screen.getControl('client-secret').props.value).toBe('not-the-secret');
    expect(screen.has('Connected')).toBe(false);
  });

  it('saves working credentials, then shows Connected and the masked id, never the secret', async () => {
    screen.type(screen.getControl('client-secret'), world.sim.clientSecret);
    screen.click(screen.getButton('Save'));
    await screen.waitFor(
      () => allByType(screen.doc, 'Lozenge').some((l) => textOf(l) === 'Connected'),
      'Connected',
    );
    expect(screen.has('The credentials were not saved')).toBe(false);
    expect(screen.text()).toContain('Replace the API token');
    expect(screen.getControl('client-id').props.value).toBe('');
    expect(screen.getControl('client-secret').props.value).toBe('');
    const masked = (await world.call('admin/settings/get', undefined)).clientIdMasked as string;
    expect(masked).not.toBe(world.sim.clientId);
    expect(screen.text()).toContain(`Client id ${masked}`);
    expect(sentToHost(screen)).not.toContain(world.sim.clientSecret);
    expect(sentToHost(screen)).not.toContain(world.sim.clientId);
  });

  it('tests the connection and shows the latency', async () => {
    screen.click(screen.getButton('Test connection'));
    await screen.findByText('Connection works');
    expect(screen.text()).toMatch(
      /Atlas CRM answered in \d+ ms\. Token: accepted\. Templates: readable\./,
    );
  });

  it('forgets that test once the credentials are replaced', async () => {
    screen.type(screen.getControl('client-id'), world.sim.clientId);
    screen.type(screen.getControl('client-secret'), world.sim.clientSecret);
    screen.click(screen.getButton('Save'));
    await screen.findByText(
      'Atlas CRM accepted the credentials. People can now link records on issues.',
    );
    await screen.settle();
    expect(screen.has('Connection works')).toBe(false);
    expect(screen.getButton('Test connection').props.isDisabled).not.toBe(true);
  });

  it('finds groups (debounced), saves the access policy, and the panel follows it', async () => {
    screen.type(screen.getControl('group-search'), 's');
    screen.type(screen.getControl('group-search'), 'sales');
    await screen.findButton('Add sales-team');
    expect(screen.invokesOf('admin/groups/find').map((i) => i.payload)).toEqual([
      { query: 'sales' },
    ]);
    screen.click(screen.getButton('Add sales-team'));
    expect(allByType(screen.doc, 'Tag').map((t) => t.props.text)).toEqual(['sales-team']);
    screen.click(screen.getButton('Save access policy'));
    // Limiting access can lock out the admin who saves it: saved only once confirmed.
    await screen.findByText('You may lock yourself out');
    expect(screen.text()).toContain(
      'After saving, only members of sales-team can use Atlas CRM on issues. You are a member of none of them, so that includes you.',
    );
    expect(screen.invokesOf('admin/policy/save')).toHaveLength(0);
    screen.click(screen.getButton('Save anyway'));
    await screen.findByText('Access policy saved');
    expect(screen.text()).toContain('Only members of sales-team can use Atlas CRM in Jira.');
    const saved = await world.call('admin/settings/get', undefined);
    expect(saved.allowedGroups.map((g) => g.name)).toEqual(['sales-team']);
    expect(screen.text()).toContain(
      'Only members of sales-team get any of this; everyone else who can see an issue sees just the names of its linked records.',
    );

    // Vic Viewer is not in sales-team: he sees the linked records' names only and is told why.
    const panel = await render(world, 'issue-panel', { user: 'viewer' });
    expect(panel.text()).toContain('Read-only');
    expect(panel.text()).toContain(
      'You can see only the names of the Atlas CRM records linked to this issue: your Jira admin has limited Atlas CRM to certain groups',
    );
    expect(panel.has('Find in Atlas CRM')).toBe(false);
    expect(panel.has('Unlink')).toBe(false);
  });

  it('removes a group again', async () => {
    screen = await render(world, 'admin', { user: 'admin' });
    expect(allByType(screen.doc, 'Tag').map((t) => t.props.text)).toEqual(['sales-team']);
    screen.click(screen.getButton('Remove sales-team'));
    screen.click(screen.getButton('Save access policy'));
    await screen.findByText('Everyone with access to an issue can use Atlas CRM on it.');
  });

  it("saves at once when one of the groups is the admin's own, and asks when none is", async () => {
    screen = await render(world, 'admin', { user: 'admin' });
    // Ada Admin is in jira-admins and support-team, not in sales-team.
    screen.type(screen.getControl('group-search'), 'team');
    screen.click(await screen.findButton('Add sales-team'));
    screen.click(screen.getButton('Add support-team'));
    screen.click(screen.getButton('Save access policy'));
    await screen.findByText('Only members of sales-team, support-team can use Atlas CRM in Jira.');
    expect(screen.has('You may lock yourself out')).toBe(false);

    // Without the admin's own group it still asks first.
    screen.click(screen.getButton('Remove support-team'));
    screen.click(screen.getButton('Save access policy'));
    await screen.findByText('You may lock yourself out');
    screen.click(screen.getButton('Cancel'));
    expect(screen.invokesOf('admin/policy/save')).toHaveLength(1);

    screen.click(screen.getButton('Remove sales-team'));
    screen.click(screen.getButton('Save access policy'));
    await screen.findByText('Everyone with access to an issue can use Atlas CRM on it.');
  });

  it('removes the credentials after a confirmation, says so, and drops older messages', async () => {
    // A failed replacement first: its message is about a connection about to be removed.
    screen.type(screen.getControl('client-id'), world.sim.clientId);
    screen.type(screen.getControl('client-secret'), 'not-the-secret');
    screen.click(screen.getButton('Save'));
    await screen.findByText('The credentials were not saved');
    screen.click(screen.getButton('Remove credentials'));
    await screen.findByText('Remove the Atlas CRM credentials?');
    screen.click(screen.getButton('Cancel'));
    expect(screen.has('Remove the Atlas CRM credentials?')).toBe(false);
    screen.click(screen.getButton('Remove credentials'));
    screen.click(screen.getButton('Remove'));
    await screen.findByText('Connect Atlas CRM');
    expect(allByType(screen.doc, 'Lozenge').map(textOf)).not.toContain('Connected');
    expect((await world.call('admin/settings/get', undefined)).configured).toBe(false);
    expect(screen.text()).toContain('Credentials removed');
    expect(screen.has('The credentials were not saved')).toBe(false);
  });

  it('is refused, in words, to someone who is not a Jira admin', async () => {
    const agent = await render(world, 'admin', { user: 'agent' });
    expect(agent.text()).toContain('Only Jira admins can open this page');
    expect(agent.text()).not.toContain('could not be loaded');
    expect(agent.buttons('Retry')).toHaveLength(0);
    expect(agent.buttons('Save')).toHaveLength(0);
  });
});
