// The simulator's first-page latency for filtered searches over 100,000 entities (dataset
// 'large'), over HTTP with a bearer token, as the app's list request makes it.
import { startSimulator } from '../sandbox/crm-simulator';

export interface SearchLatencyFigures {
  entities: number;
  queries: number;
  samples: number;
  p50Ms: number;
  p95Ms: number;
  startupMs: number;
}

const QUERIES = [
  'type=contact&fields.contact-name[contains]=jan',
  'type=contact&fields.contact-email[contains]=gmail',
  'type=sale&fields.sale-status=won',
  'type=sale&fields.sale-balance[gte]=100000&sort-by=-sale-balance',
  'type=company&fields.company-tags=Partner&fields.company-industry=Software',
  'type=company&fields.company-name[contains]=nord',
];

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] as number;
}

export async function benchSearchLatency(
  entities = 100_000,
  reps = 10,
): Promise<SearchLatencyFigures> {
  const t0 = performance.now();
  const sim = await startSimulator({ port: 0, dataset: 'large', largeCount: entities });
  const startupMs = performance.now() - t0;
  try {
    const tokenRes = await fetch(`${sim.baseUrl}/api/1.0/oauth/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${sim.clientId}:${sim.clientSecret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const times: number[] = [];
    for (let rep = 0; rep < reps; rep++) {
      for (const q of QUERIES) {
        const started = performance.now();
        const res = await fetch(`${sim.baseUrl}/api/1.0/workspace/CRM/entities?${q}&size=20`, {
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            accept: 'application/json',
          },
        });
        await res.text();
        if (res.status !== 200) throw new Error(`search answered ${res.status}: ${q}`);
        times.push(performance.now() - started);
      }
    }
    times.sort((a, b) => a - b);
    const r = (n: number) => Math.round(n * 10) / 10;
    return {
      entities,
      queries: QUERIES.length,
      samples: times.length,
      p50Ms: r(pct(times, 0.5)),
      p95Ms: r(pct(times, 0.95)),
      startupMs: Math.round(startupMs),
    };
  } finally {
    await sim.close();
  }
}
