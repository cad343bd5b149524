// `npm run bench` (tsx bench/run.ts [--json]): round trips, time, tokens, bundle sizes and the
// simulator's search latency. Writes bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchActions, LATENCY } from './actions';
import { benchBrowser } from './browser';
import { benchBundles } from './bundles';
import { benchFunctionLoad } from './function-load';
import { benchGadget } from './gadget';
import { formatTable, type BenchResults } from './report';
import { benchSearchLatency } from './search-latency';
import { benchTokens } from './tokens';
import { startWorld } from './world';

const MAX_RATIO = 1.15;
/** A link may cost this many KVS calls at most (each is a round trip on Forge). */
const MAX_KVS_PER_LINK = 5;

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  // The app logs warnings on purpose (e.g. faults); they are not bench output.
  const log = console.log;
  if (json) console.log = () => undefined;
  const world = await startWorld();
  let actions;
  let tokens;
  let gadget;
  try {
    actions = await benchActions(world);
    tokens = await benchTokens(world);
    // Last: its 10,000 issues would slow every search of the actions above.
    gadget = await benchGadget(world);
  } finally {
    await world.close();
  }
  // Its own sandbox and Chromium, after the world above has uninstalled its platform stand-in.
  const browser = await benchBrowser();
  const bundles = await benchBundles();
  const functionLoad = await benchFunctionLoad();
  const searchLatency = await benchSearchLatency();
  const search = (shape: 'include' | 'omit') =>
    actions.find((a) => a.action === 'search' && a.listFields === shape)?.crmRequests ?? -1;
  const linkKvs = Math.max(...actions.filter((a) => a.action === 'link').map((a) => a.kvsCalls));
  const results: BenchResults = {
    generatedAt: new Date().toISOString(),
    latency: { crmMs: LATENCY.crm, jiraMs: LATENCY.jira, kvsMs: LATENCY.kvs },
    actions,
    tokens,
    bundles,
    functionLoad,
    searchLatency,
    gadget,
    browser,
    targets: {
      ratioMax: MAX_RATIO,
      allRatiosMet: actions.every((a) => a.ratio <= MAX_RATIO),
      panelOpenResolverCalls: 1,
      crmRequestsPerSearch: search('include'),
      crmRequestsPerSearchOmit: search('omit'),
      tokenRequestsPerHour: tokens.tokenRequests,
      kvsCallsPerLink: linkKvs,
      kvsCallsPerLinkMax: MAX_KVS_PER_LINK,
    },
  };
  const dir = path.join(__dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log = log;
  if (json) console.log(JSON.stringify(results));
  else console.log(formatTable(results));
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
