// A CRM that writes what it was sent into a record (an automation copying request headers into a
// field, say) must not make the app hand its access token to every viewer of the issue, nor store
// it in the issue property that anyone who can browse the issue reads over REST.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import type { Result } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { hostWithCrm } from '../setup/crm-host';

jest.setTimeout(60_000);

let crm: FakeCrm;
let host: ForgeHost;
let handler: ResolverHandler;

/** The record answered to every GET, its name and website carrying the request's own header. */
function echoing(auth: string) {
  return {
    id: 'echo',
    type: 'company',
    fields: { 'company-name': `Echo ${auth}`, 'company-website': auth.replace('Bearer ', '') },
    _links: {},
  };
}

beforeAll(async () => {
  crm = await startFakeCrm(({ method, path, auth }) => {
    if (path.endsWith('/issues'))
      return { status: 200, body: { 'issue-ids': method === 'POST' ? ['10001'] : [] } };
    if (path.endsWith('/links')) return { status: 200, body: { items: [], total: 0, _links: {} } };
    if (path.endsWith('/entities'))
      return {
        status: 200,
        body: {
          items: [echoing(auth)],
          total: 2,
          // A next link carrying the token: a cursor is this link, base64-encoded.
          _links: {
            next: { href: `/api/1.0/workspace/CRM/entities?type=company&t=${auth.slice(7)}` },
          },
        },
      };
    return { status: 200, body: echoing(auth) };
  });
  host = hostWithCrm(crm.baseUrl);
  host.install();
  handler = ((await import('../../src/index')) as unknown as { handler: ResolverHandler }).handler;
});
afterAll(async () => {
  host.uninstall();
  await crm.close();
});

async function call(user: 'admin' | 'agent' | 'viewer', key: string, payload?: unknown) {
  const admin = key.startsWith('admin/');
  return (await host.invoke(handler, key, payload, {
    accountId: DEMO_USERS[user].accountId,
    moduleKey: admin ? 'atlas-crm-admin-page' : 'atlas-crm-issue-panel',
    extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
    ...(admin ? {} : { issue: { id: '10001', key: 'SUP-1' } }),
  })) as Result<unknown>;
}

it('an access token echoed into a record reaches no answer and no issue property', async () => {
  expect(
    (await call('admin', 'admin/credentials/save', { clientId: 'c', clientSecret: 'sec-ret' })).ok,
  ).toBe(true);
  const answers = [
    await call('agent', 'entities/search', { type: 'company' }),
    await call('agent', 'links/add', { entityId: 'echo' }),
    await call('viewer', 'panel/open'),
    await call('viewer', 'links/refresh'),
    await call('viewer', 'entities/get', { entityId: 'echo' }),
  ];
  for (const answer of answers) expect(answer.ok).toBe(true);
  const tokens = crm.tokens;
  expect(tokens.length).toBeGreaterThan(0);
  const cursor = (answers[0] as { data: { nextCursor?: string } }).data.nextCursor ?? '';
  expect(Buffer.from(cursor, 'base64url').toString('latin1')).not.toMatch(/tok_\d+_/);
  const seen = JSON.stringify({
    answers,
    property: host.jira.getProperty('10001', 'atlas-crm-links'),
  });
  for (const token of tokens) expect(seen).not.toContain(token);
  expect(seen).toContain('[redacted]');
});
