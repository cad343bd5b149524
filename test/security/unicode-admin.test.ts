// Text an admin types may hold characters outside the basic plane (emoji, rare scripts): what the
// admin page shows back of it is never cut between the two halves of such a character.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import type { AdminSettings, Result } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';

let crm: FakeCrm;
let host: ForgeHost;
let handler: ResolverHandler;
beforeAll(async () => {
  crm = await startFakeCrm(() => ({ status: 404, body: {} }));
  host = new ForgeHost({ env: { ATLAS_CRM_BASE_URL: crm.baseUrl } });
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
