// Outside the access policy's groups a person who can see the issue gets the names (and types) of
// its linked records and nothing else: no key fields, no contact's company, no automatic-link
// reason, no one who linked, no templates, no other open issues. Real handler and simulator.
import {
  DEMO_CUSTOMERS,
  DEMO_GROUPS,
  DEMO_USERS,
  type InvocationContext,
} from '../../sandbox/forge-host';
import type { ContextSummary, FunctionKey, PanelData, Result } from '../../src/shared/contract';
import { crmRequest } from '../setup/crm-outside-jira';
import { CONTEXT, ISSUES, PANEL, startHarness, type Harness } from '../integration/harness';

jest.setTimeout(60_000);

let h: Harness;
/** Values stored with the links that only people inside the policy may see. */
const SECRETS = {
  email: 'femke.hoekstra@duinzichtyachts.nl',
  phone: '+31 6 4321 8765',
  website: 'https://www.duinzichtyachts.nl',
  industry: 'Manufacturing',
  contactsCompany: 'Zeilmakerij Hoekstra VOF',
};
const NAMES = {
  company: 'Duinzicht Yachts BV',
  contact: 'Femke Hoekstra',
  sale: 'Winter storage for Duinzicht',
};
let autoIssue: { id: string; key: string };

async function make(type: string, fields: Record<string, unknown>): Promise<string> {
  return (await crmRequest<{ id: string }>(h.sim, 'POST', '/entities', { type, fields })).id;
}

async function call<T>(
  user: keyof typeof DEMO_USERS,
  key: FunctionKey,
  issue: { id: string; key: string },
  moduleKey = PANEL,
): Promise<T> {
  const ctx: InvocationContext = {
    accountId: DEMO_USERS[user].accountId,
    moduleKey,
    extensionType: moduleKey === CONTEXT ? 'jira:issueContext' : 'jira:issuePanel',
    issue,
  };
  const result = (await h.host.invoke(h.handler, key, undefined, ctx)) as Result<T>;
  if (!result.ok) throw new Error(`${key} failed: ${JSON.stringify(result.error)}`);
  return result.data;
}

const SUP2 = { id: ISSUES['SUP-2'], key: 'SUP-2' };

beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  const company = await make('company', {
    'company-name': NAMES.company,
    'company-website': SECRETS.website,
    'company-industry': SECRETS.industry,
  });
  const contact = await make('contact', {
    'contact-name': NAMES.contact,
    'contact-email': SECRETS.email,
    'contact-phone': SECRETS.phone,
  });
  const theirs = await make('company', { 'company-name': SECRETS.contactsCompany });
  await crmRequest(h.sim, 'POST', `/entities/${contact}/links`, { 'entity-id': theirs });
  const sale = await make('sale', { 'sale-name': NAMES.sale, 'sale-status': 'open' });
  for (const id of [company, contact, sale])
    await h.ok('links/add', { entityId: id }, { issue: 'SUP-2' });
  // The company has another open issue, which the issue context counts for people inside.
  await h.ok('links/add', { entityId: company }, { issue: 'SUP-3' });

  // An issue linked automatically: Emma reported it, and the trigger linked her and her company.
  const sup = { id: '10000', key: 'SUP', name: 'Customer Support' };
  await h.ok('admin/autolink/save', { projects: [sup] }, { user: 'admin' });
  const created = h.host.jira.createIssue({
    projectKey: 'SUP',
    summary: 'Invoice question',
    description: 'Please call back.',
    reporterAccountId: DEMO_CUSTOMERS.emma.accountId,
  });
  await h.host.events.deliver('avi:jira:created:issue', created.event);
  autoIssue = { id: created.id, key: created.key };

  // Sales team only: the agent is in it, the viewer and the admin are not.
  const salesTeam = DEMO_GROUPS.find((g) => g.name === 'sales-team')!;
  await h.ok('admin/policy/save', { groups: [salesTeam] }, { user: 'admin' });
});
afterAll(async () => h.close());

it('the data is there for people inside the policy (else the checks below prove nothing)', async () => {
  const inside = JSON.stringify(await call<PanelData>('agent', 'panel/open', SUP2));
  for (const secret of Object.values(SECRETS)) expect(inside).toContain(secret);
  expect(inside).toContain(DEMO_USERS.agent.accountId);
  const context = await call<ContextSummary>('agent', 'context/summary', SUP2, CONTEXT);
  expect(context.otherOpenIssues?.[0]?.count).toBe(1);
  const auto = await call<PanelData>('agent', 'panel/open', autoIssue);
  expect(auto.links.filter((link) => link.autoLinked)).toHaveLength(2);
});

describe.each(['viewer', 'admin'] as const)('%s, outside the policy', (user) => {
  it('gets the names and types of the linked records in the panel, nothing else', async () => {
    const panel = await call<PanelData>(user, 'panel/open', SUP2);
    expect(Object.keys(panel).sort()).toEqual(
      ['capabilities', 'configured', 'issue', 'linkCapacity', 'links', 'named'].sort(),
    );
    expect(panel.links).toEqual([]);
    expect(panel.named).toEqual([
      { type: 'company', name: NAMES.company },
      { type: 'contact', name: NAMES.contact },
      { type: 'sale', name: NAMES.sale },
    ]);
    const answer = JSON.stringify(panel);
    for (const secret of Object.values(SECRETS)) expect(answer).not.toContain(secret);
    expect(answer).not.toContain(DEMO_USERS.agent.accountId);
  });

  it('gets no automatic-link reason, nor who linked', async () => {
    const panel = await call<PanelData>(user, 'panel/open', autoIssue);
    expect(panel.named?.map((link) => link.type).sort()).toEqual(['company', 'contact']);
    const answer = JSON.stringify(panel);
    expect(answer).not.toContain(DEMO_CUSTOMERS.emma.emailAddress);
    expect(answer).not.toMatch(/reporter|autoLinked|linkedBy/i);
  });

  it('gets counts and names in the issue context, without the other open issues', async () => {
    const context = await call<ContextSummary>(user, 'context/summary', SUP2, CONTEXT);
    expect(context).toEqual({
      configured: true,
      counts: { company: 1, contact: 1, sale: 1 },
      names: { company: [NAMES.company], contact: [NAMES.contact], sale: [NAMES.sale] },
      namesOnly: true,
    });
  });
});
