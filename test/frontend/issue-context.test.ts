// The issue context's line about the customer's other issues: "2 other open issues for X" as a
// link to the same search in Jira's issue navigator, singular or plural, nothing for none, in
// the context's one call; only issues the app's own link records confirm, "12+" beyond those it
// checks; and the summary without it when Jira cannot count.
import '../setup/ui-bridge';
import { DEMO_USERS } from '../../sandbox/forge-host';
import { allByType, textOf } from './harness/forge-doc';
import { failJiraWhen } from './harness/jira-faults';
import { createLinkedCompany } from './harness/records';
import { render } from './harness/render';
import { useWorld } from './harness/world';

const world = useWorld();
afterEach(() => jest.restoreAllMocks());

let seq = 0;
const linkedCompany = (...issueKeys: [string, ...string[]]) =>
  createLinkedCompany(world(), `Context Issues ${++seq} BV`, issueKeys);

const navigator = (id: string, issueKey: string) =>
  `/issues/?jql=${encodeURIComponent(
    `crmEntityId = "${id}" AND issuekey != "${issueKey}" AND statusCategory != Done ORDER BY updated DESC`,
  )}`;

describe("the issue context's other open issues", () => {
  it("says how many other open issues each company has, each a link to Jira's search", async () => {
    const many = await linkedCompany('SUP-1', 'SUP-3', 'SUP-6');
    const one = await linkedCompany('SUP-1', 'SUP-2');
    const none = await linkedCompany('SUP-1');
    const screen = await render(world(), 'issue-context', { issueKey: 'SUP-1' });
    await screen.findByText(`2 other open issues for ${many.name}`);
    const links = screen.allByType('Link').map((l) => ({ text: textOf(l), href: l.props.href }));
    expect(links).toEqual([
      { text: `2 other open issues for ${many.name}`, href: navigator(many.id, 'SUP-1') },
      { text: `1 other open issue for ${one.name}`, href: navigator(one.id, 'SUP-1') },
    ]);
    expect(screen.text()).not.toContain(`for ${none.name}`);
    expect(screen.invokes.map((i) => i.functionKey)).toEqual(['context/summary']);
  });

  it('counts as the viewer: an issue they may not see is not counted', async () => {
    const company = await linkedCompany('SUP-4', 'SUP-5');
    const { admin, agent } = DEMO_USERS;
    world().host.jira.setIssueSecurity('SUP-5', {
      level: 'Staff',
      accountIds: [admin.accountId, agent.accountId],
    });
    try {
      const viewer = await render(world(), 'issue-context', { issueKey: 'SUP-4', user: 'viewer' });
      await viewer.findByText(company.name);
      await viewer.settle();
      expect(viewer.text()).not.toContain('other open issue');
      const asAgent = await render(world(), 'issue-context', { issueKey: 'SUP-4' });
      await asAgent.findByText(`1 other open issue for ${company.name}`);
    } finally {
      world().host.jira.setIssueSecurity('SUP-5', undefined);
    }
  });

  it('counts only issues whose link record names the company: a rewritten property adds none', async () => {
    const company = await linkedCompany('SUP-6', 'SUP-3');
    const jira = world().host.jira;
    const before = jira.getProperty('SUP-2', 'atlas-crm-links');
    // What an agent can write on SUP-2 through Jira's REST API.
    jira.setProperty('SUP-2', 'atlas-crm-links', { v: 2, count: 1, entityIds: [company.id] });
    try {
      const screen = await render(world(), 'issue-context', { issueKey: 'SUP-6' });
      await screen.findByText(`1 other open issue for ${company.name}`);
    } finally {
      jira.setProperty('SUP-2', 'atlas-crm-links', before);
    }
  });

  it('says "12+" when more were found than the app checks', async () => {
    const company = await linkedCompany('SUP-4');
    const { jira, kvs } = world().host;
    const index = jira.getProperty('SUP-4', 'atlas-crm-links');
    const record = kvs.peekEntity('issue-links', '10004') as Record<string, unknown>;
    for (let n = 0; n < 13; n += 1) {
      const id = String(20_700 + n);
      jira.addIssue({ id, key: `SUP-${700 + n}`, summary: `Open ${n}`, description: '' });
      jira.setProperty(id, 'atlas-crm-links', index);
      kvs.seedEntity('issue-links', id, record);
    }
    const screen = await render(world(), 'issue-context', { issueKey: 'SUP-4' });
    await screen.findByText(`12+ other open issues for ${company.name}`);
  });

  it("shows the linked records without the line when Jira can't count", async () => {
    const company = await linkedCompany('SUP-6', 'SUP-3');
    failJiraWhen(
      world(),
      (req) => req.path.startsWith('/rest/api/3/search/jql'),
      500,
      'Internal server error',
    );
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const screen = await render(world(), 'issue-context', { issueKey: 'SUP-6' });
    await screen.findByText(company.name);
    await screen.settle();
    expect(screen.text()).toContain('Companies');
    expect(screen.text()).not.toContain('other open issue');
    expect(allByType(screen.doc, 'SectionMessage')).toEqual([]);
  });
});
