// Each user action of the issue panel, run through the real handler with fixed injected latency,
// and what the least possible time for it is (the round trips it can not avoid).
import type { LinksData, PanelData, SearchResult } from '../src/shared/contract';
import { criticalPath } from './critical-path';
import { observe, type Channel } from './instrument';
import type { BenchWorld } from './world';

export const LATENCY: Record<Exclude<Channel, 'kvs'>, number> = { crm: 80, jira: 40 };

export interface ActionFigures {
  action: string;
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

interface ActionSpec {
  name: string;
  least: Channel[];
  why: string;
  prepare?: (run: number) => Promise<void>;
  run: (run: number) => Promise<unknown>;
}

const RUNS = 7;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

async function measure(w: BenchWorld, spec: ActionSpec): Promise<ActionFigures> {
  const runs: Omit<
    ActionFigures,
    'action' | 'least' | 'leastRounds' | 'leastChain' | 'leastMs' | 'ratio'
  >[] = [];
  for (let i = 0; i < RUNS; i++) {
    await spec.prepare?.(i);
    w.sim.control.resetStats();
    w.host.resetCounts();
    const { result, wallMs, intervals } = await observe(() => spec.run(i));
    const r = result as { ok?: boolean; error?: unknown };
    if (r.ok !== true) throw new Error(`${spec.name} failed: ${JSON.stringify(r.error)}`);
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
  const typical = runs.find((r) => r.wallMs === wall) as (typeof runs)[number];
  const leastMs = spec.least.reduce((n, c) => n + (c === 'kvs' ? 0 : LATENCY[c]), 0);
  return {
    action: spec.name,
    ...typical,
    wallMs: Math.round(wall * 10) / 10,
    leastRounds: spec.least.length,
    leastChain: spec.least.join('>'),
    leastMs,
    ratio: Math.round((wall / leastMs) * 100) / 100,
    least: spec.why,
  };
}

export async function benchActions(w: BenchWorld): Promise<ActionFigures[]> {
  // Entities to work with, and three already linked so a refresh has something to read.
  const page = await w.ok<SearchResult>('entities/search', { type: 'company', pageSize: 30 });
  const ids = page.items.map((i) => i.id);
  for (const id of ids.slice(0, 3)) await w.ok<LinksData>('links/add', { entityId: id });
  const probe = await w.ok<SearchResult>('entities/search', {
    type: 'contact',
    text: 'an',
    pageSize: 10,
  });
  if (!probe.nextCursor) throw new Error('the bench search needs more than one page of results');
  const search = { type: 'contact', text: 'an', pageSize: 10 };
  let cursor = probe.nextCursor;

  w.sim.control.setFaults({ latencyMs: LATENCY.crm, latencyJitterMs: 0 });
  w.host.jira.setFaults({ latencyMs: LATENCY.jira });
  const toLink = (i: number) => ids[3 + i] as string;
  // Warm-up (JIT, connection pool), not measured: the first action should not pay for it.
  for (let i = 0; i < 3; i++) {
    w.forget('cache:templates:v1');
    await w.ok<PanelData>('panel/open');
    await w.ok<SearchResult>('entities/search', search);
  }

  const specs: ActionSpec[] = [
    {
      name: 'open panel (cold)',
      least: ['crm'],
      why: 'permission, policy groups and record reads (Jira) run beside the three template reads (CRM): one CRM round',
      prepare: async () => w.forget('cache:templates:v1'),
      run: () => w.call('panel/open'),
    },
    {
      name: 'open panel (warm)',
      least: ['jira'],
      why: 'permission, policy groups and the link record: one parallel Jira round; templates from KVS',
      run: () => w.call('panel/open'),
    },
    {
      name: 'refresh',
      least: ['jira', 'crm', 'jira'],
      why: 'permission beside the record read; the linked entities (3, one parallel round); one record write',
      run: () => w.call('links/refresh'),
    },
    {
      name: 'search',
      least: ['jira', 'crm'],
      why: 'permission before any CRM request (the token is admin-level); one list request',
      run: () => w.call('entities/search', search),
    },
    {
      name: 'load more',
      least: ['jira', 'crm'],
      why: 'permission, then the next page',
      prepare: async () => {
        const first = await w.ok<SearchResult>('entities/search', search);
        cursor = first.nextCursor as string;
      },
      run: () => w.call('entities/search', { ...search, cursor }),
    },
    {
      name: 'link',
      least: ['jira', 'crm', 'crm', 'jira'],
      why: 'permission; the entity (summary, size check) beside the record read, before changing the CRM; link in the CRM; record write',
      run: (i) => w.call('links/add', { entityId: toLink(i) }),
    },
    {
      name: 'unlink',
      least: ['jira', 'crm', 'jira'],
      why: 'permission; unlink in the CRM beside the record read; record write',
      run: (i) => w.call('links/remove', { entityId: toLink(i) }),
    },
    {
      name: 'comment',
      least: ['jira', 'crm'],
      why: 'permission, then one comment request',
      run: () => w.call('comments/add', { entityId: ids[0], comment: 'Called the customer back.' }),
    },
    {
      name: 'create (and link)',
      least: ['jira', 'crm', 'crm', 'jira'],
      why: 'permission; create beside the record read; link in the CRM; record write',
      run: (i) =>
        w.call('entities/create', {
          type: 'company',
          fields: { 'company-name': `Bench Company ${i}` },
          linkToIssue: true,
        }),
    },
  ];
  const out: ActionFigures[] = [];
  for (const spec of specs) out.push(await measure(w, spec));
  w.sim.control.clearFaults();
  w.host.jira.setFaults({ latencyMs: 0 });
  // Sanity: the panel still opens with every link made above.
  await w.ok<PanelData>('panel/open');
  return out;
}
