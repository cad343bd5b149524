// `npm run build`: builds each UI Kit resource of manifest.yml with @forge/bundler, the same
// NativeUIBundler `forge deploy` runs, and copies the artifacts to dist/<resource>/. Works offline.
import { cp, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { NativeUIBundler } from '@forge/bundler';
import { ConfigFile, FileSystemReader, FileSystemWriter, type Logger } from '@forge/cli-shared';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const verbose = process.argv.includes('--verbose');

const logger: Logger = {
  traceEnabled: false,
  debugEnabled: verbose,
  trace: () => undefined,
  debug: (m) => {
    if (verbose) console.log(m);
  },
  info: (m) => console.log(m),
  warn: (m) => console.warn(`warning: ${m}`),
  error: (e) => console.error(e.message),
};

async function filesUnder(dir: string): Promise<{ file: string; bytes: number }[]> {
  const out: { file: string; bytes: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push({ file: full, bytes: (await stat(full)).size });
  }
  return out;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

async function main(): Promise<void> {
  process.chdir(ROOT); // the bundler resolves resource paths and tsconfig from the app directory
  const started = Date.now();
  const config = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
  const resources = await config.getResources(['nativeUI']);
  if (resources.length === 0)
    throw new Error('manifest.yml declares no UI Kit (render: native) resources');

  const result = await new NativeUIBundler(logger).bundleResources(resources);
  await rm(DIST, { recursive: true, force: true });
  const rows: [string, string, string][] = [];
  let failed = false;
  for (const bundle of result.nativeUiBundlesDetails.sort((a, b) => a.key.localeCompare(b.key))) {
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
