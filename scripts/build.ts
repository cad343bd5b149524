// `npm run build`: builds each UI Kit resource of manifest.yml with @forge/bundler, the same
// NativeUIBundler `forge deploy` runs, and copies the artifacts to dist/<resource>/. Works offline.
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  bundleUiResources,
  consoleLogger,
  filesUnder,
  manifestUiResources,
  ROOT,
} from './build/bundle';

const DIST = path.join(ROOT, 'dist');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  const started = Date.now();
  const resources = await manifestUiResources();
  if (resources.length === 0)
    throw new Error('manifest.yml declares no UI Kit (render: native) resources');

  const logger = consoleLogger(process.argv.includes('--verbose') ? 'verbose' : 'normal');
  const bundles = await bundleUiResources(resources, logger);
  await rm(DIST, { recursive: true, force: true });
  const rows: [string, string, string][] = [];
  let failed = false;
  for (const bundle of bundles) {
    const target = path.join(DIST, bundle.key);
    await mkdir(target, { recursive: true });
    await cp(bundle.path, target, { recursive: true });
    const files = await filesUnder(target);
    const js = files.filter((f) => f.file.endsWith('.js')).reduce((n, f) => n + f.bytes, 0);
    const all = files.filter((f) => !f.file.endsWith('.map')).reduce((n, f) => n + f.bytes, 0);
    if (js === 0) failed = true;
    rows.push([bundle.key, kb(js), kb(all)]);
  }
  console.log('\nresource          js         total (no maps)   -> dist/<resource>/');
  for (const [key, js, all] of rows)
    console.log(`${key.padEnd(16)}  ${js.padStart(9)}  ${all.padStart(9)}`);
  console.log(
    `\nbuilt ${rows.length} UI resources in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  if (failed) throw new Error('a bundle has no JavaScript');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
