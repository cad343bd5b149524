// The offline equivalent of what `forge deploy` does to UI Kit resources: @forge/bundler's
// NativeUIBundler over resources read from manifest.yml. Shared by `npm run build` and the bench.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { NativeUIBundler } from '@forge/bundler';
import { ConfigFile, FileSystemReader, FileSystemWriter, type Logger } from '@forge/cli-shared';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface UiResource {
  key: string;
  path: string;
  resourceType: 'nativeUI';
}

export interface BuiltBundle {
  key: string;
  /** Where the bundler left the artifact. */
  path: string;
}

/** 'quiet' keeps only errors (for the bench's own table); 'verbose' adds the bundler's debug. */
export function consoleLogger(level: 'quiet' | 'normal' | 'verbose'): Logger {
  const say = (m: string) => {
    if (level !== 'quiet') console.log(m);
  };
  return {
    traceEnabled: false,
    debugEnabled: level === 'verbose',
    trace: () => undefined,
    debug: (m) => {
      if (level === 'verbose') console.log(m);
    },
    info: say,
    warn: (m) => say(`warning: ${m}`),
    error: (e) => console.error(e.message),
  };
}

/** The UI Kit (render: native) resources manifest.yml declares. */
export async function manifestUiResources(): Promise<UiResource[]> {
  const config = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
  return (await withRootCwd(() => config.getResources(['nativeUI']))) as UiResource[];
}

/**
 * Bundles the resources one after the other, one NativeUIBundler run each (what `forge deploy`
 * runs per resource), so `onBuilt` reports each bundle when it is done. Webpack's work is CPU
 * bound on one thread: side by side they would all finish together, no sooner.
 */
export async function bundleUiResources(
  resources: UiResource[],
  logger: Logger,
  onBuilt?: (bundle: BuiltBundle) => void,
): Promise<BuiltBundle[]> {
  const bundler = new NativeUIBundler(logger);
  const bundles: BuiltBundle[] = [];
  await withRootCwd(async () => {
    for (const resource of resources) {
      const result = await bundler.bundleResources([resource]);
      const [built] = result.nativeUiBundlesDetails;
      if (!built) throw new Error(`@forge/bundler built nothing for ${resource.key}`);
      const bundle = { key: built.key, path: built.path };
      onBuilt?.(bundle);
      bundles.push(bundle);
    }
  });
  return bundles.sort((a, b) => a.key.localeCompare(b.key));
}

export async function filesUnder(dir: string): Promise<{ file: string; bytes: number }[]> {
  const out: { file: string; bytes: number }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else out.push({ file: full, bytes: (await stat(full)).size });
  }
  return out;
}

export async function jsBytes(dir: string): Promise<number> {
  return (await filesUnder(dir))
    .filter((f) => f.file.endsWith('.js'))
    .reduce((n, f) => n + f.bytes, 0);
}

/** The bundlers resolve manifest paths and the tsconfig from the app directory, as forge does. */
export async function withRootCwd<T>(fn: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    return await fn();
  } finally {
    process.chdir(cwd);
  }
}
