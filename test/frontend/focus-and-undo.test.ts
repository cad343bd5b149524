// Keyboard and screen-reader behaviour of the panel, as UI Kit allows it: focus moves by mounting
// a control with autoFocus, and what changed is said in live regions (Box role="status") that are
// there before it changes. Also: several quick unlinks can each be undone.
import '../setup/ui-bridge';
import { buttons, textOf, type ForgeNode } from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

async function linkCompanies(issueKey: string, ...texts: string[]): Promise<string[]> {
  const names: string[] = [];
  for (const text of texts) {
    const found = await world.call('entities/search', { type: 'company', text });
    const company = found.items[0]!;
    await world.call('links/add', { entityId: company.id }, { issueKey });
    names.push(company.name);
  }
  return names;
}

/** The linked card with this name (it has Unlink or Confirm unlink). */
function card(screen: Screen, name: string): ForgeNode {
  const found = screen
    .allByType('Box')
    .find(
      (box) =>
        buttons(box).some((b) => textOf(b) === name) &&
        buttons(box).some((b) => /^(Unlink|Confirm unlink)$/.test(textOf(b))),
    );
  if (!found) throw new Error(`no card for ${name}\n${screen.text()}`);
  return found;
}

/** The live regions' text, in page order. */
function announced(screen: Screen): string[] {
  return screen
    .allByType('Box')
    .filter((box) => box.props.role === 'status')
    .map(textOf);
}

describe('unlink', () => {
  it('asks with the focus on Confirm unlink, then on Undo; each of several unlinks can be undone', async () => {
    const names = await linkCompanies('SUP-6', 'Nordgrid', 'Harborlight', 'Blueline');
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-6' });
    await screen.findByText('Companies (3)');

    for (const name of names.slice(0, 2)) {
      screen.click(screen.getButton('Unlink', card(screen, name)));
      const confirm = screen.getButton('Confirm unlink', card(screen, name));
      expect(confirm.props.autoFocus).toBe(true);
      screen.click(confirm);
      await screen.findByText(
        `${name} was unlinked from this issue. Nothing changed in Atlas CRM.`,
      );
    }
    // Both lines stay, each with its own Undo; the newest Undo has the focus.
    const undos = screen.buttons('Undo');
    expect(undos).toHaveLength(2);
    expect(undos.map((undo) => Boolean(undo.props.autoFocus))).toEqual([false, true]);
    expect(announced(screen).join(' ')).toContain(`${names[1]} was unlinked`);

    // Undo the older one first: it is linked again, and focus goes to it in the list.
    screen.click(undos[0]!);
    await screen.findByText(`${names[0]} is linked to this issue.`);
    expect(screen.getButton(names[0]!, card(screen, names[0]!)).props.autoFocus).toBe(true);
    expect(screen.text()).toContain(`${names[1]} was unlinked from this issue.`);
    screen.click(screen.getButton('Undo'));
    await screen.findByText(`${names[1]} is linked to this issue.`);
    expect(screen.text()).toContain('Companies (3)');
    expect(screen.buttons('Undo')).toHaveLength(0);
    expect(screen.invokesOf('links/add')).toHaveLength(2);
  });

  it('Cancel puts the focus back on Unlink', async () => {
    const [name] = await linkCompanies('SUP-2', 'Nordgate');
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-2' });
    await screen.findButton(name!);
    screen.click(screen.getButton('Unlink', card(screen, name!)));
    screen.click(screen.getButton('Cancel', card(screen, name!)));
    await screen.settle();
    expect(screen.getButton('Unlink', card(screen, name!)).props.autoFocus).toBe(true);
  });
});

describe('record details', () => {
  it('open with the focus on Back, headings in order, and Edit takes the focus after Save', async () => {
    const [name] = await linkCompanies('SUP-5', 'Nordbridge');
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-5' });
    screen.click(await screen.findButton(name!));
    await screen.findByText('Related (');
    expect(screen.getButton(/Back to linked records/).props.autoFocus).toBe(true);
    // h4 for the record's name, then h5 for its sections: no level skipped.
    const levels = screen
      .allByType('Heading')
      .map((heading) => heading.props.as ?? heading.props.size);
    expect(levels[0]).toBe('small');
    expect(levels.slice(1)).not.toContain('xxsmall');
    expect(new Set(levels.slice(1))).toEqual(new Set(['h5']));

    // Emails and phone numbers hand over to the mail or phone app: not a new tab.
    const links = screen.allByType('Link').map((link) => [link.props.href, link.props.openNewTab]);
    for (const [href, newTab] of links)
      if (/^(mailto|tel):/.test(String(href))) expect([href, newTab]).toEqual([href, false]);
      else if (/^https:/.test(String(href))) expect([href, newTab]).toEqual([href, true]);

    screen.click(screen.getButton('Edit'));
    await screen.findByText(`Edit ${name!}`);
    expect(screen.getControl('edit-company-name').props.autoFocus).toBe(true);
    screen.type(screen.getControl('edit-company-website'), 'https://www.nordbridge.example');
    screen.click(screen.getButton('Save changes'));
    await screen.findByText(`Your changes to ${name!} are saved in Atlas CRM.`);
    expect(screen.getButton('Edit').props.autoFocus).toBe(true);
    expect(announced(screen).join(' ')).toContain('are saved in Atlas CRM');
  });
});

describe('suggestions', () => {
  it('Dismiss puts the focus on Undo, and Undo puts it back on Dismiss', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-1' });
    await screen.waitFor(() => screen.invokesOf('suggestions/list')[0]?.done, 'the suggestions');
    await screen.settle();
    screen.click(screen.getButton('Dismiss'));
    await screen.findByText(/won't be suggested on this issue again/);
    expect(screen.getButton('Undo').props.autoFocus).toBe(true);
    await screen.settle();
    screen.click(screen.getButton('Undo'));
    await screen.waitFor(() => screen.buttons('Undo').length === 0, 'the card back');
    expect(screen.buttons('Dismiss')[0]?.props.autoFocus).toBe(true);
  });
});
