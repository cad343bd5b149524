// What a person outside the access policy sees: the linked records' names under their types, why,
// and nothing that reads or opens Atlas CRM; the issue context says the same. Real resolvers.
import '../setup/ui-bridge';
import { DEMO_GROUPS } from '../../sandbox/forge-host';
import { crmRequest } from '../setup/crm-outside-jira';
import { render } from './harness/render';
import { useWorld } from './harness/world';

const world = useWorld();
const WEBSITE = 'https://www.kaaskoppen.example';

beforeAll(async () => {
  const company = await crmRequest<{ id: string }>(world().sim, 'POST', '/entities', {
    type: 'company',
    fields: { 'company-name': 'Kaaskoppen Export BV', 'company-website': WEBSITE },
  });
  await world().call('links/add', { entityId: company.id }, { issueKey: 'SUP-4' });
  await world().call('links/add', { entityId: company.id }, { issueKey: 'SUP-5' });
  const salesTeam = DEMO_GROUPS.find((g) => g.name === 'sales-team')!;
  await world().call('admin/policy/save', { groups: [salesTeam] });
});

it('the panel lists the names by type, says why, and offers nothing to open or refresh', async () => {
  const screen = await render(world(), 'issue-panel', { issueKey: 'SUP-4', user: 'viewer' });
  await screen.findByText('Kaaskoppen Export BV');
  await screen.settle();
  const text = screen.text();
  expect(text).toContain('Read-only');
  expect(text).toContain(
    'You can see only the names of the Atlas CRM records linked to this issue: your Jira admin has limited Atlas CRM to certain groups',
  );
  expect(text).toMatch(/Linked to this issue\s*Companies \(1\)\s*Kaaskoppen Export BV/);
  expect(text).not.toContain('kaaskoppen.example');
  expect(text).not.toContain('Refreshed from Atlas CRM');
  expect(screen.has('Open in Atlas CRM')).toBe(false);
  expect(screen.buttons(/.*/).map((b) => b.props.children)).toEqual([]);
  expect(screen.invokes.map((i) => i.functionKey)).toEqual(['panel/open']);
});

it('the issue context shows counts and names, says why, and no other open issues', async () => {
  const screen = await render(world(), 'issue-context', { issueKey: 'SUP-4', user: 'viewer' });
  await screen.findByText('Kaaskoppen Export BV');
  const text = screen.text();
  expect(text).toContain(
    'You see only the names: your Jira admin has limited Atlas CRM to certain groups.',
  );
  expect(text).not.toContain('other open issue');
  expect(text).not.toContain('for details');
  // Inside the policy, the same issue counts the company's other open issue.
  const agent = await render(world(), 'issue-context', { issueKey: 'SUP-4' });
  await agent.findByText('1 other open issue for Kaaskoppen Export BV');
});
