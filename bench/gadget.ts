// The dashboard gadget on a large site: 10,000 open issues with a customer in one project, read
// as the viewer at the bench's Jira and KVS latencies; its wall time, Jira requests and whether
// the counts came out exact.
import { DEMO_USERS, type ResolverHandler } from '../sandbox/forge-host';
import type { OpenByCustomer, Result } from '../src/shared/contract';
import { LATENCY } from './actions';
import { setKvsLatency } from './instrument';
import type { BenchWorld } from './world';

export interface GadgetFigures {
  issues: number;
  customers: number;
  wallMs: number;
  jiraRequests: number;
  kvsCalls: number;
  approximate: boolean;
  scanned: number;
}

const ISSUES = 10_000;
const CUSTOMERS = 400;
const RUNS = 3;

/** Issues ACC-1001 on, each with one customer: a few customers have most of them (Zipf-like). */
function seed(w: BenchWorld, fieldId: string): void {
  for (let i = 0; i < ISSUES; i++) {
    const id = String(100_000 + i);
    w.host.jira.addIssue({
      id,
      key: `ACC-${1001 + i}`,
      summary: `Bench request ${i}`,
      description: '',
      fieldValues: { [fieldId]: [`Customer ${Math.floor(CUSTOMERS / (1 + (i % CUSTOMERS)))}`] },
    });
  }
}

export async function benchGadget(w: BenchWorld): Promise<GadgetFigures> {
  const fieldId = w.host.jira.appField('Atlas CRM customer')!.id;
  seed(w, fieldId);
  const { handler } = (await import('../src/index')) as unknown as { handler: ResolverHandler };
  const config = { scope: { kind: 'project', projectKey: 'ACC' }, top: 10 };
  const runs: { ms: number; jira: number; kvs: number; data: OpenByCustomer }[] = [];
  w.host.jira.setFaults({ latencyMs: LATENCY.jira });
  setKvsLatency(LATENCY.kvs);
  try {
    for (let i = 0; i < RUNS; i++) {
      w.host.resetCounts();
      const started = performance.now();
      const result = (await w.host.invoke(handler, 'gadget/customers', config, {
        accountId: DEMO_USERS.agent.accountId,
        moduleKey: 'atlas-crm-open-by-customer',
        extensionType: 'jira:dashboardGadget',
      })) as Result<OpenByCustomer>;
      const ms = performance.now() - started;
      if (!result.ok) throw new Error(`gadget/customers failed: ${JSON.stringify(result.error)}`);
      const counts = w.host.counts();
      runs.push({ ms, jira: counts.jira, kvs: counts.kvs, data: result.data });
    }
  } finally {
    w.host.jira.setFaults({ latencyMs: 0 });
    setKvsLatency(0);
  }
  const median = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(RUNS / 2)]!;
  return {
    issues: ISSUES,
    customers: new Set(runs[0]!.data.customers.map((c) => c.name)).size,
    wallMs: Math.round(median.ms),
    jiraRequests: median.jira,
    kvsCalls: median.kvs,
    approximate: median.data.approximate,
    scanned: median.data.scanned,
  };
}
