// The printed table of `npm run bench`.
import type { GadgetFigures } from './gadget';
import type { ActionFigures } from './actions';
import type { BrowserFigures } from './browser';
import type { BundleFigures } from './bundles';
import { describeFunctionLoad, type FunctionLoadFigures } from './function-load';
import type { SearchLatencyFigures } from './search-latency';
import type { TokenFigures } from './tokens';

export interface BenchResults {
  generatedAt: string;
  latency: { crmMs: number; jiraMs: number; kvsMs: number };
  actions: ActionFigures[];
  tokens: TokenFigures;
  bundles: BundleFigures[];
  functionLoad: FunctionLoadFigures;
  searchLatency: SearchLatencyFigures;
  gadget: GadgetFigures;
  browser: BrowserFigures;
  targets: {
    ratioMax: number;
    allRatiosMet: boolean;
    panelOpenResolverCalls: number;
    /** With fields in list answers. */
    crmRequestsPerSearch: number;
    /** As documented: the list, then the entities of the page by id. */
    crmRequestsPerSearchOmit: number;
    tokenRequestsPerHour: number;
    kvsCallsPerLink: number;
    kvsCallsPerLinkMax: number;
  };
}

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => String(c).padStart(widths[i] ?? 8)).join('  ');
}

export function formatTable(r: BenchResults): string {
  const lines: string[] = [];
  lines.push(
    `Injected latency: ${r.latency.crmMs} ms per CRM request, ${r.latency.jiraMs} ms per Jira request, KVS ${r.latency.kvsMs} ms. Median of 7 runs.`,
    "Access policy limited to one Jira group, so every call also reads the caller's groups. Issue SUP-1 with 3 links.",
    "Every action twice: lists 'include' = the CRM's list answers carry the entities' fields; 'omit' = as the API reference documents (id, type, _links only).",
    '',
  );
  const widths = [18, 7, 8, 4, 6, 5, 4, 7, 16, 8, 16, 6, 6];
  lines.push(
    row(
      [
        'action',
        'lists',
        'resolver',
        'CRM',
        'token',
        'Jira',
        'KVS',
        'rounds',
        'chain',
        'wall ms',
        'least chain',
        'least',
        'ratio',
      ],
      widths,
    ),
  );
  for (const a of r.actions) {
    lines.push(
      row(
        [
          a.action,
          a.listFields,
          a.resolverCalls,
          a.crmRequests,
          a.tokenRequests,
          a.jiraRequests,
          a.kvsCalls,
          a.rounds,
          a.chain,
          a.wallMs.toFixed(1),
          a.leastChain,
          a.leastMs,
          a.ratio.toFixed(2),
        ],
        widths,
      ),
    );
  }
  lines.push('', 'Least possible, per action:');
  for (const a of r.actions)
    lines.push(
      `  ${a.action} (lists ${a.listFields}): ${a.leastChain} = ${a.leastMs} ms (${a.least})`,
    );
  const t = r.tokens;
  lines.push(
    '',
    `Token requests: ${t.tokenRequests} for ${t.invocations} invocations (${t.concurrency} at a time, ${t.crmRequests} CRM requests); least possible ${t.leastTokenRequests}.`,
    '',
    'UI bundles (JavaScript, no source maps):',
  );
  for (const b of r.bundles)
    lines.push(
      `  ${b.resource.padEnd(18)} ${(b.jsBytes / 1024).toFixed(1).padStart(8)} KB  ${b.vsHello.toFixed(2)} x hello`,
    );
  lines.push('', describeFunctionLoad(r.functionLoad));
  const s = r.searchLatency;
  lines.push(
    '',
    `Simulator first page of a filtered search over ${s.entities.toLocaleString('en')} entities: p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms (${s.samples} requests, ${s.queries} queries; start-up ${s.startupMs} ms).`,
    '',
    `Dashboard gadget, ${r.gadget.issues.toLocaleString('en')} open issues with a customer in one project: ${r.gadget.wallMs} ms (median of 3), ${r.gadget.jiraRequests} Jira requests, ${r.gadget.kvsCalls} KVS call(s), ${r.gadget.approximate ? `approximate (${r.gadget.scanned} read)` : 'exact'}; limit 25 s.`,
    '',
    `In the browser (${r.browser.browser}), opening ${r.browser.issue} until its linked records are on screen: cold ${r.browser.coldMs} ms (fresh browser, first open), warm ${r.browser.warmMs} ms (median of ${r.browser.warmRuns.length}: ${r.browser.warmRuns.join(', ')}).`,
    '',
    `Targets: every ratio <= ${r.targets.ratioMax}: ${r.targets.allRatiosMet ? 'met' : 'NOT met'}; panel open in ${r.targets.panelOpenResolverCalls} resolver call; ${r.targets.crmRequestsPerSearch} CRM request per settled search with fields in lists, ${r.targets.crmRequestsPerSearchOmit} without; ${r.targets.tokenRequestsPerHour} token request(s) per hour; ${r.targets.kvsCallsPerLink} KVS calls per link (at most ${r.targets.kvsCallsPerLinkMax}: ${r.targets.kvsCallsPerLink <= r.targets.kvsCallsPerLinkMax ? 'met' : 'NOT met'}).`,
  );
  return lines.join('\n');
}
