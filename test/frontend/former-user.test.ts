// The personal data report as a closed account meets it: the scheduled trigger reports every
// stored account id, erases the closed one from the link records and the comment log (through
// the app's own write paths), and the panel then names its comment "Former user". Everything
// else stays as it was.
import '../setup/ui-bridge';
import { DEMO_USERS } from '../../sandbox/forge-host';
import { FORMER_USER } from '../../src/shared/privacy';
import { allByType, ancestors, textOf, type ForgeNode } from './harness/forge-doc';
import { render, type Screen } from './harness/render';
import { useWorld } from './harness/world';

const TRIGGER = 'atlas-crm-personal-data';
const AGENT = DEMO_USERS.agent.accountId;
const ADMIN = DEMO_USERS.admin.accountId;

const world = useWorld();
let company: { id: string; name: string };

beforeAll(async () => {
  const w = world();
  const found = await w.call('entities/search', { type: 'company', text: 'Nordbridge' });
  const [first] = found.items;
  const others = await w.call('entities/search', { type: 'contact' });
  const [contact] = others.items;
  if (!first || !contact) throw new Error('no demo records to link');
  company = first;
  // The agent links and comments on SUP-1; the admin comments there and links on SUP-2.
  await w.call('links/add', { entityId: company.id }, { user: 'agent' });
  await w.call('comments/add', { entityId: company.id, comment: 'Called about the invoice' });
  await w.call(
    'comments/add',
    { entityId: company.id, comment: 'Refund approved' },
    { user: 'admin' },
  );
  await w.call('links/add', { entityId: contact.id }, { user: 'admin', issueKey: 'SUP-2' });
});

function stored(issueId: string): { rev: number; record: { us: string[] } } {
  return world().host.kvs.peekEntity('issue-links', issueId) as {
    rev: number;
    record: { us: string[] };
  };
}

/** Each comment under the record: its author as shown (a User's account id or the text). */
function authors(screen: Screen): unknown[] {
  const heading = screen.getByText('Comments from Jira');
  const section = ancestors(screen.doc, heading)[0] as ForgeNode;
  return allByType(section, 'Inline')
    .filter((line) => textOf(line).includes(' · '))
    .map((line) => {
      const [user] = allByType(line, 'User');
      return user ? user.props.accountId : textOf(line).split('on SUP-')[0]?.trim();
    });
}

it('reports every stored account id, erases the closed one everywhere, and leaves the rest', async () => {
  const w = world();
  expect(stored('10001').record.us).toEqual([AGENT]);
  const other = stored('10002');
  w.host.privacy.markClosed(AGENT);

  const run = await w.host.runScheduledTrigger(TRIGGER);
  expect(run).toMatchObject({ outcome: 'ok' });

  // Every stored id, once, as the app's own account ids: never its markers.
  const calls = w.host.privacy.calls();
  const reported = calls.flatMap((call) => call.accounts.map((account) => account.accountId));
  expect(reported.sort()).toEqual([ADMIN, AGENT].sort());
  for (const call of calls) {
    expect(call.accounts.length).toBeLessThanOrEqual(90);
    for (const account of call.accounts)
      expect(Date.parse(account.updatedAt)).toBeLessThanOrEqual(Date.now());
  }

  // Erased from the record (an edit through changeLinks: a new revision) and from the log.
  expect(stored('10001').record.us).toEqual([FORMER_USER]);
  expect(stored('10002')).toEqual(other);
  // Nothing the app stores names the closed account any more, the report's own lists included.
  expect(JSON.stringify(w.host.kvs.snapshot())).not.toContain(AGENT);
  expect(JSON.stringify(w.host.kvs.snapshot())).toContain(ADMIN);
});

it('shows the closed account\'s comment as "Former user", and the others\' authors as before', async () => {
  const screen = await render(world(), 'issue-panel', { user: 'admin' });
  screen.click(screen.getButton(company.name));
  await screen.findByText('Comments from Jira');
  await screen.settle();
  expect(authors(screen)).toEqual([ADMIN, 'Former user']);
  expect(screen.text()).toContain('Called about the invoice');
  expect(screen.dump()).not.toContain(AGENT);
});

it('reports nothing again before the cycle period has passed', async () => {
  const w = world();
  const before = w.host.privacy.calls().length;
  const run = await w.host.runScheduledTrigger(TRIGGER);
  expect(run.outcome).toBe('ok');
  expect(w.host.privacy.calls()).toHaveLength(before);
  expect(w.host.privacy.earlyReports()).toEqual([]);
});
