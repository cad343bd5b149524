// The issue panel after an action finishes: what stays put under the pointer, which messages go,
// what is asked before typed input is dropped, and how values read. Real resolvers and simulator.
import '../setup/ui-bridge';
import {
  allByType,
  rowDetails,
  rowName,
  tableRows,
  textOf,
  type ForgeNode,
} from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { startWorld, type World } from './harness/world';
import { hrefFor, shownAddress } from '../../src/frontend/shared/links';
import { formatOption } from '../../src/frontend/shared/format';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

function rows(screen: Screen): ForgeNode[][] {
  const table = screen.allByType('DynamicTable')[0];
  return table ? tableRows(table) : [];
}

async function searchFor(screen: Screen, text: string, type?: string): Promise<void> {
  if (type) screen.select(screen.getControl('search-type'), type);
  screen.type(screen.getControl('search-text'), text);
  await screen.waitFor(() => rows(screen).length > 0, 'search results');
  await screen.settle();
}

/** Everything shown before the first search result, in page order. */
function aboveResults(screen: Screen): string {
  const first = rowName(rows(screen)[0] as ForgeNode[]);
  return screen.text().split(first)[0] ?? '';
}

describe('a finished link', () => {
  it('moves nothing above the search results, and each click links the row it was aimed at', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-2' });
    await searchFor(screen, 'Nord');
    const ids = rows(screen).map(rowName);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const before = aboveResults(screen);

    // A double click on the first row: one link, not two, and not one for another row.
    const linkButton = screen.getButton('Link', (rows(screen)[0] as ForgeNode[])[1]);
    screen.click(linkButton);
    (linkButton.props.onClick as (e: unknown) => void)({ type: 'click' });
    await screen.findByText(`${ids[0]} is linked to this issue.`);
    await screen.settle();
    expect(screen.invokesOf('links/add')).toHaveLength(1);
    expect(aboveResults(screen)).toBe(before);
    // The linked list below the results grew instead.
    expect(screen.text()).toContain('Companies (1)');
    expect(screen.text().indexOf('Companies (1)')).toBeGreaterThan(
      screen.text().indexOf(ids[2] as string),
    );

    screen.click(screen.getButton('Link', (rows(screen)[1] as ForgeNode[])[1]));
    await screen.findByText(`${ids[1]} is linked to this issue.`);
    await screen.settle();
    expect(aboveResults(screen)).toBe(before);
    expect(rows(screen).map((cells) => textOf(cells[1] as ForgeNode))).toEqual(
      expect.arrayContaining(['Linked', 'Linked', 'Link']),
    );
    expect(screen.invokesOf('links/add')).toHaveLength(2);
  });
});

describe('messages', () => {
  it('drops a refresh failure once a later change brings a new list', async () => {
    const found = await world.call('entities/search', { type: 'company', text: 'Nordgrid' });
    await world.call('links/add', { entityId: found.items[0]?.id }, { issueKey: 'SUP-3' });
    const screen = await render(world, 'issue-panel', {
      issueKey: 'SUP-3',
      invokeOverride: (key) =>
        key === 'links/refresh'
          ? Promise.resolve({
              ok: false,
              error: { code: 'CRM_UNAVAILABLE', message: 'Atlas CRM did not answer.' },
            })
          : undefined,
    });
    await screen.findByText('Could not refresh from Atlas CRM');
    await searchFor(screen, 'Rapid');
    screen.click(screen.getButton('Link', (rows(screen)[0] as ForgeNode[])[2]));
    await screen.findByText(/is linked to this issue\./);
    expect(screen.has('Could not refresh from Atlas CRM')).toBe(false);
    expect(screen.has('may be out of date')).toBe(false);
  });

  it('says what an unlink did and offers Undo, which links the same record again', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    const name = 'Nordgrid Energy Oy';
    const row = () =>
      screen
        .allByType('Box')
        .find((b) => allByType(b, 'Button').some((n) => textOf(n) === name)) as ForgeNode;
    screen.click(screen.getButton('Unlink', row()));
    screen.click(screen.getButton('Confirm unlink', row()));
    await screen.findByText(`${name} was unlinked from this issue. Nothing changed in Atlas CRM.`);
    const removedId = (screen.invokesOf('links/remove')[0]?.payload as { entityId: string })
      .entityId;
    screen.click(screen.getButton('Undo'));
    await screen.findByText(`${name} is linked to this issue.`);
    expect(screen.invokesOf('links/add').map((i) => i.payload)).toEqual([{ entityId: removedId }]);
    expect(world.sim.control.issueIdsOf(removedId)).toContain('10003');
    expect(screen.buttons(name).length).toBeGreaterThan(0);
  });

  it('drops "Check the highlighted fields" once the highlighted field is filled in', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    screen.click(screen.getButton('New company'));
    await screen.findButton('Create company');
    screen.click(screen.getButton('Create company'));
    await screen.findByText('Check the highlighted fields.');
    screen.type(screen.getControl('create-company-name'), 'Harbour Lights Ltd');
    expect(screen.has('Check the highlighted fields.')).toBe(false);
    expect(screen.has('The company was not created')).toBe(false);
  });
});

describe('typed input is not dropped without asking', () => {
  it('asks before Cancel drops a half-filled create form', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    screen.click(screen.getButton('New contact'));
    await screen.findButton('Create contact');
    screen.type(screen.getControl('create-contact-name'), 'Ada Byron');
    screen.click(screen.getButton('Cancel'));
    await screen.findByText('Discard this contact?');
    screen.click(screen.getButton('Keep editing'));
    expect(screen.getControl('create-contact-name').props.value).toBe('Ada Byron');
    screen.click(screen.getButton('Cancel'));
    screen.click(screen.getButton('Discard'));
    await screen.findByText('Find in Atlas CRM');
    expect(screen.invokesOf('entities/create')).toHaveLength(0);

    // Nothing typed: Cancel leaves at once.
    screen.click(screen.getButton('New contact'));
    await screen.findButton('Create contact');
    screen.click(screen.getButton('Cancel'));
    await screen.findByText('Find in Atlas CRM');
  });

  it('asks before Back drops a typed comment', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    screen.click(screen.getButton('Nordgrid Energy Oy'));
    const field = await screen.waitFor(() => screen.allByType('TextArea')[0], 'the comment field');
    screen.type(field, 'Called them back about the outage.');
    screen.click(screen.getButton(/Back to/));
    await screen.findByText('Discard what you typed?');
    screen.click(screen.getButton('Keep writing'));
    expect(screen.has('Discard what you typed?')).toBe(false);
    expect(screen.allByType('TextArea')[0]?.props.value).toBe('Called them back about the outage.');
    screen.click(screen.getButton(/Back to/));
    screen.click(screen.getButton('Discard and leave'));
    await screen.findByText('Find in Atlas CRM');
    expect(screen.invokesOf('comments/add')).toHaveLength(0);
  });
});

describe('values people can tell apart and act on', () => {
  it('shows statuses as words and makes emails and phone numbers links', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(screen, 'an', 'Contacts');
    const links = screen
      .allByType('DynamicTable')
      .flatMap((table) => allByType(table, 'Link'))
      .map((link) => String(link.props.href));
    expect(links.some((href) => /^mailto:[^@\s]+@[^@\s]+$/.test(href))).toBe(true);
    expect(links.some((href) => /^tel:\+?\d+$/.test(href))).toBe(true);

    const sales = await render(world, 'issue-panel', { issueKey: 'SUP-3' });
    await searchFor(sales, 'Training', 'Sales');
    expect(sales.text()).toMatch(/Status: (Open|Won|Lost)/);
    expect(sales.text()).not.toMatch(/Status: (open|won|lost)/);
  });

  it('links https, mailto and tel only', () => {
    const website = { id: 'company-website', label: 'Website' };
    const phone = { id: 'contact-phone', label: 'Phone' };
    expect(hrefFor(website, 'https://example.com/a')).toBe('https://example.com/a');
    expect(hrefFor(website, 'http://example.com')).toBeUndefined();
    expect(hrefFor(website, 'javascript:alert(1)')).toBeUndefined();
    expect(hrefFor(website, 'ada@example.com')).toBe('mailto:ada@example.com');
    expect(hrefFor(phone, '+31 (0)20 123 4567')).toBe('tel:+31201234567');
    expect(hrefFor(website, '+31 20 123 4567')).toBeUndefined(); // not a phone field
    expect(shownAddress('https://www.example.com/', 'https://www.example.com/')).toBe(
      'example.com',
    );
    expect(shownAddress('mailto:a@b.co', 'a@b.co')).toBe('a@b.co');
    expect(formatOption('open')).toBe('Open');
    expect(formatOption('Atlas CRM Cloud')).toBe('Atlas CRM Cloud');
  });
});

describe('linked cards', () => {
  it('all read name, details, then actions, and each field is a piece that wraps whole', async () => {
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-2' });
    const cards = screen
      .allByType('Box')
      .filter((box) => allByType(box, 'Button').some((b) => textOf(b) === 'Unlink'));
    expect(cards.length).toBeGreaterThanOrEqual(2);
    for (const card of cards) {
      const stack = card.children[0] as ForgeNode;
      const parts = stack.children.map((child) => textOf(child));
      expect(parts[parts.length - 1]).toBe('Open in Atlas CRM Unlink');
      // Shown without https://www. so it fits; the link keeps the whole address.
      expect(parts[1]).toMatch(/^Website: [a-z0-9.-]+\.[a-z]+ · Industry: /);
      // The web address is one piece of the wrapping row, not text beside the next field.
      const fieldTexts = allByType(stack.children[1] as ForgeNode, 'Text');
      expect(fieldTexts.map(textOf)[0]).toMatch(/^Website: \S+$/);
      expect(String(allByType(card, 'Link')[0]?.props.href)).toMatch(/^https:\/\/www\./);
    }
  });
});

describe('records with one name', () => {
  it('shows part of the id beside each, in search results and in the linked list', async () => {
    const name = 'Quarterly renewal Zephyrine';
    for (let n = 0; n < 3; n++)
      await world.call(
        'entities/create',
        { type: 'sale', fields: { 'sale-name': name }, linkToIssue: true, allowDuplicates: true },
        { issueKey: 'SUP-4' },
      );
    const screen = await render(world, 'issue-panel', { issueKey: 'SUP-4' });
    const cards = screen
      .allByType('Box')
      .filter((box) => allByType(box, 'Button').some((b) => textOf(b) === name));
    const hints = cards.map((card) => /ID …([0-9a-f]{6})/.exec(textOf(card))?.[1]);
    expect(hints).toHaveLength(3);
    expect(new Set(hints).size).toBe(3);

    await searchFor(screen, 'Zephyrine', 'Sales');
    const details = rows(screen).map(rowDetails);
    expect(details).toHaveLength(3);
    expect(new Set(details.map((d) => /ID …([0-9a-f]{6})/.exec(d)?.[1])).size).toBe(3);
  });
});
