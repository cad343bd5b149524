// The client secret and the access token never reach a resolver result, an error or a log line:
// every key is driven, as allowed and refused users, with and without Atlas CRM failing, and
// against a CRM that echoes the credentials back in its error messages.
import { DEMO_USERS, type ResolverHandler } from '../../sandbox/forge-host';
import type { FunctionKey } from '../../src/shared/contract';
import { cachedAccessToken, startHarness, type Harness } from '../integration/harness';
import { startFakeCrm } from './fake-crm';
import { hostWithCrm } from '../setup/crm-host';

jest.setTimeout(120_000);

const lines: string[] = [];
const spies: jest.SpyInstance[] = [];
beforeAll(() => {
  for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const)
    spies.push(
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(
          args
            .map((a) =>
              a instanceof Error
                ? `${a.name}: ${a.message} ${String(a.cause)}`
                : typeof a === 'string'
                  ? a
                  : JSON.stringify(a),
            )
            .join(' '),
        );
      }),
    );
});
afterAll(() => spies.forEach((s) => s.mockRestore()));

const CALLS: [FunctionKey, unknown][] = [
  ['panel/open', undefined],
  ['context/summary', undefined],
  ['links/refresh', undefined],
  ['entities/search', { type: 'company', text: 'nord' }],
  ['entities/get', { entityId: 'no-such-entity' }],
  ['links/add', { entityId: 'no-such-entity' }],
  ['links/remove', { entityId: 'no-such-entity' }],
  [
    'entities/create',
    { type: 'company', fields: { 'company-name': 'Secretive Ltd' }, linkToIssue: true },
  ],
  ['entities/update', { entityId: 'no-such-entity', fields: { 'company-name': 'X' } }],
  ['comments/add', { entityId: 'no-such-entity', comment: 'hello' }],
  ['admin/settings/get', undefined],
  ['admin/connection/test', undefined],
  ['admin/groups/find', { query: 'sup' }],
  ['admin/policy/save', { groups: [] }],
];

function leaks(haystack: string, secrets: string[]): string[] {
  return secrets.filter((s) => haystack.includes(s));
}

describe('against the simulator', () => {
  let h: Harness;
  const tokens = new Set<string>();
  beforeAll(async () => {
    h = await startHarness();
    await h.configure();
  });
  afterAll(async () => h.close());

  it('no result and no log line holds the client secret or an access token', async () => {
    const sweep = async () => {
      for (const [key, payload] of CALLS) {
        for (const user of ['agent', 'viewer', 'admin'] as const) {
          await h.invoke(key, payload as never, { user });
          const t = cachedAccessToken(h);
          if (t) tokens.add(t);
        }
        // Admin keys from the issue panel: refused, and the refusal must not leak either.
        if (key.startsWith('admin/'))
          await h.invoke(key, payload as never, { user: 'admin', module: 'atlas-crm-issue-panel' });
      }
    };
    await sweep();
    h.sim.control.setFaults({ errorRate: 0.4, rateLimitRate: 0.2, retryAfterSeconds: 0 });
    await sweep();
    h.sim.control.expireAllTokens();
    await sweep();
    h.sim.control.clearFaults();
    // A wrong secret offered by an admin is not echoed either.
    await h.invoke(
      'admin/credentials/save',
      { clientId: h.sim.clientId, clientSecret: 'wrong-but-secret-9f8e7d' },
      { user: 'admin' },
    );

    const secrets = [h.sim.clientSecret, 'wrong-but-secret-9f8e7d', ...tokens];
    expect(tokens.size).toBeGreaterThan(0);
    expect(leaks(JSON.stringify(h.results), secrets)).toEqual([]);
    expect(leaks(lines.join('\n'), secrets)).toEqual([]);
    // The sweep did meet failures, so the error paths were exercised.
    expect(JSON.stringify(h.results)).toContain('CRM_UNAVAILABLE');
  });
});

describe('against a CRM that echoes credentials in its errors', () => {
  it('redacts them from messages, field errors and logs', async () => {
    const crm = await startFakeCrm(({ auth, path }) => {
      const token = auth.replace(/^Bearer\s+/i, '');
      const echo = `request ${path} with token ${token} (${auth}) access_token=${token}`;
      if (path.endsWith('/comments')) return { status: 500, body: { message: echo } };
      if (path.endsWith('/issues')) return { status: 409, body: { message: echo } };
      return { status: 400, body: { message: echo, errors: { fields: { 'company-name': echo } } } };
    });
    const host = hostWithCrm(crm.baseUrl);
    host.install();
    try {
      const { handler } = (await import('../../src/index')) as unknown as {
        handler: ResolverHandler;
      };
      const call = (key: string, payload: unknown, admin = false) =>
        host.invoke(handler, key, payload, {
          accountId: (admin ? DEMO_USERS.admin : DEMO_USERS.agent).accountId,
          moduleKey: admin ? 'atlas-crm-admin-page' : 'atlas-crm-issue-panel',
          extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
          ...(admin ? {} : { issue: { id: '10001', key: 'SUP-1' } }),
        });
      const results: unknown[] = [
        await call(
          'admin/credentials/save',
          { clientId: 'echo-client', clientSecret: 'echo-secret-77aa88bb' },
          true,
        ),
      ];
      for (const [key, payload] of CALLS)
        results.push(await call(key, payload, key.startsWith('admin/')));
      const text = JSON.stringify(results);
      // The echoing CRM really answered (its words reach the user, without the credentials).
      expect(text).toContain('Atlas CRM did not accept this: request');
      expect(crm.tokens.length).toBeGreaterThan(0);
      const secrets = ['echo-secret-77aa88bb', ...crm.tokens];
      expect(leaks(text, secrets)).toEqual([]);
      expect(leaks(lines.join('\n'), secrets)).toEqual([]);
    } finally {
      host.uninstall();
      await crm.close();
    }
  });
});
