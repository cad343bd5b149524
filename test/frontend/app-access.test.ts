// What people see when Jira lets the app browse a project but not edit it: the issue panel's plain
// line (for agents and viewers, who keep working), and the admin's connection test naming the
// project and the permission to grant.
import '../setup/ui-bridge';
import { jqlOffMessage } from '../../src/backend/services/index-repair';
import { createLinkedCompany } from './harness/records';
import { render } from './harness/render';
import { useWorld } from './harness/world';

const world = useWorld();
const LINE =
  "JQL search for this issue's Atlas CRM records is off in LEG: the app may not edit issues there.";

let company: { id: string; name: string };
beforeAll(async () => {
  company = await createLinkedCompany(world(), 'Legal Access Test BV', ['LEG-1']);
});

describe('the issue panel in Legal Requests', () => {
  it.each(['agent', 'viewer'] as const)(
    'tells the %s in plain words, in the one call',
    async (user) => {
      const screen = await render(world(), 'issue-panel', { issueKey: 'LEG-1', user });
      await screen.findByText(company.name);
      expect(screen.text()).toContain(LINE);
      expect(screen.text()).toContain(jqlOffMessage('LEG'));
      // The panel's one call says it; the calls after the first paint are the usual ones.
      expect(screen.invokes[0]?.functionKey).toBe('panel/open');
      expect(screen.invokesOf('panel/open')).toHaveLength(1);
    },
  );

  it('says nothing of it where the app may edit', async () => {
    const screen = await render(world(), 'issue-panel', { issueKey: 'SUP-6' });
    await screen.settle();
    expect(screen.text()).not.toContain('JQL search');
  });
});

describe("the admin's connection test", () => {
  it('names the project, the missing permission and what it stops', async () => {
    const screen = await render(world(), 'admin', { user: 'admin' });
    screen.click(await screen.findButton('Test connection'));
    await screen.findByText("The app's Jira user is missing permissions");
    expect(screen.text()).toContain(
      "LEG (Jira refused the app's JQL index there): The Atlas CRM app may not edit issues in LEG, so JQL search for Atlas CRM records is off there. Grant Edit Issues to the app's user (the atlassian-addons-project-access role) in the permission scheme of LEG.",
    );
  });
});
