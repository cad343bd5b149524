// Each user action of the issue panel, run through the real handler with fixed injected latency,
// under both shapes of list answers, and the least possible time for it (the round trips it can
// not avoid).
import type { ListFields } from '../sandbox/crm-simulator';
import type { PanelData } from '../src/shared/contract';
import { actionSpecs, prepareBenchData } from './action-specs';
import type { ActionSpec, Least } from './spec';
import { criticalPath } from './critical-path';
import { observe, setKvsLatency, type Channel } from './instrument';
import type { BenchWorld } from './world';

/** Per request: Atlas CRM over the internet, Jira and Forge's KVS inside Atlassian's cloud. */
export const LATENCY: Record<Channel, number> = { crm: 80, jira: 40, kvs: 20 };
/** With fields first (as before), then as documented. */
export const SHAPES: readonly ListFields[] = ['include', 'omit'];

export interface ActionFigures {
  action: string;
  /** Whether the CRM's list answers carried the entities' fields. */
  listFields: ListFields;
  resolverCalls: number;
  crmRequests: number;
  tokenRequests: number;
  jiraRequests: number;
  kvsCalls: number;
  /** Sequential round trips measured (critical path) and along which channels. */
  rounds: number;
  chain: string;
  wallMs: number;
  leastRounds: number;
  leastChain: string;
  leastMs: number;
  ratio: number;
  /** Why the least possible chain is what it is. */
  least: string;
}

type RunFigures = Pick<
  ActionFigures,
  | 'resolverCalls'
  | 'crmRequests'
  | 'tokenRequests'
  | 'jiraRequests'
  | 'kvsCalls'
  | 'rounds'
  | 'chain'
  | 'wallMs'
>;

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function leastFor(spec: ActionSpec, shape: ListFields): Least {
  if (shape === 'include') return spec.least;
  return (
    spec.omit ?? {
      chain: spec.least.chain,
      why: `${spec.least.why}; no list request, so the same as with fields`,
    }
  );
}

async function measure(w: BenchWorld, spec: ActionSpec, shape: ListFields): Promise<ActionFigures> {
  const runs: RunFigures[] = [];
  for (let i = 0; i < RUNS; i++) {
    await spec.prepare?.(i);
    w.sim.control.resetStats();
    w.host.resetCounts();
    const { result, wallMs, intervals } = await observe(() => spec.run(i));
    const r = result as { ok?: boolean; error?: unknown };
    if (r.ok !== true)
      throw new Error(`${spec.name} (${shape}) failed: ${JSON.stringify(r.error)}`);
    const stats = w.sim.control.stats();
    const counts = w.host.counts();
    const chain = criticalPath(intervals);
    runs.push({
      resolverCalls: 1,
      crmRequests: stats.total,
      tokenRequests: stats.tokenRequests,
      jiraRequests: counts.jira,
      kvsCalls: counts.kvs,
      rounds: chain.rounds,
      chain: chain.path.join('>'),
      wallMs,
    });
  }
  const wall = median(runs.map((r) => r.wallMs));
  const typical = runs.find((r) => r.wallMs === wall) as RunFigures;
  const least = leastFor(spec, shape);
  const leastMs = least.chain.reduce((n, c) => n + LATENCY[c], 0);
  return {
    action: spec.name,
    listFields: shape,
    ...typical,
    wallMs: Math.round(wall * 10) / 10,
    leastRounds: least.chain.length,
    leastChain: least.chain.join('>'),
    leastMs,
    ratio: Math.round((wall / leastMs) * 100) / 100,
    least: least.why,
  };
}

/** Removes the links the create action made, so the next pass starts from the same three. */
async function unlinkCreated(w: BenchWorld, keep: string[]): Promise<void> {
  const panel = await w.ok<PanelData>('panel/open');
  for (const link of panel.links)
    if (!keep.includes(link.id)) await w.ok('links/remove', { entityId: link.id });
}

export async function benchActions(w: BenchWorld): Promise<ActionFigures[]> {
  const data = await prepareBenchData(w);
  const specs = actionSpecs(w, data);
  const out: ActionFigures[] = [];
  for (const shape of SHAPES) {
    w.sim.control.setListFields(shape);
    w.sim.control.setFaults({ latencyMs: LATENCY.crm, latencyJitterMs: 0 });
    w.host.jira.setFaults({ latencyMs: LATENCY.jira });
    setKvsLatency(LATENCY.kvs);
    // Warm-up (JIT, connection pool), not measured: the first action should not pay for it.
    for (let i = 0; i < 3; i++) {
      w.forget('cache:templates:v1');
      await w.ok<PanelData>('panel/open');
      await w.ok('entities/search', data.search);
      await w.ok('entities/get', { entityId: data.detailsId });
      await w.ok('suggestions/list');
      await w.ok('sales/open');
    }
    for (const spec of specs) out.push(await measure(w, spec, shape));
    w.sim.control.clearFaults();
    w.host.jira.setFaults({ latencyMs: 0 });
    setKvsLatency(0);
    await unlinkCreated(w, data.ids.slice(0, 3));
  }
  w.sim.control.setListFields('include');
  return out;
}
