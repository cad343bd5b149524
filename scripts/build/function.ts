// The offline equivalent of what `forge deploy` does to the app's functions: @forge/bundler's
// node runtime bundler (its webpack configuration, ts-loader with the root tsconfig.json) over
// the handler modules manifest.yml names.
import path from 'node:path';
import { getEntryPoints, getNodeBundler } from '@forge/bundler';
import { ConfigFile, FileSystemReader, FileSystemWriter, type Logger } from '@forge/cli-shared';
import { ROOT, withRootCwd } from './bundle';

type RuntimeProvider = Parameters<typeof getNodeBundler>[1];

/**
 * `forge deploy` adds Forge's runtime loader (__forge__.cjs) beside the bundle, fetched from
 * Atlassian's servers; offline there is none. The app's own bundle does not depend on it, and
 * only the bundle is written out.
 */
const noRuntimeLoader: RuntimeProvider = {
  getNodeRuntimeWrapper: () => Promise.resolve({ script: '', source: 'offline', version: 'none' }),
  getNodeRuntimeLoader: () => Promise.resolve({ script: '', source: 'offline', version: 'none' }),
};

export interface FunctionBundles {
  /** A temp directory holding `<module>.cjs` (and its source map) per handler module. */
  outputDir: string;
  modules: string[];
}

/** Bundles every function handler module; `onStart` hears which source files are compiled. */
export async function bundleFunctions(
  logger: Logger,
  onStart?: (entries: string) => void,
): Promise<FunctionBundles> {
  return withRootCwd(async () => {
    const config = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
    const entryPoints = getEntryPoints(await config.getAppHandlers());
    onStart?.(entryPoints.map((e) => path.relative(ROOT, e.path)).join(', '));
    return bundleEntries(logger, entryPoints);
  });
}

/**
 * Bundles modules the way `forge deploy` bundles handlers (the bench's hello-world function):
 * `entryPoints` as @forge/bundler names them, a path without its extension.
 */
export async function bundleEntries(
  logger: Logger,
  entryPoints: { name: string; path: string }[],
): Promise<FunctionBundles> {
  return withRootCwd(async () => {
    const config = new ConfigFile(new FileSystemReader(), new FileSystemWriter());
    const bundler = getNodeBundler(logger, noRuntimeLoader, config);
    const { outputDir } = await bundler.bundle({ appDirectory: ROOT, entryPoints });
    return { outputDir, modules: entryPoints.map((e) => e.name) };
  });
}
