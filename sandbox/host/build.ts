// Build steps `npm start` needs: the app's UI bundles (scripts/build.ts, i.e. @forge/bundler)
// when dist/ is missing or stale, and the host's own browser code (esbuild).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const ROOT = path.resolve(__dirname, '..', '..');
export const DIST = path.join(ROOT, 'dist');
export const UI_RESOURCES = [
  'issue-panel',
  'issue-context',
  'admin-page',
  'dashboard-gadget',
] as const;

export async function newestMtime(target: string): Promise<number> {
  const info = await stat(target);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of await readdir(target)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, await newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** Why the UI bundles must be rebuilt, or undefined when dist/ is current. */
export async function uiBuildReason(): Promise<string | undefined> {
  for (const resource of UI_RESOURCES) {
    if (!existsSync(path.join(DIST, resource, 'index.html'))) return `dist/${resource} is missing`;
  }
  let oldest = Infinity;
  for (const resource of UI_RESOURCES)
    oldest = Math.min(oldest, await newestMtime(path.join(DIST, resource)));
  const sources = Math.max(
    await newestMtime(path.join(ROOT, 'src', 'frontend')),
    await newestMtime(path.join(ROOT, 'src', 'shared')),
  );
  return sources > oldest ? 'src/frontend changed since the last build' : undefined;
}

/**
 * Runs the UI half of the app's own build script (`npm run build -- --only ui`), passing its
 * progress lines (one per bundle, then the size table) to `log` as they come.
 */
export function buildUi(log: (line: string) => void, signal?: AbortSignal): Promise<void> {
  const tsx = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const script = path.join(ROOT, 'scripts', 'build.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsx, script, '--only', 'ui'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(signal ? { signal } : {}),
    });
    const output: string[] = [];
    const collect = (line: string) => {
      if (!line.trim()) return;
      output.push(line);
      if (/built|building|resource|KB/.test(line)) log(line);
    };
    createInterface({ input: child.stdout }).on('line', collect);
    createInterface({ input: child.stderr }).on('line', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`UI build failed (exit ${code}):\n${output.slice(-30).join('\n')}`));
    });
  });
}

export interface HostAssets {
  /** Directory holding renderer.js/.css and page.js/.css. */
  dir: string;
}

/** Bundles the forgeDoc renderer and the host page for the browser. */
export async function buildHostAssets(outDir: string): Promise<HostAssets> {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: {
      renderer: path.join(__dirname, 'renderer', 'index.tsx'),
      page: path.join(__dirname, 'page', 'index.ts'),
    },
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome110'],
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    logLevel: 'silent',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"', 'process.env': '{}', global: 'globalThis' },
    loader: { '.svg': 'dataurl', '.png': 'dataurl', '.woff': 'dataurl', '.woff2': 'dataurl' },
    tsconfig: path.join(ROOT, 'tsconfig.json'),
  });
  return { dir: outDir };
}

/**
 * Serialises builds across processes (parallel jest workers, a second `npm start`): mkdir is
 * atomic; a lock older than 5 minutes is a crashed builder's and is taken over.
 */
export async function withBuildLock<T>(fn: () => Promise<T>): Promise<T> {
  const lock = path.join(ROOT, 'node_modules', '.cache', 'atlas-crm-sandbox.lock');
  await mkdir(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > 5 * 60_000) await rmdir(lock).catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`timed out waiting for the build lock ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(lock).catch(() => undefined);
  }
}

/** Host assets are cached under node_modules/.cache and rebuilt when sandbox/host changes. */
export async function ensureHostAssets(log: (l: string) => void): Promise<string> {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'atlas-crm-sandbox');
  const marker = path.join(dir, 'renderer.js');
  const sources = Math.max(
    await newestMtime(__dirname),
    (await stat(path.join(ROOT, 'package-lock.json')).catch(() => ({ mtimeMs: 0 }))).mtimeMs,
  );
  if (
    existsSync(marker) &&
    existsSync(path.join(dir, 'page.js')) &&
    (await stat(marker)).mtimeMs > sources
  )
    return dir;
  const started = Date.now();
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await buildHostAssets(tmp);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.dirname(dir), { recursive: true });
  await rename(tmp, dir);
  log(
    `bundled the forgeDoc renderer and host page in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return dir;
}
