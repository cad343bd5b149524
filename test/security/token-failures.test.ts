// A token endpoint that fails and echoes the Authorization header (base64 of id:secret, without
// the "Basic" word): issue panel users get fixed words, the admin page the detail, and no answer
// or log line holds the secret in any spelling.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { MESSAGES } from '../../src/backend/errors';
import { redact, registerCredentials } from '../../src/backend/redact';
import type { Result } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { hostWithCrm } from '../setup/crm-host';

const CLIENT_ID = 'acme-client';
const SECRET = 'S3cret~value?>>';
const BASIC = Buffer.from(`${CLIENT_ID}:${SECRET}`).toString('base64');
const BASIC_URL_SAFE = BASIC.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const SPELLINGS = [SECRET, BASIC, BASIC.replace(/=+$/, ''), BASIC_URL_SAFE];

const lines: string[] = [];
const spies: jest.SpyInstance[] = [];
let crm: FakeCrm;
let host: ForgeHost;
let handler: ResolverHandler;
/** While true every API request is answered 401, so the client must fetch a new token. */
let revoked = false;

beforeAll(async () => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    spies.push(
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      }),
    );
  crm = await startFakeCrm(() =>
    revoked
      ? { status: 401, body: { message: 'token revoked' } }
      : { status: 200, body: { items: [], total: 0, _links: {} } },
  );
  host = hostWithCrm(crm.baseUrl);
  host.install();
  handler = ((await import('../../src/index')) as unknown as { handler: ResolverHandler }).handler;
  const saved = await call('admin', 'admin/credentials/save', {
    clientId: CLIENT_ID,
    clientSecret: SECRET,
  });
  expect(saved.ok).toBe(true);
  revoked = true;
  // The echo leaves out "Basic", so only knowing the credentials can find it.
  crm.tokenReply = (auth) => {
    const basic = auth.replace(/^Basic\s+/i, '');
    const urlSafe = basic.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    return {
      status: 400,
      body: { message: `Malformed client credentials ${basic} (also seen as ${urlSafe})` },
    };
  };
});
afterAll(async () => {
  spies.forEach((spy) => spy.mockRestore());
  host.uninstall();
  await crm.close();
});

async function call(
  user: 'admin' | 'agent' | 'viewer',
  key: string,
  payload?: unknown,
): Promise<Result<unknown>> {
  const admin = key.startsWith('admin/');
  return (await host.invoke(handler, key, payload, {
    accountId: DEMO_USERS[user].accountId,
    moduleKey: admin ? 'atlas-crm-admin-page' : 'atlas-crm-issue-panel',
    extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
    ...(admin ? {} : { issue: { id: '10001', key: 'SUP-1' } }),
  })) as Result<unknown>;
}

function leaks(text: string): string[] {
  return SPELLINGS.filter((spelling) => text.includes(spelling));
}

it('issue panel users get one fixed message, without the CRM text', async () => {
  // Every issue panel user, the Jira admin included, when not on the admin page.
  for (const user of ['admin', 'agent'] as const) {
    const answer = await call(user, 'entities/search', { type: 'company', text: 'acme' });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'CRM_UNAVAILABLE',
        message: MESSAGES.tokenUnavailable,
        retryAfterMs: expect.any(Number),
      },
    });
  }
  expect(crm.requests.some((r) => r.path.endsWith('/oauth/token'))).toBe(true);
});

it('the admin page keeps the detail, with every spelling of the credentials redacted', async () => {
  const answer = await call('admin', 'admin/connection/test');
  const text = JSON.stringify(answer);
  expect(text).toContain('Malformed client credentials');
  expect(leaks(text)).toEqual([]);
});

it('no log line holds the credentials in any spelling', () => {
  expect(lines.length).toBeGreaterThan(0);
  expect(leaks(lines.join('\n'))).toEqual([]);
});

it('redact knows the base64 spellings of registered credentials', () => {
  registerCredentials({ clientId: 'other-client', clientSecret: 'other-secret-value' });
  const basic = Buffer.from('other-client:other-secret-value').toString('base64');
  const urlSafe = basic.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const out = redact(`seen ${basic} and ${urlSafe} and other-secret-value`);
  expect(out).toBe('seen [redacted] and [redacted] and [redacted]');
});
