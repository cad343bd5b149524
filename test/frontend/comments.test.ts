// Comments you can see: what was posted from Jira shows under the record, newest first, with who
// wrote it, when and on which issue; rendered by @forge/react against the real resolvers.
import '../setup/ui-bridge';
import { DEMO_USERS } from '../../sandbox/forge-host';
import { LIMITS } from '../../src/shared/contract';
import { allByType, ancestors, textOf, type ForgeNode } from './harness/forge-doc';
import { createLinkedCompany } from './harness/records';
import { render, type Screen } from './harness/render';
import { startWorld, type World, type UserName } from './harness/world';

let world: World;
let name: string;
beforeAll(async () => {
  world = await startWorld();
  await world.configure();
  const found = await world.call('entities/search', { type: 'company', text: 'Nordbridge' });
  const company = found.items[0];
  if (!company) throw new Error('no company to comment on');
  name = company.name;
  await world.call('links/add', { entityId: company.id });
});
afterAll(async () => world.close());

async function openRecord(user: UserName = 'agent', record: string = name): Promise<Screen> {
  const screen = await render(world, 'issue-panel', { user });
  screen.click(screen.getButton(record));
  await screen.findByText('Comments from Jira');
  await screen.settle();
  return screen;
}

/** The comment entries under the record: who, the line beside the author, and the text. */
function entries(screen: Screen): { author: unknown; meta: string; body: string }[] {
  const heading = screen.getByText('Comments from Jira');
  const section = ancestors(screen.doc, heading)[0] as ForgeNode;
  return allByType(section, 'User').map((user) => {
    const [line, entry] = ancestors(screen.doc, user) as [ForgeNode, ForgeNode];
    const meta = textOf(line);
    return { author: user.props.accountId, meta, body: textOf(entry).slice(meta.length).trim() };
  });
}

async function post(screen: Screen, text: string): Promise<void> {
  screen.type(screen.getControl('comment'), text);
  screen.click(screen.getButton('Add comment'));
  await screen.findByText('Comment added');
}

it('shows a posted comment under the record at once, and again when the record is reopened', async () => {
  const screen = await openRecord();
  expect(screen.text()).toContain('No comments posted from Jira yet.');
  await post(screen, 'Called about the double invoice');
  await post(screen, 'Refund confirmed\nby finance');

  const shown = entries(screen);
  expect(shown).toEqual([
    {
      author: DEMO_USERS.agent.accountId,
      meta: expect.stringMatching(/^on SUP-1 · \d{1,2} \w{3} \d{4}, \d{2}:\d{2}$/),
      body: 'Refund confirmed by finance',
    },
    {
      author: DEMO_USERS.agent.accountId,
      meta: expect.stringMatching(/^on SUP-1 · /),
      body: 'Called about the double invoice',
    },
  ]);
  // Line breaks kept: one line of text each.
  expect(textOf(screen.getByText('by finance'))).toBe('by finance');
  expect(screen.has('No comments posted from Jira yet.')).toBe(false);
  // Shown from the post's answer: the record was not read again.
  expect(screen.invokesOf('entities/get')).toHaveLength(1);

  const reopened = await openRecord();
  expect(entries(reopened).map(({ author, body }) => ({ author, body }))).toEqual([
    { author: DEMO_USERS.agent.accountId, body: 'Refund confirmed by finance' },
    { author: DEMO_USERS.agent.accountId, body: 'Called about the double invoice' },
  ]);
  expect(reopened.invokesOf('entities/get')).toHaveLength(1);
});

it('a viewer sees the comments but gets no form to post', async () => {
  const screen = await openRecord('viewer');
  expect(entries(screen).map((e) => e.body)).toContain('Called about the double invoice');
  expect(screen.buttons('Add comment')).toHaveLength(0);
});

it('counts an emoji as one character, as the server does', async () => {
  const screen = await openRecord();
  const grin = '😀';
  screen.type(screen.getControl('comment'), grin.repeat(LIMITS.commentMax));
  expect(screen.text()).toContain('10,000 / 10,000');
  expect(screen.has('Comments can be at most')).toBe(false);
  expect(screen.getButton('Add comment').props.isDisabled).toBeFalsy();

  screen.type(screen.getControl('comment'), grin.repeat(LIMITS.commentMax + 1));
  expect(screen.text()).toContain('Comments can be at most 10,000 characters.');
  expect(screen.getButton('Add comment').props.isDisabled).toBe(true);
});

it('says plainly that Ctrl+Enter does not post: the text area reports no key presses', async () => {
  const screen = await openRecord();
  expect(screen.getControl('comment').props.onKeyDown).toBeUndefined();
  expect(screen.text()).toContain(
    "To post, press Add comment. Ctrl+Enter (⌘+Enter) doesn't post in Jira app panels.",
  );
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a record with more comments than one page', () => {
  const paged = 'Paged Comments Ltd';
  let pagedId: string;
  beforeAll(async () => {
    pagedId = (await createLinkedCompany(world, paged, ['SUP-1'])).id;
    for (let n = 1; n <= 23; n++) {
      await world.call('comments/add', { entityId: pagedId, comment: `Note ${n}` });
      // Each in its own millisecond: comments of one millisecond have no order of their own.
      await pause(2);
    }
    // Two people posting at once: both stay.
    await Promise.all([
      world.call('comments/add', { entityId: pagedId, comment: 'Agent, same moment' }),
      world.call(
        'comments/add',
        { entityId: pagedId, comment: 'Admin, same moment' },
        { user: 'admin' },
      ),
    ]);
  });

  const bodies = (screen: Screen) => entries(screen).map((entry) => entry.body);
  const notes = (from: number, to: number) =>
    Array.from({ length: from - to + 1 }, (_, i) => `Note ${from - i}`);

  it('shows the newest 20, and "Show older comments" adds the next page below them', async () => {
    const screen = await openRecord('agent', paged);
    const first = bodies(screen);
    expect(first).toHaveLength(20);
    expect(first.slice(0, 2).sort()).toEqual(['Admin, same moment', 'Agent, same moment']);
    expect(first.slice(2)).toEqual(notes(23, 6));

    screen.click(screen.getButton('Show older comments'));
    await screen.findByText(/^Note 1$/);
    await screen.settle();
    expect(bodies(screen).slice(20)).toEqual(notes(5, 1));
    expect(screen.buttons('Show older comments')).toHaveLength(0);
    // One call for the page: the details were not read again.
    expect(screen.invokesOf('comments/older')).toHaveLength(1);
    expect(screen.invokesOf('entities/get')).toHaveLength(1);
  });

  it("keeps the comments' own order whatever order the store lists them in", async () => {
    const shown: string[][] = [];
    for (const seed of ['one order', 'another order']) {
      world.host.kvs.setQuerySeed(seed);
      const screen = await openRecord('viewer', paged);
      screen.click(screen.getButton('Show older comments'));
      await screen.findByText(/^Note 1$/);
      await screen.settle();
      shown.push(bodies(screen));
    }
    expect(shown[1]).toEqual(shown[0]);
    expect(shown[0]?.slice(2)).toEqual(notes(23, 1));
  });

  it('a comment posted here shows on top, and once, when older ones are added', async () => {
    const screen = await openRecord('agent', paged);
    await post(screen, 'Fresh from the panel');
    screen.click(screen.getButton('Show older comments'));
    await screen.findByText(/^Note 1$/);
    await screen.settle();
    const shown = bodies(screen);
    expect(shown[0]).toBe('Fresh from the panel');
    expect(shown.filter((body) => body === 'Fresh from the panel')).toHaveLength(1);
    expect(shown.slice(-5)).toEqual(notes(5, 1));
  });
});

describe('comments written on an issue the reader may not browse', () => {
  it('are counted under the record, with neither their text nor their issue', async () => {
    const { admin } = DEMO_USERS;
    const guarded = await createLinkedCompany(world, 'Guarded Comments BV', ['SUP-1', 'SUP-5']);
    world.host.jira.setIssueSecurity('SUP-5', { level: 'Board', accountIds: [admin.accountId] });
    try {
      await world.call('comments/add', { entityId: guarded.id, comment: 'Said on SUP-1' });
      for (const comment of ['Board only, first', 'Board only, second'])
        await world.call(
          'comments/add',
          { entityId: guarded.id, comment },
          { user: 'admin', issueKey: 'SUP-5' },
        );
      const viewer = await openRecord('viewer', guarded.name);
      expect(entries(viewer).map((entry) => entry.body)).toEqual(['Said on SUP-1']);
      expect(viewer.text()).toContain("2 comments on issues you can't see");
      expect(viewer.text()).not.toContain('Board only');
      expect(viewer.text()).not.toContain('on SUP-5');

      const asAdmin = await openRecord('admin', guarded.name);
      expect(entries(asAdmin).map((entry) => entry.meta.slice(0, 8))).toEqual([
        'on SUP-5',
        'on SUP-5',
        'on SUP-1',
      ]);
      expect(asAdmin.text()).not.toContain("can't see");
    } finally {
      world.host.jira.setIssueSecurity('SUP-5', undefined);
    }
  });
});
