// `npm run build`: what `forge deploy` bundles, built offline with @forge/bundler's own
// configurations: each UI Kit resource of manifest.yml (NativeUIBundler) -> dist/<resource>/, and
// the function handlers (the node runtime bundler) -> build/function/.
// `--only ui` or `--only function` builds one half; `--verbose` adds the bundler's debug lines.
import { cp, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import {
  bundleUiResources,
  consoleLogger,
  filesUnder,
  manifestUiResources,
  ROOT,
} from './build/bundle';
import { bundleFunctions } from './build/function';

const DIST = path.join(ROOT, 'dist');
const FUNCTION_OUT = path.join(ROOT, 'build', 'function');

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const logger = consoleLogger(process.argv.includes('--verbose') ? 'verbose' : 'normal');

/** Moves a bundler output (a temp directory) into place; returns the bytes of its code and of
 * all files but source maps. */
async function install(from: string, to: string, code: RegExp): Promise<[number, number]> {
  await rm(to, { recursive: true, force: true });
  await mkdir(to, { recursive: true });
  await cp(from, to, { recursive: true });
  await rm(from, { recursive: true, force: true });
  const files = (await filesUnder(to)).filter((f) => !f.file.endsWith('.map'));
  const sum = (list: typeof files) => list.reduce((n, f) => n + f.bytes, 0);
  return [sum(files.filter((f) => code.test(f.file))), sum(files)];
}

async function buildUi(): Promise<void> {
  const started = Date.now();
  const resources = await manifestUiResources();
  if (resources.length === 0)
    throw new Error('manifest.yml declares no UI Kit (render: native) resources');
  console.log(`building ${resources.length} UI bundles: ${resources.map((r) => r.key).join(', ')}`);
  let done = 0;
  const bundles = await bundleUiResources(resources, logger, (bundle) =>
    console.log(`  built ${bundle.key} (${++done} of ${resources.length}, ${seconds(started)})`),
  );
  const rows: string[] = [];
  for (const bundle of bundles) {
    const [js, all] = await install(bundle.path, path.join(DIST, bundle.key), /\.js$/);
    if (js === 0) throw new Error(`the ${bundle.key} bundle has no JavaScript`);
    rows.push(`${bundle.key.padEnd(16)}  ${kb(js).padStart(9)}  ${kb(all).padStart(9)}`);
  }
  console.log('\nresource          js         total (no maps)   -> dist/<resource>/');
  for (const row of rows) console.log(row);
  console.log(`built ${rows.length} UI resources in ${seconds(started)}\n`);
}

async function buildFunction(): Promise<void> {
  const started = Date.now();
  const { outputDir, modules } = await bundleFunctions(logger, (entries) =>
    console.log(`building the function handler modules for the Forge node runtime: ${entries}`),
  );
  const [code] = await install(outputDir, FUNCTION_OUT, /\.cjs$/);
  if (code === 0) throw new Error('the function bundle is empty');
  const names = modules.map((m) => `${m}.cjs`);
  // Chunks loaded on demand (import()) sit beside the handler modules.
  const files = (await filesUnder(FUNCTION_OUT)).filter((f) => f.file.endsWith('.cjs'));
  const chunks = files.filter((f) => !names.includes(path.basename(f.file)));
  const chunkBytes = chunks.reduce((n, f) => n + f.bytes, 0);
  console.log(
    `function bundle: ${names.join(', ')} ${kb(code - chunkBytes)}, ${chunks.length} chunks loaded on demand ${kb(chunkBytes)} -> build/function/ (${seconds(started)})`,
  );
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--only');
  const only = at === -1 ? undefined : process.argv[at + 1];
  if (only !== undefined && only !== 'ui' && only !== 'function')
    throw new Error('--only takes ui or function');
  if (only !== 'function') await buildUi();
  if (only !== 'ui') await buildFunction();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
