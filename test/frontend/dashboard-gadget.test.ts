// The "Open issues by customer" gadget: customers with the most open issues first, each count a
// link to Jira's navigator, counted as the viewer; an edit view without configuration; and, on a
// scope too large to read in time, Jira's approximate counts, said plainly.
import '../setup/ui-bridge';
import { DEMO_USERS } from '../../sandbox/forge-host';
import { openByCustomer } from '../../src/backend/services/open-by-customer';
import { createLinkedCompany } from './harness/records';
import { render } from './harness/render';
import { useWorld } from './harness/world';

const world = useWorld();
const SUP = { scope: { kind: 'project', projectKey: 'SUP' }, top: 10 };

describe('the dashboard gadget', () => {
  it('lists the customers with the most open issues first, as links to the navigator', async () => {
    const alpha = await createLinkedCompany(world(), 'Gadget Alpha BV', [
      'SUP-2',
      'SUP-3',
      'SUP-4',
    ]);
    const beta = await createLinkedCompany(world(), 'Gadget Beta BV', ['SUP-5']);
    const screen = await render(world(), 'dashboard-gadget', {
      extension: { gadgetConfiguration: SUP },
    });
    await screen.findByText(alpha.name);
    const text = screen.text();
    expect(text.indexOf(alpha.name)).toBeLessThan(text.indexOf(beta.name));
    const link = screen.allByType('Link').find((l) => l.props.href?.toString().includes('Alpha'));
    expect(decodeURIComponent(String(link?.props.href))).toContain(
      'project = "SUP" AND statusCategory != Done AND cf[',
    );
    expect(text).not.toContain('Approximate');
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['gadget/customers']);

    // As the viewer: an issue they may not browse is not counted.
    const { admin, agent } = DEMO_USERS;
    world().host.jira.setIssueSecurity('SUP-2', {
      level: 'Staff',
      accountIds: [admin.accountId, agent.accountId],
    });
    try {
      const counts = async (user: 'agent' | 'viewer') => {
        const data = await world().call('gadget/customers', SUP as never, {
          user,
          module: 'dashboard-gadget',
        });
        return (data as { customers: { name: string; count: number }[] }).customers.find(
          (c) => c.name === alpha.name,
        )?.count;
      };
      expect(await counts('agent')).toBe(3);
      expect(await counts('viewer')).toBe(2);
    } finally {
      world().host.jira.setIssueSecurity('SUP-2', undefined);
    }
  });

  it('says why the counts add up to more than the issues: one issue, two customers', async () => {
    const one = await createLinkedCompany(world(), 'Gadget Shared One BV', ['SUP-6']);
    await createLinkedCompany(world(), 'Gadget Shared Two BV', ['SUP-6']);
    const screen = await render(world(), 'dashboard-gadget', {
      extension: { gadgetConfiguration: SUP },
    });
    await screen.findByText(one.name);
    expect(screen.text()).toContain('An issue linked to more than one customer counts under each.');
  });

  it('asks for a project or a query when it has no configuration, and edits it', async () => {
    const screen = await render(world(), 'dashboard-gadget', { extension: {}, noCall: true });
    await screen.findByText('Edit this gadget to choose a project or a JQL query.');
    const edit = await render(world(), 'dashboard-gadget', {
      extension: { entryPoint: 'edit', gadgetConfiguration: SUP },
      noCall: true,
    });
    await edit.findByText('Customers shown');
    expect(edit.invokes).toEqual([]);
  });

  it('counts approximately, and says so, when the scope is too large to read in time', async () => {
    const jira = world().host.jira;
    const fieldId = jira.appField('Atlas CRM customer')!.id;
    // 150 open issues in ACC: 100 of Big Customer, 50 of Small Customer.
    for (let i = 0; i < 150; i++) {
      const id = String(30000 + i);
      jira.addIssue({ id, key: `ACC-${500 + i}`, summary: `Load ${i}`, description: '' });
      jira.setFieldValue(id, fieldId, [i % 3 === 2 ? 'Small Customer' : 'Big Customer']);
    }
    const config = { scope: { kind: 'project' as const, projectKey: 'ACC' }, top: 5 };
    const data = await world().host.runAs(DEMO_USERS.agent.accountId, () =>
      openByCustomer(config, fieldId, { budgetMs: 60_000, maxPages: 1 }),
    );
    expect(data.approximate).toBe(true);
    expect(data.scanned).toBe(100);
    expect(data.total).toBe(150);
    expect(data.customers.map((c) => [c.name, c.count])).toEqual([
      ['Big Customer', 100],
      ['Small Customer', 50],
    ]);
  });
});
