// Structural rules of the app, checked on the manifest, on the running handler and on the sources'
// syntax trees. Which keys exist is the compiler's job: the tables are typed by the contract.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { DEMO_USERS, ForgeHost, type ResolverHandler } from '../../sandbox/forge-host';
import type { adminResolvers } from '../../src/backend/resolvers/admin';
import type { dashboardResolvers } from '../../src/backend/resolvers/dashboard';
import type { issuePanelResolvers } from '../../src/backend/resolvers/issue-panel';
import type { validators } from '../../src/backend/validate';
import type { call } from '../../src/frontend/shared/api';
import type { FunctionKey, PayloadOf, Result } from '../../src/shared/contract';
import {
  importsOf,
  methodCalls,
  ROOT,
  source,
  sourcesUnder,
  stringProperty,
  templateText,
  where,
} from './source-tree';

jest.setTimeout(60_000);

interface Manifest {
  modules: Record<string, { key: string; handler?: string; resolver?: { function: string } }[]>;
  resources: { key: string; path: string }[];
  permissions: {
    scopes: string[];
    external?: { fetch?: { backend?: ({ address: string } | string)[] } };
  };
}

const manifest = parse(readFileSync(join(ROOT, 'manifest.yml'), 'utf8')) as Manifest;

type AdminKey = Extract<FunctionKey, `admin/${string}`>;
type DashboardKey = Extract<FunctionKey, `gadget/${string}`>;

/** True only when A and B are the same type. */
type Same<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// Checked by the compiler (npm run typecheck): each table has exactly the contract's keys, and the
// UI's only way to call the backend takes nothing but those keys.
const KEYS_ARE_THE_CONTRACTS: [
  Same<keyof typeof validators, FunctionKey>,
  Same<keyof typeof adminResolvers, AdminKey>,
  Same<keyof typeof issuePanelResolvers, Exclude<FunctionKey, AdminKey | DashboardKey>>,
  Same<keyof typeof dashboardResolvers, DashboardKey>,
  Same<Parameters<typeof call>[0], FunctionKey>,
] = [true, true, true, true, true];

/** A valid payload for every key, so a refusal can only come from the caller's context. */
const VALID_PAYLOADS: { [K in FunctionKey]: PayloadOf<K> } = {
  'panel/open': {},
  'context/summary': {},
  'links/refresh': {},
  'links/add': { entityId: 'e1' },
  'links/remove': { entityId: 'e1' },
  'entities/search': { type: 'company' },
  'entities/get': { entityId: 'e1' },
  'entities/create': { type: 'company', fields: { 'company-name': 'X' }, linkToIssue: false },
  'entities/update': { entityId: 'e1', fields: { 'company-name': 'X' } },
  'comments/add': { entityId: 'e1', comment: 'x' },
  // 20 shown, the last at 2025-01-01T00:00:00.000Z (item k1).
  'comments/older': { entityId: 'e1', cursor: '20.MjAyNS0wMS0wMVQwMDowMDowMC4wMDBaIGsx' },
  'relations/add': { entityId: 'e1', otherId: 'e2', roles: [] },
  'relations/update': { entityId: 'e1', otherId: 'e2', roles: ['Buyer'] },
  'relations/remove': { entityId: 'e1', otherId: 'e2' },
  'suggestions/list': {},
  'suggestions/dismiss': { entityId: 'e1' },
  'suggestions/restore': { entityId: 'e1' },
  'sales/open': {},
  'issues/linked': { entityId: 'e1' },
  'admin/settings/get': {},
  'admin/credentials/save': { clientId: 'id', clientSecret: 'secret' },
  'admin/credentials/remove': {},
  'admin/connection/test': {},
  'admin/policy/save': { groups: [] },
  'admin/groups/find': { query: 'x' },
  'admin/autolink/save': { projects: [] },
  'admin/projects/find': { query: 'x' },
  'gadget/customers': { scope: { kind: 'project', projectKey: 'SUP' }, top: 10 },
};

describe('manifest and entry point', () => {
  it('exports every handler named in manifest.yml from its module', async () => {
    const functions = manifest.modules.function ?? [];
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      const [file, exported] = fn.handler!.split('.');
      const mod = (await import(join(ROOT, 'src', file!))) as Record<string, unknown>;
      expect(typeof mod[exported!]).toBe('function');
    }
    // src/index.ts only re-exports the handlers the manifest names.
    const statements = source('src/index.ts').tree.statements;
    expect(new Set(statements.map((statement) => ts.SyntaxKind[statement.kind]))).toEqual(
      new Set(['ExportDeclaration']),
    );
    expect(importsOf(source('src/index.ts'))).toEqual([]);
    expect(Object.keys(await import('../../src/index')).sort()).toEqual(
      functions.map((fn) => fn.handler!.split('.')[1]).sort(),
    );
  });

  it('every module with a resolver points at a declared function', () => {
    const fnKeys = new Set((manifest.modules.function ?? []).map((f) => f.key));
    for (const [type, list] of Object.entries(manifest.modules)) {
      for (const m of list)
        if (m.resolver) expect(`${type}:${fnKeys.has(m.resolver.function)}`).toBe(`${type}:true`);
    }
  });

  it('validates with @forge/manifest: no errors, no warnings', async () => {
    for (const r of manifest.resources.filter((r) => r.path.endsWith('.tsx'))) {
      expect(`${r.path}:${existsSync(join(ROOT, r.path))}`).toBe(`${r.path}:true`);
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { validate } = require('@forge/manifest') as {
      validate: (
        b: boolean,
        p: string,
      ) => Promise<{ success: boolean; errors?: { level: string; message: string }[] }>;
    };
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const result = await validate(false, 'manifest.yml');
      expect(result.errors ?? []).toEqual([]);
      expect(result.success).toBe(true);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe('contract and resolvers', () => {
  it('the handler table and the validator table have the same keys (the contract types both)', async () => {
    expect(KEYS_ARE_THE_CONTRACTS).toEqual([true, true, true, true, true]);
    const { resolvers } = await import('../../src/backend/resolvers');
    const { validators: table } = await import('../../src/backend/validate');
    expect(Object.keys(resolvers).sort()).toEqual(Object.keys(table).sort());
    expect(Object.keys(resolvers).sort()).toEqual(Object.keys(VALID_PAYLOADS).sort());
  });

  it('the UI calls the backend only through the typed call() of shared/api', () => {
    const bridgeCallers = sourcesUnder('src/frontend')
      .filter((file) =>
        importsOf(file).some(
          (imported) =>
            imported.specifier === '@forge/bridge' &&
            imported.names.some((name) => name === 'invoke' || name === 'makeInvoke'),
        ),
      )
      .map((file) => file.path);
    expect(bridgeCallers).toEqual(['src/frontend/shared/api.ts']);
  });

  describe('each key answers only the modules it belongs to', () => {
    const host = new ForgeHost();
    let handler: ResolverHandler;
    beforeAll(async () => {
      host.install();
      ({ handler } = (await import('../../src/index')) as unknown as { handler: ResolverHandler });
    });
    afterAll(() => host.uninstall());

    const keys = Object.keys(VALID_PAYLOADS) as FunctionKey[];
    it.each(keys)('%s', async (key) => {
      const admin = key.startsWith('admin/');
      host.jira.resetCounts();
      // An admin, from the other kind of module: refused before any Jira request.
      const answer = (await host.invoke(handler, key, VALID_PAYLOADS[key], {
        accountId: DEMO_USERS.admin.accountId,
        moduleKey: admin ? 'atlas-crm-issue-panel' : 'atlas-crm-admin-page',
        extensionType: admin ? 'jira:issuePanel' : 'jira:adminPage',
        ...(admin ? { issue: { id: '10001', key: 'SUP-1' } } : {}),
      })) as Result<unknown>;
      expect(answer).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(host.jira.counts().total).toBe(0);
    });
  });
});

describe('Jira calls and permissions', () => {
  const backend = [...sourcesUnder('src/backend'), source('src/index.ts')];
  const jiraCalls = backend.flatMap((file) =>
    methodCalls(file, 'requestJira').map((found) => ({ file, ...found })),
  );

  it('every Jira call uses the route tag with asUser() or asApp()', () => {
    for (const { file, receiver, args, call: site } of jiraCalls) {
      const [path] = args;
      const tag = path && ts.isTaggedTemplateExpression(path) ? path.tag.getText() : undefined;
      const at = where(file, site);
      const asUserOrApp = receiver === 'asUser()' || receiver === 'asApp()';
      expect({ at, asUserOrApp, tag }).toEqual({ at, asUserOrApp: true, tag: 'route' });
    }
    // no bare requestJira imported from @forge/api
    for (const file of backend) {
      const bare = importsOf(file).filter(
        (imported) => imported.specifier === '@forge/api' && imported.names.includes('requestJira'),
      );
      expect(`${file.path}:${bare.length}`).toBe(`${file.path}:0`);
    }
    // The app's Jira calls were found (permissions, groups, issue property read and write).
    expect(jiraCalls.length).toBeGreaterThanOrEqual(6);
  });

  it('the UI never gets Jira or CRM access: no @forge/api, KVS, backend or CRM client in the frontend', () => {
    const forbidden = ['@forge/api', '@forge/kvs', 'src/crm', 'src/crm/index', 'src/crm/client'];
    const offending = sourcesUnder('src/frontend').flatMap((file) =>
      importsOf(file)
        .filter((imported) => !imported.typeOnly)
        .filter(
          (imported) =>
            forbidden.includes(imported.target) || imported.target.startsWith('src/backend/'),
        )
        .map((imported) => `${file.path} imports ${imported.specifier}`),
    );
    expect(offending).toEqual([]);
  });

  it('declares the scopes the code needs', () => {
    const routes = jiraCalls.map(({ args }) => {
      const [path] = args;
      return path && ts.isTaggedTemplateExpression(path) ? templateText(path.template) : '';
    });
    const methods = jiraCalls.map(({ args }) => stringProperty(args[1], 'method') ?? 'GET');
    const usesKvs = backend.some((file) =>
      importsOf(file).some((imported) => imported.specifier === '@forge/kvs'),
    );
    const needed = new Set<string>();
    if (routes.some((route) => route.includes('/mypermissions') || route.includes('/properties/')))
      needed.add('read:jira-work');
    if (methods.includes('PUT')) needed.add('write:jira-work');
    if (routes.some((route) => route.includes('/user/groups') || route.includes('/groups/picker')))
      needed.add('read:jira-user');
    if (usesKvs) needed.add('storage:app');
    expect([...needed].sort()).toEqual([
      'read:jira-user',
      'read:jira-work',
      'storage:app',
      'write:jira-work',
    ]);
    for (const scope of needed) expect(manifest.permissions.scopes).toContain(scope);
  });

  it('declares the Atlas CRM host as a backend egress address', async () => {
    const { DEFAULT_CRM_BASE_URL } = await import('../../src/backend/services/crm');
    const addresses = (manifest.permissions.external?.fetch?.backend ?? []).map((a) =>
      typeof a === 'string' ? a : a.address,
    );
    expect(addresses).toContain(new URL(DEFAULT_CRM_BASE_URL).origin);
  });

  it('keeps secrets in KVS secrets only', () => {
    const secretKeys = (path: string) =>
      methodCalls(source(path), 'setSecret')
        .filter((found) => found.receiver === 'kvs')
        .map((found) => found.args[0]?.getText());
    expect(secretKeys('src/backend/storage/settings.ts')).toContain('SECRET_KEYS.clientSecret');
    expect(secretKeys('src/backend/storage/token-cache.ts')).toContain('SECRET_KEYS.accessToken');
    for (const file of backend) {
      for (const { receiver, args, call: site } of methodCalls(file, 'set')) {
        if (receiver !== 'kvs') continue;
        const written = args.map((arg) => arg.getText().toLowerCase()).join(', ');
        const secretLike = ['secret_keys', 'secret', 'token', 'credential'].filter((word) =>
          written.includes(word),
        );
        expect(`${where(file, site)}: ${secretLike.join(', ')}`).toBe(`${where(file, site)}: `);
      }
    }
  });
});
