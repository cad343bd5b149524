// The function bundle's module load time (what every cold start pays before the first call is
// handled) beside a hello-world Forge function using @forge/api, @forge/kvs and @forge/resolver,
// both built as `forge deploy` builds them (@forge/bundler's node bundler, scripts/build). The
// matcher of suggestions is a chunk of its own, loaded on the first suggestions call: the built
// bundle answers one through the platform stand-in, so a chunk left out would show here.
import { execFileSync } from 'node:child_process';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { startSimulator } from '../sandbox/crm-simulator';
import { DEMO_USERS, type ResolverHandler } from '../sandbox/forge-host';
import { consoleLogger, ROOT } from '../scripts/build/bundle';
import { bundleEntries, bundleFunctions } from '../scripts/build/function';
import type { Result, SuggestionsData } from '../src/shared/contract';
import { hostWithCrm } from '../test/setup/crm-host';

/** Loads of each bundle, alternating, each in a new Node process; the median is reported. */
const RUNS = 15;
/** The target: the app's bundle loads in at most this many times the hello world's time. */
export const MAX_LOAD_RATIO = 2;

export interface FunctionLoadFigures {
  appMs: number;
  helloMs: number;
  ratio: number;
  appKb: number;
  helloKb: number;
  /** The chunks loaded on demand beside the bundle (the matcher of suggestions and its libraries). */
  chunksKb: number;
  /** Suggestions the built bundle answered for the demo issue SUP-1 (its chunks loaded). */
  builtSuggestions: number;
}

/** suggestions/list on SUP-1 through the built bundle, against the demo simulator. */
async function suggestThroughBundle(file: string): Promise<number> {
  const sim = await startSimulator({ port: 0 });
  const host = hostWithCrm(sim.baseUrl);
  host.install();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require(file) as { handler: ResolverHandler };
    const as = (user: 'admin' | 'agent') =>
      user === 'admin'
        ? {
            accountId: DEMO_USERS.admin.accountId,
            moduleKey: 'atlas-crm-admin-page',
            extensionType: 'jira:adminPage' as const,
          }
        : {
            accountId: DEMO_USERS.agent.accountId,
            moduleKey: 'atlas-crm-issue-panel',
            extensionType: 'jira:issuePanel' as const,
            issue: { id: '10001', key: 'SUP-1' },
          };
    const credentials = { clientId: sim.clientId, clientSecret: sim.clientSecret };
    await host.invoke(handler, 'admin/credentials/save', credentials, as('admin'));
    const result = (await host.invoke(
      handler,
      'suggestions/list',
      undefined,
      as('agent'),
    )) as Result<SuggestionsData>;
    if (!result.ok) throw new Error(`the built bundle failed: ${JSON.stringify(result.error)}`);
    return result.data.items.length;
  } finally {
    host.uninstall();
    await sim.close();
  }
}

/** Milliseconds to require the bundle in a fresh Node process. */
function loadMs(file: string): number {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(file)}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  return Number(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export async function benchFunctionLoad(): Promise<FunctionLoadFigures> {
  const logger = consoleLogger('quiet');
  const app = await bundleFunctions(logger);
  const hello = await bundleEntries(logger, [
    { name: 'hello', path: path.join(ROOT, 'bench', 'fixtures', 'hello-function', 'index') },
  ]);
  try {
    const appFile = path.join(app.outputDir, `${app.modules[0] ?? 'index'}.cjs`);
    const helloFile = path.join(hello.outputDir, 'hello.cjs');
    const appTimes: number[] = [];
    const helloTimes: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      appTimes.push(loadMs(appFile));
      helloTimes.push(loadMs(helloFile));
    }
    const appMs = median(appTimes);
    const helloMs = median(helloTimes);
    const kb = async (file: string) => Math.round((await stat(file)).size / 1024);
    const chunks = (await readdir(app.outputDir)).filter(
      (file) => file.endsWith('.cjs') && file !== path.basename(appFile),
    );
    let chunksKb = 0;
    for (const chunk of chunks) chunksKb += await kb(path.join(app.outputDir, chunk));
    return {
      appMs: Math.round(appMs * 10) / 10,
      helloMs: Math.round(helloMs * 10) / 10,
      ratio: Math.round((appMs / helloMs) * 100) / 100,
      appKb: await kb(appFile),
      helloKb: await kb(helloFile),
      chunksKb,
      builtSuggestions: await suggestThroughBundle(appFile),
    };
  } finally {
    await rm(app.outputDir, { recursive: true, force: true });
    await rm(hello.outputDir, { recursive: true, force: true });
  }
}

export function describeFunctionLoad(f: FunctionLoadFigures): string {
  return `Function bundle module load: ${f.appMs} ms for ${f.appKb} KB (+ ${f.chunksKb} KB of chunks loaded on demand; the built bundle suggested ${f.builtSuggestions} records on SUP-1), against ${f.helloMs} ms for a hello-world function of ${f.helloKb} KB (@forge/api, @forge/kvs, @forge/resolver): ${f.ratio} x (target <= ${MAX_LOAD_RATIO}: ${f.ratio <= MAX_LOAD_RATIO ? 'met' : 'NOT met'}). Median of ${RUNS} fresh Node processes each.`;
}

// `tsx bench/function-load.ts`: this figure alone.
if (require.main === module)
  benchFunctionLoad().then(
    (f) => console.log(describeFunctionLoad(f)),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
