// Search input that once answered INTERNAL, leaked `function Object() { [native code] }` or was
// silently dropped: a lone surrogate in the text, filters on `constructor` and `__proto__`. Each
// answers VALIDATION in plain words, and no request reaches the entity list.
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import type { Result } from '../../src/shared/contract';
import { startFakeCrm, type FakeCrm } from './fake-crm';
import { invokeAs } from './invoke-as';
import { hostWithCrm } from '../setup/crm-host';

let crm: FakeCrm;
let host: ForgeHost;
let handler: ResolverHandler;
beforeAll(async () => {
  crm = await startFakeCrm(() => ({ status: 200, body: { items: [], total: 0, _links: {} } }));
  host = hostWithCrm(crm.baseUrl);
  host.install();
  handler = ((await import('../../src/index')) as unknown as { handler: ResolverHandler }).handler;
  const saved = await invokeAs(host, handler, 'admin', 'admin/credentials/save', {
    clientId: 'c',
    clientSecret: 'secret-value',
  });
  expect(saved.ok).toBe(true);
});
afterAll(async () => {
  host.uninstall();
  await crm.close();
});

function search(payload: Record<string, unknown>): Promise<Result<unknown>> {
  return host.invoke(
    handler,
    'entities/search',
    { type: 'company', ...payload },
    {
      accountId: DEMO_USERS.agent.accountId,
      moduleKey: 'atlas-crm-issue-panel',
      extensionType: 'jira:issuePanel',
      issue: { id: '10001', key: 'SUP-1' },
    },
  ) as Promise<Result<unknown>>;
}

const listCalls = () =>
  crm.requests.filter((r) => r.method === 'GET' && r.path.endsWith('/entities')).length;

it.each<[string, Record<string, unknown>, string]>([
  ['a lone surrogate in the text', { text: 'acme \uD83D' }, 'text'],
  ['a filter on constructor', { filters: [{ fieldId: 'constructor', value: 'x' }] }, 'constructor'],
  ['a filter on __proto__', { filters: [{ fieldId: '__proto__', value: 'x' }] }, '__proto__'],
])('%s answers VALIDATION in plain words', async (_what, payload, field) => {
  const before = listCalls();
  const answer = await search(payload);
  expect(answer).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  const error = (answer as Extract<Result<unknown>, { ok: false }>).error;
  expect(error.message).toMatch(/^Check the input: /);
  expect(error.message).not.toMatch(/native code|function/);
  expect(Object.keys(error.fieldErrors ?? {})).toEqual([field]);
  expect(listCalls()).toBe(before);
});

it('an emoji in the text is searched for as usual', async () => {
  expect(await search({ text: 'rocket 🚀' })).toMatchObject({ ok: true });
});
