// UI bundle sizes: each resource of `npm run build` (dist/<resource>/) next to a one-component UI
// Kit app (bench/fixtures/hello) built by the same @forge/bundler NativeUIBundler.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { bundleUiResources, consoleLogger, jsBytes, ROOT } from '../scripts/build/bundle';

const DIST = path.join(ROOT, 'dist');

export interface BundleFigures {
  resource: string;
  jsBytes: number;
  /** Size relative to the one-component app. */
  vsHello: number;
}

async function helloBytes(): Promise<number> {
  const [bundle] = await bundleUiResources(
    [{ key: 'hello', path: 'bench/fixtures/hello/index.tsx', resourceType: 'nativeUI' }],
    consoleLogger('quiet'),
  );
  if (!bundle) throw new Error('the bundler built nothing for bench/fixtures/hello');
  return jsBytes(bundle.path);
}

export async function benchBundles(): Promise<BundleFigures[]> {
  if (!existsSync(DIST)) {
    execFileSync('npx', ['tsx', 'scripts/build.ts'], { cwd: ROOT, stdio: 'inherit' });
  }
  const hello = await helloBytes();
  const out: BundleFigures[] = [{ resource: 'hello (one Text)', jsBytes: hello, vsHello: 1 }];
  for (const entry of (await readdir(DIST, { withFileTypes: true })).filter((e) =>
    e.isDirectory(),
  )) {
    const bytes = await jsBytes(path.join(DIST, entry.name));
    out.push({
      resource: entry.name,
      jsBytes: bytes,
      vsHello: Math.round((bytes / hello) * 100) / 100,
    });
  }
  return out;
}
