// "Issues linked to this record" in a record's details: loaded on its own call after the details
// painted, newest update first with links to the issues, paged with "Show more", the same search
// in Jira's issue navigator, and plain words when there are none or Jira fails.
import '../setup/ui-bridge';
import { allByType, textOf, type ForgeNode } from './harness/forge-doc';
import { failJiraWhen } from './harness/jira-faults';
import { createLinkedCompany } from './harness/records';
import { render, type Screen } from './harness/render';
import { ISSUE_IDS, useWorld } from './harness/world';

const world = useWorld();
afterEach(() => jest.restoreAllMocks());

const SECTION = 'Issues linked to this record';
let seq = 0;

/** A new company linked to these issues, through the real resolvers. */
const linkedCompany = (...issueKeys: [string, ...string[]]) =>
  createLinkedCompany(world(), `Linked Issues ${++seq} GmbH`, issueKeys);

/**
 * `count` new issues SUP-`from`.. in Jira, each linked to the same records as `issueKey` (its
 * search index and the app's link record).
 */
function addIssuesLinkedLike(
  issueKey: string,
  from: number,
  count: number,
  issue: (n: number) => { summary: string; status?: string },
): void {
  const { jira, kvs } = world().host;
  const index = jira.getProperty(issueKey, 'atlas-crm-links');
  const record = kvs.peekEntity('issue-links', ISSUE_IDS[issueKey] as string);
  for (let n = 0; n < count; n += 1) {
    const id = String(20_000 + from + n);
    jira.addIssue({ id, key: `SUP-${from + n}`, description: '', ...issue(n) });
    jira.setProperty(id, 'atlas-crm-links', index);
    kvs.seedEntity('issue-links', id, record as Record<string, unknown>);
  }
}

async function openRecord(issueKey: string, name: string): Promise<Screen> {
  const screen = await render(world(), 'issue-panel', { issueKey });
  screen.click(await screen.findButton(name));
  await screen.findByText(SECTION);
  return screen;
}

/** The section from its heading to the end of its stack. */
function section(screen: Screen): ForgeNode {
  const stack = screen
    .allByType('Stack')
    .find((s) => s.children.some((c) => c.type === 'Heading' && textOf(c) === SECTION));
  if (!stack) throw new Error(`no section\n--- screen ---\n${screen.text()}`);
  return stack;
}

function issueLinks(screen: Screen): { text: string; href: unknown }[] {
  return allByType(section(screen), 'Link').map((l) => ({ text: textOf(l), href: l.props.href }));
}

async function loaded(screen: Screen): Promise<void> {
  await screen.waitFor(() => !screen.has('Loading issues from Jira'), 'the issues');
  await screen.settle();
}

describe("a record's issues", () => {
  it('shows them after the details, newest update first, each a link to the issue', async () => {
    const company = await linkedCompany('SUP-1', 'SUP-3');
    const screen = await openRecord('SUP-1', company.name);
    await loaded(screen);
    // The details were on screen before the issues were asked for.
    const painted = screen.snapshots.find((s) => s.text.includes(`Related (`));
    const asked = screen.invokes.findIndex((i) => i.functionKey === 'issues/linked');
    expect(painted && painted.invokes).toBeLessThanOrEqual(asked);
    expect(screen.snapshots.some((s) => s.text.includes('Loading issues from Jira'))).toBe(true);

    expect(issueLinks(screen)).toEqual([
      { text: 'SUP-3', href: '/browse/SUP-3' },
      { text: 'SUP-1', href: '/browse/SUP-1' },
      {
        text: "Open in Jira's issue search",
        href: `/issues/?jql=${encodeURIComponent(`crmEntityId = "${company.id}" ORDER BY updated DESC`)}`,
      },
    ]);
    const text = textOf(section(screen));
    expect(text).toContain('Request to upgrade Bluepeak Energy SAS to the Enterprise plan');
    expect(text).toMatch(
      /SUP-1 Invoice INV-2291 charged twice for Nordbridge Logistics LLC This issue/,
    );
    expect(text).toMatch(/Open Updated \S.*20\d\d/);
    const statuses = allByType(section(screen), 'Lozenge').filter((l) => textOf(l) === 'Open');
    expect(statuses.map((l) => l.props.appearance)).toEqual(['default', 'default']);
    expect(screen.buttons('Show more')).toEqual([]);
  });

  it('pages with Show more until the last page', async () => {
    const company = await linkedCompany('SUP-2');
    addIssuesLinkedLike('SUP-2', 400, 12, (n) => ({
      summary: `Follow-up ${n}`,
      status: n === 11 ? 'Done' : 'In Progress',
    }));
    const screen = await openRecord('SUP-2', company.name);
    await loaded(screen);
    const keys = () => issueLinks(screen).filter((l) => /^SUP-/.test(l.text));
    expect(keys()).toHaveLength(10);
    expect(keys()[0]).toEqual({ text: 'SUP-411', href: '/browse/SUP-411' });
    const done = allByType(section(screen), 'Lozenge').find((l) => textOf(l) === 'Done');
    expect(done?.props.appearance).toBe('success');
    expect(
      allByType(section(screen), 'Lozenge').find((l) => textOf(l) === 'In Progress')?.props
        .appearance,
    ).toBe('inprogress');

    screen.click(screen.getButton('Show more'));
    await screen.waitFor(() => keys().length === 13 || undefined, 'the second page');
    await screen.settle();
    expect(
      keys()
        .map((k) => k.text)
        .slice(-1),
    ).toEqual(['SUP-2']);
    expect(screen.buttons('Show more')).toEqual([]);
    expect(screen.invokesOf('issues/linked')).toHaveLength(2);
  });

  it('says so when Jira has none the viewer can see', async () => {
    const company = await linkedCompany('SUP-4');
    const screen = await render(world(), 'issue-panel', { issueKey: 'SUP-4' });
    await screen.findButton(company.name);
    await screen.settle();
    // Unlinked from this issue in another tab meanwhile: no issue the agent can see has it.
    await world().call('links/remove', { entityId: company.id }, { issueKey: 'SUP-4' });
    screen.click(screen.getButton(company.name));
    await screen.findByText(SECTION);
    await loaded(screen);
    expect(textOf(section(screen))).toContain(
      'No issues you can see in Jira are linked to this record.',
    );
    expect(issueLinks(screen)).toEqual([]);
  });

  it('says in plain words when Jira does not answer, and Retry asks again', async () => {
    const company = await linkedCompany('SUP-5');
    const failing = failJiraWhen(
      world(),
      (req) => req.path.startsWith('/rest/api/3/search/jql'),
      503,
      'Service Unavailable',
    );
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const screen = await openRecord('SUP-5', company.name);
    await screen.findByText('Could not list the issues');
    expect(textOf(section(screen))).toContain(
      'Jira did not answer the search for issues linked to this record. Try again in a moment.',
    );
    // The details are there all the same.
    expect(screen.has('Related (')).toBe(true);
    failing.mockRestore();
    screen.click(screen.getButton('Retry', section(screen)));
    await screen.findByText('Update billing address for Ironbridge Robotics LLC');
    expect(screen.has('Could not list the issues')).toBe(false);
  });

  it('offers to load the list again when Jira no longer knows the next page', async () => {
    const company = await linkedCompany('SUP-6');
    addIssuesLinkedLike('SUP-6', 500, 11, (n) => ({ summary: `Reminder ${n}` }));
    const screen = await openRecord('SUP-6', company.name);
    await loaded(screen);
    // The token expired while the record stayed open: Jira refuses it.
    const expired = failJiraWhen(
      world(),
      (req) => req.path.startsWith('/rest/api/3/search/jql') && req.body.includes('nextPageToken'),
      400,
      'The token has expired.',
    );
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    screen.click(screen.getButton('Show more'));
    await screen.findByText('Could not show more issues');
    expect(textOf(section(screen))).toContain('Jira no longer has the next page of this list');
    expect(screen.buttons('Show more')).toEqual([]);
    expired.mockRestore();
    screen.click(screen.getButton('Load the list again'));
    await screen.waitFor(() => !screen.has('Could not show more issues'), 'the error to go');
    await screen.settle();
    screen.click(await screen.findButton('Show more'));
    await screen.findByText('SUP-6');
    expect(screen.invokesOf('issues/linked')).toHaveLength(4);
  });
});

describe("a record's issues beside its fields", () => {
  it("say when they were updated in the style of the record's own dates", async () => {
    const company = await linkedCompany('SUP-1');
    const screen = await openRecord('SUP-1', company.name);
    await loaded(screen);
    // The viewer's locale is en-US ("Feb 27, 2026, 02:30 AM" in its own style); the record's date
    // fields read "18 Oct 1998" and the admin page "30 Nov 2026, 17:00": one view, one style.
    const updated = allByType(section(screen), 'Text')
      .map(textOf)
      .filter((text) => text.startsWith('Updated '));
    expect(updated).toEqual(['Updated 27 Feb 2026, 02:30']);
  });
});
