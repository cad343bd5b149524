// The panel of a just-created issue, opened before automatic linking ran: it says it is looking
// for the customer instead of "nothing linked", looks again quietly, and shows the links once the
// trigger (delivered by the Forge stand-in after the panel opened) has made them. Where automatic
// linking cannot come, the panel opens as always, in one call.
import '../setup/ui-bridge';
import { DEMO_CUSTOMERS, DEMO_PROJECTS } from '../../sandbox/forge-host';
import { ISSUE_CREATED } from '../../sandbox/forge-host/jira';
import { allByType, textOf } from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { ISSUE_IDS, useWorld } from './harness/world';

const LOOKING = "Looking for this issue's customer…";
const NOTHING = 'No companies, contacts or sales from Atlas CRM are linked to this issue.';
const world = useWorld();

beforeAll(async () => {
  const sup = DEMO_PROJECTS.find((project) => project.key === 'SUP')!;
  await world().call(
    'admin/autolink/save',
    { projects: [{ id: sup.id, key: sup.key, name: sup.name }] },
    { user: 'admin' },
  );
});

/** A new issue reported by Emma (a known contact), known to the harness by its key. */
function created(projectKey: string, reporter = DEMO_CUSTOMERS.emma.accountId) {
  const issue = world().host.jira.createIssue({
    projectKey,
    summary: 'Our invoice shows the wrong address',
    description: 'Please correct it.',
    reporterAccountId: reporter,
  });
  ISSUE_IDS[issue.key] = issue.id;
  return issue;
}

function linkedNames(screen: Screen): string[] {
  return screen
    .allByType('Box')
    .filter((box) => allByType(box, 'Button').some((button) => textOf(button) === 'Unlink'))
    .map((box) => textOf(allByType(box, 'Button')[0]!));
}

test('opened before the trigger ran: "Looking for this issue’s customer…", then the links', async () => {
  const issue = created('SUP');
  // Forge delivers the event a little later, as it may; the panel opens meanwhile.
  const delivered = world().host.events.deliver(ISSUE_CREATED, issue.event, { delayMs: 2000 });
  const screen = await render(world(), 'issue-panel', { issueKey: issue.key });
  await screen.findByText(LOOKING);

  await screen.waitFor(() => linkedNames(screen).length === 2, 'the links made by the trigger');
  expect(linkedNames(screen).sort()).toEqual(['Emma Meijer', 'Nordbridge Logistics LLC']);
  expect(screen.text()).toContain('Linked automatically');
  expect(screen.has(LOOKING)).toBe(false);
  expect(await delivered).toEqual([expect.objectContaining({ outcome: 'ok' })]);
  // Never a stale "nothing linked" on the way, not even before the first look.
  expect(screen.snapshots.some((s) => s.text.includes(NOTHING))).toBe(false);
  // Quiet: one opening, a few looks, never a spinner over the whole panel again.
  expect(screen.invokesOf('panel/open').length).toBeGreaterThan(1);
  expect(screen.snapshots.some((s) => s.text.includes('Loading Atlas CRM') && s.invokes > 1)).toBe(
    false,
  );
  // Settled: it stops looking.
  const looks = screen.invokesOf('panel/open').length;
  await new Promise((r) => setTimeout(r, 2500));
  expect(screen.invokesOf('panel/open')).toHaveLength(looks);
});

test('a new issue the trigger links nothing to ends with "nothing linked"', async () => {
  const issue = created('SUP', DEMO_CUSTOMERS.sam.accountId);
  const delivered = world().host.events.deliver(ISSUE_CREATED, issue.event, { delayMs: 500 });
  const screen = await render(world(), 'issue-panel', { issueKey: issue.key });
  await screen.findByText(LOOKING);
  await delivered;
  await screen.findByText(NOTHING);
  expect(screen.has(LOOKING)).toBe(false);
});

test('where automatic linking is off, the panel opens in one call and does not look again', async () => {
  const issue = created('ACC', DEMO_CUSTOMERS.emma.accountId);
  const screen = await render(world(), 'issue-panel', { issueKey: issue.key });
  await screen.findByText(NOTHING);
  await new Promise((r) => setTimeout(r, 1800));
  expect(screen.has(LOOKING)).toBe(false);
  expect(screen.invokesOf('panel/open')).toHaveLength(1);
});
