// A local server posing as Atlas CRM that answers the API with wrong shapes, huge bodies, HTML
// error pages, cut-off JSON and empty 200s. The real panel keys, through the Forge stand-in, answer
// CRM_UNAVAILABLE in plain words; nothing crashes.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { templateOf } from '../../sandbox/crm-simulator/templates';
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import { MESSAGES } from '../../src/backend/errors';
import { encodeRecord } from '../../src/backend/storage/link-record-format';
import type { EntityType, PanelData, Result } from '../../src/shared/contract';
import { envelopeProblem } from '../faults/world';
import { hostWithCrm } from '../setup/crm-host';

jest.setTimeout(120_000);

type Answer = { status: number; body: string; headers?: Record<string, string>; chunked?: boolean };

const HUGE = `{"items": [${'"x",'.repeat(1_600_000)}"x"], "total": 1}`; // > 5 MB
const MODES: Record<string, Answer> = {
  'wrong shape (object)': {
    status: 200,
    body: '{"id": 42, "items": "nope", "issue-ids": "x", "total": "many"}',
  },
  'wrong shape (array)': { status: 200, body: '[]' },
  'wrong shape (text)': { status: 200, body: '"hello"' },
  'huge body (declared)': { status: 200, body: HUGE },
  'huge body (chunked)': { status: 200, body: HUGE, chunked: true },
  'HTML error page': {
    status: 502,
    body: '<html><body><h1>502 Bad Gateway</h1></body></html>',
    headers: { 'content-type': 'text/html' },
  },
  'HTML page on 200': {
    status: 200,
    body: '<!doctype html><html><body>Maintenance</body></html>',
    headers: { 'content-type': 'text/html' },
  },
  'cut-off JSON': {
    status: 200,
    body: '{"id": "e1", "type": "company", "fields": {"company-name": "Nor',
  },
  'empty body on 200': { status: 200, body: '' },
};

let server: Server;
let mode = 'wrong shape (object)';
let templatesBroken = false;
let host: ForgeHost;
let handler: ResolverHandler;
const unhandled: unknown[] = [];
const onUnhandled = (r: unknown) => unhandled.push(r);
const spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  for (const level of ['warn', 'error'] as const)
    spies.push(jest.spyOn(console, level).mockImplementation(() => undefined));
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path.endsWith('/oauth/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: 'fake-access-token-0123456789', expires_in: 3600 }));
        return;
      }
      const template = /\/template\/(company|contact|sale)$/.exec(path);
      if (template && !templatesBroken) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(templateOf(template[1] as EntityType)));
        return;
      }
      const a = MODES[mode] as Answer;
      const headers = { 'content-type': 'application/json', ...(a.headers ?? {}) };
      if (a.chunked) {
        res.writeHead(a.status, headers);
        for (let i = 0; i < a.body.length; i += 64 * 1024)
          res.write(a.body.slice(i, i + 64 * 1024));
        res.end();
      } else {
        res.writeHead(a.status, { ...headers, 'content-length': Buffer.byteLength(a.body) });
        res.end(a.body);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  host = hostWithCrm(`http://127.0.0.1:${port}`);
  host.install();
  ({ handler } = (await import('../../src/index')) as unknown as { handler: ResolverHandler });
  const saved = await call('admin/credentials/save', {
    clientId: 'fake-client',
    clientSecret: 'fake-secret-value',
  });
  expect(saved.ok).toBe(true);
  // One link on SUP-1, so a refresh has something to read: in app storage, where the app keeps it.
  host.kvs.seedEntity('issue-links', '10001', {
    rev: 1,
    writer: 'seed',
    outbox: [],
    record: encodeRecord({
      links: [
        {
          id: 'e1',
          type: 'company',
          name: 'Northwind',
          keyFields: {},
          linkedBy: DEMO_USERS.agent.accountId,
          linkedAt: new Date(0).toISOString(),
          refreshedAt: new Date(0).toISOString(),
          status: 'ok',
        },
      ],
    }),
  });
});

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  spies.forEach((s) => s.mockRestore());
  host.uninstall();
  await new Promise<void>((r) => server.close(() => r()));
});

function call(key: string, payload: unknown): Promise<Result<unknown>> {
  const admin = key.startsWith('admin/');
  return host.invoke(handler, key, payload, {
    accountId: (admin ? DEMO_USERS.admin : DEMO_USERS.agent).accountId,
    moduleKey: admin ? 'atlas-crm-admin-page' : 'atlas-crm-issue-panel',
    extensionType: admin ? 'jira:adminPage' : 'jira:issuePanel',
    ...(admin ? {} : { issue: { id: '10001', key: 'SUP-1' } }),
  }) as Promise<Result<unknown>>;
}

const CALLS: [string, unknown][] = [
  ['links/refresh', undefined],
  ['entities/search', { type: 'company', text: 'nord' }],
  ['entities/get', { entityId: 'e1' }],
  ['links/add', { entityId: 'e2' }],
  ['links/remove', { entityId: 'e1' }],
  ['comments/add', { entityId: 'e1', comment: 'Called back.' }],
  ['entities/create', { type: 'company', fields: { 'company-name': 'Acme' }, linkToIssue: false }],
  ['entities/update', { entityId: 'e1', fields: { 'company-name': 'Acme 2' } }],
];

describe.each(Object.keys(MODES))('Atlas CRM answers: %s', (name) => {
  beforeAll(() => {
    mode = name;
  });

  it.each(CALLS)('%s answers CRM_UNAVAILABLE in plain words', async (key, payload) => {
    const r = await call(key, payload);
    expect(envelopeProblem(r)).toBeUndefined();
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'CRM_UNAVAILABLE',
        message: MESSAGES.crmUnavailable,
        retryAfterMs: expect.any(Number),
      },
    });
  });

  it('panel/open still opens, with the templates error shown where they would be', async () => {
    templatesBroken = true;
    host.kvs.handle('/api/v1/delete', { key: 'cache:templates:v1' });
    try {
      const r = (await call('panel/open', undefined)) as Result<PanelData>;
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.data.links.map((l) => l.id)).toEqual(['e1']);
      expect(r.data.templates).toBeUndefined();
      expect(r.data.templatesError).toMatchObject({
        code: 'CRM_UNAVAILABLE',
        message: MESSAGES.crmUnavailable,
      });
    } finally {
      templatesBroken = false;
    }
  });
});

it('left nothing unhandled and the link record untouched', () => {
  expect(unhandled).toEqual([]);
  const stored = host.kvs.peekEntity('issue-links', '10001') as {
    record: { links: { i: string }[] };
    outbox: { i: string; b?: string }[];
  };
  expect(stored.record.links.map((link) => link.i)).toEqual(['e1']);
  // What Atlas CRM may have half-applied waits, unclaimed, for the next writer to restate.
  expect(stored.outbox.filter((entry) => entry.i !== 'e1' || entry.b !== undefined)).toEqual([]);
});
