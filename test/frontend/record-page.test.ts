// A record's page in the issue panel: its values as links like the cards, Back asking before an
// unsaved edit is dropped, and dates typed in the viewer's locale (en-US in the harness's view
// context) in the edit form and the search filters.
import '../setup/ui-bridge';
import type { FieldValues } from '../../src/shared/contract';
import { textOf, type ForgeNode } from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

let seq = 0;
async function linkedCompany(fields: FieldValues = {}): Promise<string> {
  seq += 1;
  const name = `Record Page ${seq} AG`;
  await world.call(
    'entities/create',
    { type: 'company', fields: { 'company-name': name, ...fields }, linkToIssue: true },
    { issueKey: 'SUP-3' },
  );
  return name;
}

async function openRecord(name: string): Promise<Screen> {
  const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
  screen.click(await screen.findButton(name));
  await screen.findByText('Related (');
  await screen.settle();
  return screen;
}

async function openEdit(name: string): Promise<Screen> {
  const screen = await openRecord(name);
  screen.click(screen.getButton('Edit'));
  await screen.findControl('edit-company-name');
  await screen.settle(); // the view context (locale en-US) has arrived
  return screen;
}

describe("a record's page", () => {
  it('shows a https website as a link, as the cards do', async () => {
    const screen = await openRecord(
      await linkedCompany({ 'company-website': 'https://www.record-page.example/' }),
    );
    const links = screen.allByType('Link').filter((l) => l.props.href !== undefined);
    const site = links.find((l) => l.props.href === 'https://www.record-page.example/');
    expect(site && textOf(site)).toBe('record-page.example');
  });

  it('asks before Back drops an unsaved edit, and leaves once told to discard', async () => {
    const screen = await openEdit(await linkedCompany());
    screen.type(screen.getControl('edit-company-website'), 'https://typed.example');
    screen.click(screen.getButton(/Back to linked records/));
    await screen.findByText('Discard what you typed?');
    expect(screen.has('Discard your unsent comment?')).toBe(false);
    screen.click(screen.getButton('Keep writing'));
    expect(screen.getControl('edit-company-website').props.value).toBe('https://typed.example');
    screen.click(screen.getButton(/Back to linked records/));
    screen.click(await screen.findButton('Discard and leave'));
    await screen.findButton('Add filter');
    expect(screen.invokesOf('entities/update')).toHaveLength(0);
  });

  it('leaves at once when nothing was changed', async () => {
    const screen = await openEdit(await linkedCompany());
    screen.click(screen.getButton(/Back to linked records/));
    await screen.findButton('Add filter');
    expect(screen.has('Discard what you typed?')).toBe(false);
  });

  it('reads a date typed in the edit form in the viewer locale', async () => {
    const screen = await openEdit(await linkedCompany());
    screen.type(screen.getControl('edit-company-founded'), '15/06/1995');
    screen.click(screen.getButton('Save changes'));
    await screen.findByText(
      'Founded: "15/06/1995" is not a day of the calendar. Type it as MM/DD/YYYY or YYYY-MM-DD.',
    );
    expect(screen.invokesOf('entities/update')).toHaveLength(0);
  });
});

describe('search filters', () => {
  it("take a typed date in the viewer's locale and say which order it is", async () => {
    const screen = await render(world, 'issue-panel');
    await screen.settle();
    screen.select(screen.getControl('search-type'), 'Sales');
    screen.click(screen.getButton('Add filter'));
    const field = screen
      .allByType('Select')
      .find((s) => String(s.props.inputId).includes('filter-field-')) as ForgeNode;
    screen.select(field, 'Expected close');
    await screen.settle(); // the view context (locale en-US) has arrived
    const input = screen
      .allByType('Textfield')
      .find((s) => /filter-value-/.test(String(s.props.id))) as ForgeNode;
    expect(input.props).toMatchObject({ placeholder: 'MM/DD/YYYY or YYYY-MM-DD' });
    // Typed text is read exactly; a filter applies once it reads as a day.
    screen.type(input, '6/15/1995');
    await screen.findByText('Reads as 15 Jun 1995.');
    await screen.waitFor(() => screen.invokesOf('entities/search').length > 0, 'the search');
    expect(screen.invokesOf('entities/search').at(-1)?.payload).toMatchObject({
      filters: [{ fieldId: 'sale-expected-close', value: '1995-06-15' }],
    });
  });
});
