// "Suggested for this issue" in the issue panel: the rendered UI Kit app against the real
// resolvers, the Jira stand-in's demo issues (their reporters, participants and text) and the
// Atlas CRM simulator. Each test works on its own demo issue.
import '../setup/ui-bridge';
import { DEMO_CUSTOMERS, DEMO_PROJECTS, DEMO_USERS } from '../../sandbox/forge-host';
import { allByType, rowName, tableRows, textOf, type ForgeNode } from './harness/forge-doc';
import { render, type RenderOptions, type Screen } from './harness/render';
import { ISSUE_IDS, startWorld, type World } from './harness/world';

const TITLE = 'Suggested for this issue';
const EMMA_REASON = 'The reporter, emma.meijer@nordbridgelogistics.co.uk, is this contact';
const LOOKING = 'Looking for customers this issue names…';

let world: World;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
});
afterAll(async () => world.close());

/** The section under its heading. */
function section(screen: Screen): ForgeNode | undefined {
  return screen
    .allByType('Stack')
    .find((stack) =>
      stack.children.some((child) => child.type === 'Heading' && textOf(child) === TITLE),
    );
}

/** The card in one place of the section (a live region holding a card, or a dismissed line). */
function cardIn(place: ForgeNode): ForgeNode | undefined {
  return allByType(place, 'Box').find((box) => box !== place);
}

/** The cards under the heading, top to bottom. */
function cards(screen: Screen): ForgeNode[] {
  const found = section(screen);
  return (found?.children ?? []).flatMap((child) => {
    const card = child.type === 'Box' ? cardIn(child) : undefined;
    return card ? [card] : [];
  });
}

/** The card of a suggested record, found by the name on it. */
function suggestion(screen: Screen, name: string): ForgeNode | undefined {
  return cards(screen).find((card) =>
    allByType(card, 'Button').some((button) => textOf(button) === name),
  );
}

function suggestedNames(screen: Screen): string[] {
  return cards(screen).map((card) => textOf(allByType(card, 'Button')[0] as ForgeNode));
}

/** What each place under the heading shows, top to bottom: a card's name or a line's text. */
function places(screen: Screen): string[] {
  const found = section(screen);
  return (found?.children ?? []).slice(1).map((child) => {
    const card = child.type === 'Box' ? cardIn(child) : undefined;
    return card ? textOf(allByType(card, 'Button')[0] as ForgeNode) : textOf(child);
  });
}

/** A new service desk issue of the demo site (not announced: nothing is linked automatically). */
function newIssue(reporterAccountId: string, participantAccountIds: string[] = []): string {
  const created = world.host.jira.createIssue({
    projectKey: 'SUP',
    summary: 'The printer on the third floor jams',
    description: 'Paper tray 2, since Monday.',
    reporterAccountId,
    participantAccountIds,
  });
  ISSUE_IDS[created.key] = created.id; // the harness opens issues it knows by key
  return created.key;
}

/** A card in the linked list: it has Unlink. */
function linkedCard(screen: Screen, name: string): ForgeNode | undefined {
  return screen
    .allByType('Box')
    .find(
      (box) =>
        allByType(box, 'Button').some((button) => textOf(button) === name) &&
        allByType(box, 'Button').some((button) => textOf(button) === 'Unlink'),
    );
}

/** The panel once its suggestions have answered (or, for those who may not search, opened). */
async function openPanel(issueKey: string, opts: RenderOptions = {}): Promise<Screen> {
  const screen = await render(world, 'issue-panel', { issueKey, ...opts });
  await screen.waitFor(
    () => (opts.user === 'viewer' ? true : screen.invokesOf('suggestions/list')[0]?.done),
    'the suggestions',
  );
  await screen.settle();
  return screen;
}

describe('suggestions', () => {
  it('shows the reporter who is a contact with the reason, after the panel painted', async () => {
    const screen = await openPanel('SUP-1');
    // Painted from the one opening call; suggestions were asked for afterwards, once, and shown
    // below the linked records, which never move when they arrive.
    const withList = screen.snapshots.filter((s) => s.text.includes('Find in Atlas CRM'));
    expect(withList[0]?.invokes).toBe(1);
    expect(withList[0]?.text).toContain(`${TITLE} Loading suggestions ${LOOKING}`);
    expect(withList.every((s) => s.text.includes(TITLE))).toBe(true);
    expect(screen.text()).not.toContain(LOOKING);
    expect(screen.invokes[0]?.functionKey).toBe('panel/open');
    expect(screen.invokesOf('suggestions/list')).toHaveLength(1);

    const emma = suggestion(screen, 'Emma Meijer');
    expect(emma && textOf(emma)).toContain(EMMA_REASON);
    expect(emma && textOf(emma)).toMatch(/^Contact Emma Meijer /);
    expect(emma && textOf(emma)).toContain('emma.meijer@nordbridgelogistics.co.uk');
    expect(screen.buttons('Link', emma)).toHaveLength(1);
    expect(screen.buttons('Dismiss', emma)).toHaveLength(1);
    // Her company is suggested too, with a reason of its own.
    const company = suggestion(screen, 'Nordbridge Logistics LLC');
    expect(company && textOf(company)).toMatch(/^Company Nordbridge Logistics LLC /);

    // Under the search box and the linked list: nothing that arrives later is above the list.
    const text = screen.text();
    expect(text.indexOf('Find in Atlas CRM')).toBeLessThan(text.indexOf('Linked to this issue'));
    expect(text.indexOf('Linked to this issue')).toBeLessThan(text.indexOf(TITLE));
  });

  it('Link puts the record in the linked list and out of the suggestions, moving no card', async () => {
    const screen = await openPanel('SUP-6');
    const names = suggestedNames(screen);
    expect(names).toContain('Lotte Dubois');
    const card = suggestion(screen, 'Lotte Dubois') as ForgeNode;
    // A double click: one link.
    const link = screen.getButton('Link', card);
    screen.click(link);
    (link.props.onClick as (e: unknown) => void)({ type: 'click' });
    await screen.findByText('Lotte Dubois is linked to this issue.');
    await screen.settle();
    expect(screen.invokesOf('links/add').map((i) => i.payload)).toHaveLength(1);
    expect(screen.text()).toContain('Contacts (1)');
    expect(linkedCard(screen, 'Lotte Dubois')).toBeDefined();
    // The card stays in its place, saying Linked: the next one does not move up into its place.
    expect(suggestedNames(screen)).toEqual(names);
    const after = suggestion(screen, 'Lotte Dubois') as ForgeNode;
    expect(textOf(after)).toMatch(/Linked$/);
    expect(screen.buttons(/^(Link|Dismiss)$/, after)).toHaveLength(0);
    // Its Link is gone: the focus goes to its name, in the same card.
    expect(screen.getButton('Lotte Dubois', after).props.autoFocus).toBe(true);
    // The success message is above the linked list, where the record now is.
    expect(screen.text().indexOf('is linked to this issue.')).toBeLessThan(
      screen.text().indexOf('Linked to this issue'),
    );

    // Opened again: linked, and no longer suggested.
    const again = await openPanel('SUP-6');
    expect(linkedCard(again, 'Lotte Dubois')).toBeDefined();
    expect(suggestedNames(again)).not.toContain('Lotte Dubois');
  });

  it('a record unlinked again is suggested again, without the section collapsing meanwhile', async () => {
    const key = newIssue(DEMO_CUSTOMERS.lotteSmith.accountId);
    const screen = await openPanel(key);
    screen.click(screen.getButton('Link', suggestion(screen, 'Lotte Smith') as ForgeNode));
    await screen.findByText('Lotte Smith is linked to this issue.');
    await screen.settle();
    const asked = screen.invokesOf('suggestions/list').length;

    const card = () => linkedCard(screen, 'Lotte Smith') as ForgeNode;
    screen.click(screen.getButton('Unlink', card()));
    screen.click(screen.getButton('Confirm unlink', card()));
    await screen.waitFor(() => !linkedCard(screen, 'Lotte Smith'), 'the unlink');
    await screen.waitFor(
      () =>
        suggestion(screen, 'Lotte Smith') &&
        screen.buttons('Link', suggestion(screen, 'Lotte Smith')).length === 1,
      'the reporter suggested again',
    );
    expect(screen.invokesOf('suggestions/list')).toHaveLength(asked + 1);
    expect(screen.snapshots.slice(-5).every((s) => !s.text.includes(LOOKING))).toBe(true);
  });

  it('links one record at a time: the other Links wait until the first has answered', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ctx = world.invocationContext({
      user: 'agent',
      module: 'issue-panel',
      issueKey: 'SUP-1',
    });
    const screen = await openPanel('SUP-1', {
      invokeOverride: (key, payload) =>
        key === 'links/add'
          ? held.then(() => world.host.invoke(world.handler, key, payload, ctx))
          : undefined,
    });
    const company = () => suggestion(screen, 'Nordbridge Logistics LLC');
    screen.click(screen.getButton('Link', suggestion(screen, 'Emma Meijer')));
    await screen.waitFor(
      () => screen.getButton('Link', company()).props.isDisabled === true,
      'the other Link to wait',
    );
    expect(() => screen.click(screen.getButton('Link', company()))).toThrow(/disabled/);
    release();
    await screen.findByText('Emma Meijer is linked to this issue.');
    await screen.settle();
    expect(screen.getButton('Link', company()).props.isDisabled).toBe(false);
    expect(screen.invokesOf('links/add')).toHaveLength(1);
  });

  it("opens a suggested record's details and comes back to the same suggestions", async () => {
    const screen = await openPanel('SUP-3');
    const anna = suggestion(screen, 'Anna Tanaka') as ForgeNode;
    expect(textOf(anna)).toContain('anna.tanaka@bluepeakenergy.com');
    screen.click(screen.getButton('Anna Tanaka', anna));
    await screen.findByText('Related (');
    screen.click(screen.getButton(/Back to suggestions/));
    await screen.waitFor(() => suggestion(screen, 'Anna Tanaka'), 'the suggestions again');
    await screen.settle();
    expect(screen.invokesOf('suggestions/list')).toHaveLength(1); // not asked again
  });

  it('a record linked from the search leaves the suggestions at once', async () => {
    const screen = await openPanel('SUP-5');
    expect(suggestedNames(screen)).toContain('Hana Novak');
    screen.select(screen.getControl('search-type'), 'Contacts');
    screen.type(screen.getControl('search-text'), 'hana.novak@ironbridgerobotics.nl');
    const cells = await screen.waitFor(() => {
      const table = screen.allByType('DynamicTable')[0];
      return table && tableRows(table)[0];
    }, 'the search result');
    expect(rowName(cells)).toBe('Hana Novak');
    screen.click(screen.getButton('Link', cells[1]));
    await screen.findByText('Hana Novak is linked to this issue.');
    await screen.settle();
    expect(suggestedNames(screen)).not.toContain('Hana Novak');
    expect(linkedCard(screen, 'Hana Novak')).toBeDefined();
  });

  it('Dismiss puts a line with Undo in its place at once, and it stays dismissed', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ctx = world.invocationContext({
      user: 'agent',
      module: 'issue-panel',
      issueKey: 'SUP-2',
    });
    const screen = await openPanel('SUP-2', {
      // A slow bridge: the answer comes only when the test says so.
      invokeOverride: (key, payload) =>
        key === 'suggestions/dismiss'
          ? held.then(() => world.host.invoke(world.handler, key, payload, ctx))
          : undefined,
    });
    const card = suggestion(screen, 'Lotte Smith');
    expect(card && textOf(card)).toContain('lotte.smith@bluelinesoftware.co.uk');
    const before = places(screen);
    const line = "Lotte Smith won't be suggested on this issue again. Undo";
    screen.click(screen.getButton('Dismiss', card));
    await screen.waitFor(() => !suggestion(screen, 'Lotte Smith'), 'the card to go');
    // In the card's place, and the other places unchanged.
    expect(places(screen)).toEqual(before.map((place) => (place === 'Lotte Smith' ? line : place)));
    expect(screen.invokesOf('suggestions/dismiss')[0]?.done).toBe(false);
    release();
    await screen.settle();
    expect(suggestion(screen, 'Lotte Smith')).toBeUndefined();
    expect(screen.text()).toContain(line);
    expect(screen.text()).not.toContain('Could not dismiss');

    const again = await openPanel('SUP-2');
    expect(suggestedNames(again)).not.toContain('Lotte Smith');
    expect(again.text()).not.toContain("won't be suggested");
    expect(linkedCard(again, 'Lotte Smith')).toBeUndefined(); // dismissed is not linked
  });

  it('a record dismissed before this visit leaves a line that suggests it again', async () => {
    const issueKey = newIssue(DEMO_CUSTOMERS.lotteDubois.accountId);
    const first = await openPanel(issueKey);
    first.click(first.getButton('Dismiss', suggestion(first, 'Lotte Dubois') as ForgeNode));
    await first.waitFor(() => first.invokesOf('suggestions/dismiss')[0]?.done, 'the dismissal');

    const again = await openPanel(issueKey);
    expect(suggestedNames(again)).not.toContain('Lotte Dubois');
    expect(again.text()).toContain('1 record was dismissed on this issue. Suggest again');
    again.click(again.getButton('Suggest again'));
    await again.waitFor(() => suggestion(again, 'Lotte Dubois'), 'the card back');
    expect(again.text()).not.toContain('was dismissed on this issue');
  });

  it('Undo brings the card back where it was, and it is suggested again next time', async () => {
    const issueKey = newIssue(DEMO_CUSTOMERS.emma.accountId, [DEMO_CUSTOMERS.hana.accountId]);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const ctx = world.invocationContext({ user: 'agent', module: 'issue-panel', issueKey });
    const screen = await openPanel(issueKey, {
      invokeOverride: (key, payload) =>
        key === 'suggestions/dismiss'
          ? held.then(() => world.host.invoke(world.handler, key, payload, ctx))
          : undefined,
    });
    const before = places(screen);
    expect(before).toEqual(expect.arrayContaining(['Emma Meijer', 'Hana Novak']));
    screen.click(screen.getButton('Dismiss', suggestion(screen, 'Emma Meijer')));
    await screen.findByText("Emma Meijer won't be suggested on this issue again.");

    // Undo at once: it goes to Jira only after the dismissal it undoes has answered.
    screen.click(screen.getButton('Undo'));
    await screen.waitFor(() => screen.getButton('Undo').props.isLoading, 'Undo to be on its way');
    expect(screen.invokesOf('suggestions/restore')).toEqual([]);
    release();
    const emma = await screen.waitFor(() => suggestion(screen, 'Emma Meijer'), 'the card again');
    await screen.settle();
    expect(places(screen)).toEqual(before);
    expect(textOf(emma)).toContain(EMMA_REASON);
    expect(screen.buttons('Dismiss', emma)).toHaveLength(1);
    // The record Dismiss named, and only it.
    expect(screen.invokesOf('suggestions/restore').map((i) => i.payload)).toEqual(
      screen.invokesOf('suggestions/dismiss').map((i) => i.payload),
    );

    const again = await openPanel(issueKey);
    expect(suggestedNames(again)).toEqual(suggestedNames(screen));
  });

  it('an Undo that fails keeps the line and says so; Retry brings the card back', async () => {
    const issueKey = newIssue(DEMO_CUSTOMERS.anna.accountId);
    let bridgeDown = true;
    const screen = await openPanel(issueKey, {
      invokeOverride: (key) =>
        key === 'suggestions/restore' && bridgeDown
          ? Promise.reject(new Error('network down'))
          : undefined,
    });
    screen.click(screen.getButton('Dismiss', suggestion(screen, 'Anna Tanaka')));
    await screen.findByText("Anna Tanaka won't be suggested on this issue again.");
    await screen.settle();
    screen.click(screen.getButton('Undo'));
    await screen.findByText('Could not bring back Anna Tanaka');
    expect(screen.text()).toContain("Anna Tanaka won't be suggested on this issue again.");

    bridgeDown = false;
    screen.click(screen.getButton('Retry'));
    await screen.waitFor(() => suggestion(screen, 'Anna Tanaka'), 'the card again');
    await screen.settle();
    expect(screen.text()).not.toContain('Could not bring back');
    expect(screen.text()).not.toContain("won't be suggested");
  });

  it('a dismissal Jira cannot remember (the issue has 100) keeps the card and says why', async () => {
    const issueKey = newIssue(DEMO_CUSTOMERS.lotteSmith.accountId);
    for (let n = 0; n < 100; n += 1)
      await world.call('suggestions/dismiss', { entityId: `dismissed-before-${n}` }, { issueKey });
    const screen = await openPanel(issueKey);
    screen.click(screen.getButton('Dismiss', suggestion(screen, 'Lotte Smith')));
    await screen.findByText('Could not dismiss Lotte Smith');
    await screen.settle();
    expect(screen.text()).toContain(
      'This issue already has 100 dismissed suggestions, so no more are remembered.',
    );
    expect(suggestion(screen, 'Lotte Smith')).toBeDefined();
    expect(screen.text()).not.toContain("won't be suggested");
    // Trying again cannot help: no Retry.
    expect(screen.buttons('Retry')).toEqual([]);
  });

  it('a dismiss that fails brings the card back and says so; Retry dismisses it', async () => {
    let bridgeDown = true;
    const screen = await openPanel('SUP-5', {
      invokeOverride: (key) =>
        key === 'suggestions/dismiss' && bridgeDown
          ? Promise.reject(new Error('network down'))
          : undefined,
    });
    const name = suggestedNames(screen)[0] as string;
    screen.click(screen.getButton('Dismiss', suggestion(screen, name)));
    await screen.findByText(`Could not dismiss ${name}`);
    expect(suggestion(screen, name)).toBeDefined();
    expect(screen.text()).toContain('Jira could not reach the Atlas CRM app');

    bridgeDown = false;
    screen.click(screen.getButton('Retry'));
    await screen.waitFor(() => !suggestion(screen, name), 'the card to go');
    await screen.settle();
    expect(screen.text()).not.toContain('Could not dismiss');
  });

  it('says when Jira hides the reporter email, and finds the reporter by name instead', async () => {
    const screen = await openPanel('SUP-4');
    const found = section(screen);
    expect(found && textOf(found)).toMatch(/hides the reporter's email address/);
    expect(found && textOf(found)).not.toContain('No suggestions for this issue.');
    // His display name is exactly one contact's: suggested, and the reason says how.
    expect(suggestedNames(screen)).toContain('Daan Müller');
    expect(found && textOf(found)).toContain("The reporter, Daan Müller, has this contact's name");
  });

  it('says quietly when nothing is found, where it said it was looking', async () => {
    const screen = await openPanel(newIssue(DEMO_USERS.agent.accountId));
    const found = section(screen);
    expect(found && textOf(found)).toBe(`${TITLE} No suggestions for this issue.`);
    const withList = screen.snapshots.filter((s) => s.text.includes('No companies, contacts'));
    expect(withList[0]?.text).toContain(LOOKING);
    expect(withList.every((s) => s.text.includes(TITLE))).toBe(true);
  });

  it('a viewer sees no suggestions and none are asked for', async () => {
    const screen = await openPanel('SUP-1', { user: 'viewer' });
    expect(screen.text()).toContain('Linked to this issue');
    expect(section(screen)).toBeUndefined();
    expect(screen.invokesOf('suggestions/list')).toHaveLength(0);
  });
});

describe('when suggestions cannot be read', () => {
  beforeEach(() => {
    jest.spyOn(console, 'warn').mockImplementation(() => undefined); // the backend logs failures
  });
  afterEach(() => {
    world.sim.control.clearFaults();
    jest.restoreAllMocks();
  });

  it('says so in plain words with Retry, as the rest of the panel does', async () => {
    await openPanel('SUP-3'); // the templates are cached: the panel opens without Atlas CRM
    world.sim.control.setFaults({ errorRate: 1 });
    const screen = await openPanel('SUP-3');
    const found = section(screen);
    expect(found && textOf(found)).toContain('Suggestions could not be loaded');
    expect(found && textOf(found)).toContain('Atlas CRM is not responding right now.');
    expect(screen.buttons('Try again')).toEqual([]);
    expect(screen.text()).toContain('Find in Atlas CRM');

    world.sim.control.clearFaults();
    screen.click(screen.getButton('Retry', found));
    const anna = await screen.waitFor(() => suggestion(screen, 'Anna Tanaka'), 'Anna Tanaka');
    expect(textOf(anna)).toContain('anna.tanaka@bluepeakenergy.com');
    expect(screen.text()).not.toContain('could not be loaded');
  });
});

describe('a record the app linked when the issue was created', () => {
  it('says "Linked automatically" with the reason, and is not suggested', async () => {
    const sup = DEMO_PROJECTS.find((project) => project.key === 'SUP') as (typeof DEMO_PROJECTS)[0];
    await world.call(
      'admin/autolink/save',
      { projects: [{ id: sup.id, key: sup.key, name: sup.name }] },
      { user: 'admin' },
    );
    const created = world.host.jira.createIssue({
      projectKey: 'SUP',
      summary: 'Where is our credit note?',
      description: 'Please send it again.',
      reporterAccountId: DEMO_CUSTOMERS.emma.accountId,
    });
    await world.host.fireEvent('avi:jira:created:issue', created.event);
    ISSUE_IDS[created.key] = created.id; // the harness opens issues it knows by key

    const screen = await openPanel(created.key);
    const emma = linkedCard(screen, 'Emma Meijer');
    expect(emma && textOf(emma)).toContain(`Linked automatically ${EMMA_REASON}`);
    expect(suggestedNames(screen)).not.toContain('Emma Meijer');
  });
});
