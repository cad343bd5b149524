// Credentials revoked in Atlas CRM after they were saved: the admin's connection test says the
// token was refused (and so templates can not be read), in plain words and without the secret.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { MESSAGES } from '../../src/backend/errors';
import type { ConnectionTest, Result } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { hostWithCrm } from '../setup/crm-host';

const SECRET = 'revoked-secret-4c3b2a';

let crm: FakeCrm;
let host: ForgeHost;
let call: (key: string, payload?: unknown) => Promise<Result<unknown>>;
beforeAll(async () => {
  crm = await startFakeCrm(() => ({ status: 404, body: { message: 'no' } }));
  host = hostWithCrm(crm.baseUrl);
  host.install();
  const { handler } = (await import('../../src/index')) as unknown as { handler: ResolverHandler };
  call = async (key, payload) =>
    (await host.invoke(handler, key, payload, {
      accountId: DEMO_USERS.admin.accountId,
      moduleKey: 'atlas-crm-admin-page',
      extensionType: 'jira:adminPage',
    })) as Result<unknown>;
  expect((await call('admin/credentials/save', { clientId: 'c', clientSecret: SECRET })).ok).toBe(
    true,
  );
});
afterAll(async () => {
  host.uninstall();
  await crm.close();
});

it('a working token and readable templates: both ok', async () => {
  crm.refuseTokens = false;
  const answer = await call('admin/connection/test');
  expect(answer).toMatchObject({ ok: true, data: { tokenOk: true, templatesOk: true } });
  expect((answer as { data: ConnectionTest }).data.problem).toBeUndefined();
});

it('a refused token: tokenOk and templatesOk false, with the problem, and no template read', async () => {
  crm.refuseTokens = true;
  const before = crm.requests.length;
  const answer = await call('admin/connection/test');
  expect(answer).toMatchObject({
    ok: true,
    data: {
      tokenOk: false,
      templatesOk: false,
      problem: { code: 'NOT_CONFIGURED', message: MESSAGES.credentialsRejected },
    },
  });
  expect(crm.requests.slice(before).map((request) => request.path)).toEqual([
    '/api/1.0/oauth/token',
  ]);
  expect(JSON.stringify(answer)).not.toContain(SECRET);
});
