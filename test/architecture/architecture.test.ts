// Structural rules of the app, checked on the sources and the manifest.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

function filesUnder(dir: string, exts = ['.ts', '.tsx']): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (exts.some((e) => p.endsWith(e))) out.push(relative(ROOT, p));
    }
  };
  walk(join(ROOT, dir));
  return out;
}

interface Manifest {
  modules: Record<string, { key: string; handler?: string; resolver?: { function: string } }[]>;
  resources: { key: string; path: string }[];
  permissions: {
    scopes: string[];
    external?: { fetch?: { backend?: ({ address: string } | string)[] } };
  };
}

const manifest = parse(read('manifest.yml')) as Manifest;

/** Function keys of `Defs` in the contract, read from its source. */
function contractKeys(): string[] {
  const src = read('src/shared/contract.ts');
  const body = /export type Defs = \{([\s\S]*?)\n\};/.exec(src)?.[1] ?? '';
  return [...body.matchAll(/^\s*'([^']+)':/gm)].map((m) => m[1]!).sort();
}

describe('manifest and entry point', () => {
  it('exports every handler named in manifest.yml from its module', async () => {
    const functions = manifest.modules.function ?? [];
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      const [file, exported] = fn.handler!.split('.');
      const mod = (await import(join(ROOT, 'src', file!))) as Record<string, unknown>;
      expect(typeof mod[exported!]).toBe('function');
    }
    // src/index.ts only re-exports
    expect(
      read('src/index.ts')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.trim().startsWith('//')),
    ).toEqual(["export { handler } from './backend/resolvers';"]);
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
  it('every key of Defs has a resolver, and every resolver a key of Defs', async () => {
    const { resolvers } = await import('../../src/backend/resolvers');
    expect(Object.keys(resolvers).sort()).toEqual(contractKeys());
    const { validators } = await import('../../src/backend/validate');
    expect(Object.keys(validators).sort()).toEqual(contractKeys());
  });

  it('every key the frontend invokes has a resolver', async () => {
    const keys = new Set(contractKeys());
    const used = new Set<string>();
    for (const f of filesUnder('src/frontend')) {
      for (const m of read(f).matchAll(/\b(?:call|invoke)(?:<[^>]*>)?\(\s*'([a-z]+\/[a-z/]+)'/g))
        used.add(m[1]!);
    }
    expect([...used].filter((k) => !keys.has(k))).toEqual([]);
  });

  it('admin keys are exactly the ones under admin/, and all of them check the admin page module', () => {
    const adminSrc = read('src/backend/resolvers/admin.ts');
    expect(adminSrc).toContain('requireAdminCall(');
    expect(adminSrc).toContain('await requireAdmin()');
    const panelSrc = read('src/backend/resolvers/issue-panel.ts');
    expect(panelSrc).not.toMatch(/'admin\//);
  });
});

describe('Jira calls and permissions', () => {
  const sources = [...filesUnder('src/backend'), 'src/index.ts'].map((f) => ({ f, src: read(f) }));

  it('every Jira call uses the route tag with asUser() or asApp()', () => {
    let calls = 0;
    for (const { f, src } of sources) {
      for (const m of src.matchAll(/requestJira\(/g)) {
        calls++;
        const before = src.slice(Math.max(0, m.index! - 12), m.index);
        const after = src.slice(
          m.index! + 'requestJira('.length,
          m.index! + 'requestJira('.length + 30,
        );
        expect(`${f}: ${before}requestJira(${after}`).toMatch(
          /(asUser|asApp)\(\)\.requestJira\(\s*route`/,
        );
      }
      // no bare requestJira imported from @forge/api
      expect(src).not.toMatch(/import\s*\{[^}]*\brequestJira\b[^}]*\}\s*from '@forge\/api'/);
    }
    // The scan found the app's Jira calls (permissions, groups, issue property read and write).
    expect(calls).toBeGreaterThanOrEqual(6);
  });

  it('the UI never gets Jira or CRM access: no @forge/api or src/crm client in the frontend', () => {
    for (const f of filesUnder('src/frontend')) {
      expect(`${f}:${/from '@forge\/(api|kvs)'/.test(read(f))}`).toBe(`${f}:false`);
    }
  });

  it('declares the scopes the code needs', () => {
    const all = sources.map((s) => s.src).join('\n');
    const needed = new Set<string>();
    if (/mypermissions|properties\/\$\{/.test(all)) needed.add('read:jira-work');
    if (/method: 'PUT'[\s\S]{0,10}/.test(read('src/backend/storage/link-record.ts')))
      needed.add('write:jira-work');
    if (/user\/groups|groups\/picker|group\/bulk/.test(all)) needed.add('read:jira-user');
    if (/from '@forge\/kvs'/.test(all)) needed.add('storage:app');
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
    const settings = read('src/backend/storage/settings.ts');
    expect(settings).toMatch(/kvs\.setSecret\(SECRET_KEYS\.clientSecret/);
    expect(read('src/backend/storage/token-cache.ts')).toMatch(
      /kvs\.setSecret\(SECRET_KEYS\.accessToken/,
    );
    for (const { f, src } of sources) {
      if (f.endsWith('keys.ts')) continue;
      expect(`${f}:${/kvs\.set\([^)]*(SECRET_KEYS|secret|token)/i.test(src)}`).toBe(`${f}:false`);
    }
  });
});
