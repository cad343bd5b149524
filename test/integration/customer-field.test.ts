// The "Atlas CRM customer" field follows each issue's link record through every way of linking,
// is written only by the app, and is searchable in JQL; the stand-in refuses what Jira refuses.
import { APP_FIELD_STRING_MAX, DEMO_CUSTOMERS, DEMO_USERS } from '../../sandbox/forge-host';
import { crmRequest } from '../setup/crm-outside-jira';
import { entityIds, ISSUES, startHarness, type Harness, type IssueKey } from './harness';

let h: Harness;
let fieldId: string;
beforeAll(async () => {
  h = await startHarness();
  await h.configure();
  fieldId = h.host.jira.appField('Atlas CRM customer')!.id;
});
afterAll(async () => h.close());

const field = (issue: IssueKey) => h.host.jira.fieldValue(ISSUES[issue], fieldId);
/** The name the app stored for a linked record of SUP-2..4. */
const names = new Map<string, string>();
const nameOf = (id: string) => names.get(id)!;
async function link(entityId: string, issue: IssueKey): Promise<void> {
  const data = await h.ok('links/add', { entityId }, { issue });
  for (const l of data.links) names.set(l.id, l.name);
}

/** Jira answered the app's field write with this status (the last one it sent). */
function lastFieldWrite(): number | undefined {
  return h.host.jira
    .calls()
    .filter((c) => c.path === '/rest/api/3/app/field/value')
    .at(-1)?.status;
}

/** A raw Jira request as someone (the stand-in's REST, as any caller could send it). */
async function setFieldAs(
  principal: Parameters<Harness['host']['jira']['handle']>[0]['principal'],
  value: unknown,
) {
  return h.host.jira.handle({
    method: 'POST',
    path: '/rest/api/3/app/field/value',
    body: JSON.stringify({
      updates: [{ customField: fieldId, issueIds: [Number(ISSUES['SUP-5'])], value }],
    }),
    principal,
  });
}

describe('the field follows the link record', () => {
  it('names the companies, else the contacts; unlink, Undo and refresh keep it right', async () => {
    const [company] = await entityIds(h, 'company', 1);
    const [contact] = await entityIds(h, 'contact', 1);
    await link(contact!, 'SUP-2');
    expect(field('SUP-2')).toEqual([nameOf(contact!)]);
    await link(company!, 'SUP-2');
    expect(field('SUP-2')).toEqual([nameOf(company!)]);
    // Unlink, then its Undo (a link again).
    await h.ok('links/remove', { entityId: company! }, { issue: 'SUP-2' });
    expect(field('SUP-2')).toEqual([nameOf(contact!)]);
    await h.ok('links/add', { entityId: company! }, { issue: 'SUP-2' });
    expect(field('SUP-2')).toEqual([nameOf(company!)]);
    // Renamed in Atlas CRM: a refresh carries the new name into the field.
    await crmRequest(h.sim, 'PUT', `/entities/${company!}`, {
      fields: { 'company-name': 'Renamed Customer BV' },
    });
    await h.ok('links/refresh', undefined, { issue: 'SUP-2' });
    expect(field('SUP-2')).toEqual(['Renamed Customer BV']);
    await h.ok('links/remove', { entityId: company! }, { issue: 'SUP-2' });
    await h.ok('links/remove', { entityId: contact! }, { issue: 'SUP-2' });
    expect(field('SUP-2')).toBeUndefined();
  });

  it('create and link sets it; a link Atlas CRM refuses leaves it as it was', async () => {
    await h.ok(
      'entities/create',
      { type: 'company', fields: { 'company-name': 'Fieldtest Freight BV' }, linkToIssue: true },
      { issue: 'SUP-3' },
    );
    expect(field('SUP-3')).toEqual(['Fieldtest Freight BV']);
    const [other] = await entityIds(h, 'company', 3);
    h.sim.control.setFaults({ errorRate: 1 });
    try {
      expect((await h.invoke('links/add', { entityId: other! }, { issue: 'SUP-3' })).ok).toBe(
        false,
      );
    } finally {
      h.sim.control.clearFaults();
    }
    expect(field('SUP-3')).toEqual(['Fieldtest Freight BV']);
  });

  it('automatic linking at issue creation sets it', async () => {
    h.host.events.msPerSecond = 5;
    await h.ok(
      'admin/autolink/save',
      { projects: [{ id: '10000', key: 'SUP', name: 'Customer Support' }] },
      { user: 'admin' },
    );
    const created = h.host.jira.createIssue({
      projectKey: 'SUP',
      summary: 'Invoice question',
      description: 'Please call back.',
      reporterAccountId: DEMO_CUSTOMERS.emma.accountId,
    });
    await h.host.events.deliver('avi:jira:created:issue', created.event);
    expect(h.host.jira.fieldValue(created.id, fieldId)).toEqual(['Nordbridge Logistics LLC']);
    await h.ok('admin/autolink/save', { projects: [] }, { user: 'admin' });
  });

  it('is found by JQL as the user, by name or by cf[N]', async () => {
    const [company] = await entityIds(h, 'company', 1);
    await link(company!, 'SUP-4');
    const search = async (jql: string) => {
      const reply = await h.host.jira.handle({
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: JSON.stringify({ jql, fields: [fieldId] }),
        principal: { kind: 'user', accountId: DEMO_USERS.agent.accountId },
      });
      return (reply.body as { issues: { key: string }[] }).issues.map((i) => i.key);
    };
    const name = nameOf(company!);
    expect(await search(`"Atlas CRM customer" = "${name}"`)).toContain('SUP-4');
    const id = fieldId.replace('customfield_', '');
    expect(await search(`project = SUP AND cf[${id}] = "${name}"`)).toContain('SUP-4');
    expect(await search(`project = SUP AND cf[${id}] is EMPTY`)).not.toContain('SUP-4');
  });
});

describe('only the app writes it, and only values of its type', () => {
  it('refuses people, other apps and values over the limit', async () => {
    const agent = { kind: 'user' as const, accountId: DEMO_USERS.admin.accountId };
    expect((await setFieldAs(agent, ['By hand'])).status).toBe(403);
    expect((await setFieldAs({ kind: 'app', appId: 'another-app' }, ['Other app'])).status).toBe(
      403,
    );
    const long = 'x'.repeat(APP_FIELD_STRING_MAX + 1);
    expect((await setFieldAs({ kind: 'app' }, [long])).status).toBe(400);
    expect((await setFieldAs({ kind: 'app' }, 'not a list')).status).toBe(400);
    expect(field('SUP-5')).toBeUndefined();
    expect(lastFieldWrite()).not.toBe(403);
  });
});
