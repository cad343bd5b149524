// Text an admin types may hold characters outside the basic plane (emoji, rare scripts): what the
// admin page shows back of it is never cut between the two halves of such a character.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import type { AdminSettings, Result } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { hostWithCrm } from '../setup/crm-host';

let crm: FakeCrm & { reply?: { status: number; body: unknown } };
let host: ForgeHost;
let handler: ResolverHandler;
beforeAll(async () => {
  crm = await startFakeCrm(() => crm.reply ?? { status: 404, body: {} });
  host = hostWithCrm(crm.baseUrl);
  host.install();
  handler = ((await import('../../src/index')) as unknown as { handler: ResolverHandler }).handler;
});
afterAll(async () => {
  host.uninstall();
  await crm.close();
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

it('a client id with emoji is masked without breaking a character', async () => {
  const r = (await host.invoke(
    handler,
    'admin/credentials/save',
    { clientId: '😀😀😀😀😀-client-😀😀😀😀😀', clientSecret: 'sec-ret' },
    {
      accountId: DEMO_USERS.admin.accountId,
      moduleKey: 'atlas-crm-admin-page',
      extensionType: 'jira:adminPage',
    },
  )) as Result<AdminSettings>;
  expect(r.ok).toBe(true);
  const masked = (r as { data: AdminSettings }).data.clientIdMasked ?? '';
  expect(masked).toBe('😀😀😀😀…😀😀😀😀');
  expect(LONE_SURROGATE.test(masked)).toBe(false);
});

it('a long Atlas CRM message is shortened without breaking a character', async () => {
  const prefix = 'Atlas CRM did not accept this: ';
  crm.reply = {
    status: 400,
    body: { message: `${'x'.repeat(299 - prefix.length)}${'😀'.repeat(20)}` },
  };
  const r = (await host.invoke(
    handler,
    'entities/create',
    { type: 'company', fields: { 'company-name': 'Emoji Ltd' }, linkToIssue: false },
    {
      accountId: DEMO_USERS.agent.accountId,
      moduleKey: 'atlas-crm-issue-panel',
      extensionType: 'jira:issuePanel',
      issue: { id: '10001', key: 'SUP-1' },
    },
  )) as Result<unknown>;
  expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  const message = (r as { error: { message: string } }).error.message;
  expect(message.startsWith(prefix)).toBe(true);
  expect(message.endsWith('…')).toBe(true);
  expect(LONE_SURROGATE.test(message)).toBe(false);
});
