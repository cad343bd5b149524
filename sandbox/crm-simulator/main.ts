// CLI: `tsx sandbox/crm-simulator/main.ts --port 4010 [...]`; prints base URL and credentials.
import { parseArgs } from 'node:util';
import type { Dataset, FaultConfig } from './api-types';
import { startSimulator } from './server';

const USAGE = `Usage: tsx sandbox/crm-simulator/main.ts [options]
  --port N              (default 4010; 0 = any free port)
  --host H              (default 127.0.0.1)
  --client-id X         (default $ATLAS_CRM_CLIENT_ID or demo-client-id)
  --client-secret Y     (default $ATLAS_CRM_CLIENT_SECRET or demo-client-secret)
  --token-ttl SECONDS   (default 3600)
  --dataset demo|large|empty   --large-count N
  --state-file PATH     load/save state as JSON
  --latency-ms N --latency-jitter-ms N --spike-rate F --spike-ms N
  --error-rate F --rate-limit-rate F --retry-after S
  --relative-next-links`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'token-ttl': { type: 'string' },
      dataset: { type: 'string' },
      'large-count': { type: 'string' },
      'state-file': { type: 'string' },
      'latency-ms': { type: 'string' },
      'latency-jitter-ms': { type: 'string' },
      'spike-rate': { type: 'string' },
      'spike-ms': { type: 'string' },
      'error-rate': { type: 'string' },
      'rate-limit-rate': { type: 'string' },
      'retry-after': { type: 'string' },
      'relative-next-links': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dataset = values.dataset ?? 'demo';
  if (dataset !== 'demo' && dataset !== 'large' && dataset !== 'empty')
    throw new Error(`--dataset must be demo, large or empty, got ${dataset}`);

  const faultFlags: [keyof FaultConfig, string][] = [
    ['latencyMs', 'latency-ms'],
    ['latencyJitterMs', 'latency-jitter-ms'],
    ['spikeRate', 'spike-rate'],
    ['spikeMs', 'spike-ms'],
    ['errorRate', 'error-rate'],
    ['rateLimitRate', 'rate-limit-rate'],
    ['retryAfterSeconds', 'retry-after'],
  ];
  const faults: Partial<FaultConfig> = {};
  for (const [key, flag] of faultFlags) {
    const v = num(flag, values[flag as keyof typeof values] as string | undefined);
    if (v !== undefined) faults[key] = v;
  }

  const sim = await startSimulator({
    port: num('port', values.port) ?? 4010,
    host: values.host,
    clientId: values['client-id'] ?? process.env.ATLAS_CRM_CLIENT_ID ?? undefined,
    clientSecret: values['client-secret'] ?? process.env.ATLAS_CRM_CLIENT_SECRET ?? undefined,
    tokenTtlSeconds: num('token-ttl', values['token-ttl']),
    dataset: dataset as Dataset,
    largeCount: num('large-count', values['large-count']),
    stateFile: values['state-file'],
    faults,
    relativeNextLinks: values['relative-next-links'] ?? false,
  });
  console.log(`Atlas CRM simulator listening on ${sim.baseUrl}`);
  console.log(`  API base:      ${sim.baseUrl}/api/1.0`);
  console.log(`  client id:     ${sim.clientId}`);
  console.log(`  client secret: ${sim.clientSecret}`);
  console.log(`  control:       ${sim.baseUrl}/__sim/stats`);

  const stop = (signal: string) => {
    console.log(`${signal}: closing simulator`);
    sim.close().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(e);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  console.error(USAGE);
  process.exit(1);
});
