// Command-line options of `npm run simulator`, parsed apart from main.ts so tests can check them.
import { parseArgs } from 'node:util';
import type { Dataset, FaultConfig, SimulatorOptions } from './api-types';
import { isListFields } from './render';

export const USAGE = `Usage: tsx sandbox/crm-simulator/main.ts [options]
  --port N              (default 4010; 0 = any free port)
  --host H              (default 127.0.0.1)
  --client-id X         (default $ATLAS_CRM_CLIENT_ID or demo-client-id)
  --client-secret Y     (default $ATLAS_CRM_CLIENT_SECRET or demo-client-secret)
  --token-ttl SECONDS   (default 3600)
  --dataset demo|large|empty   --large-count N
  --busy-company-sales N
                        adds one company with N sales of its own (a busy account)
  --state-file PATH     load/save state as JSON
  --list-fields omit|include
                        entities in list answers: omit = id, type and _links only, as the API
                        reference documents; include = with their fields (default)
  --latency-ms N --latency-jitter-ms N --spike-rate F --spike-ms N
  --error-rate F --rate-limit-rate F --retry-after S
  --relative-next-links`;

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${v}`);
  return n;
}

const FAULT_FLAGS: [keyof FaultConfig, string][] = [
  ['latencyMs', 'latency-ms'],
  ['latencyJitterMs', 'latency-jitter-ms'],
  ['spikeRate', 'spike-rate'],
  ['spikeMs', 'spike-ms'],
  ['errorRate', 'error-rate'],
  ['rateLimitRate', 'rate-limit-rate'],
  ['retryAfterSeconds', 'retry-after'],
];

/** 'help' when asked for usage; throws with a message naming the bad option otherwise. */
export function parseCli(
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): SimulatorOptions | 'help' {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      'token-ttl': { type: 'string' },
      dataset: { type: 'string' },
      'large-count': { type: 'string' },
      'busy-company-sales': { type: 'string' },
      'state-file': { type: 'string' },
      'list-fields': { type: 'string' },
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
  if (values.help) return 'help';
  const dataset = values.dataset ?? 'demo';
  if (dataset !== 'demo' && dataset !== 'large' && dataset !== 'empty')
    throw new Error(`--dataset must be demo, large or empty, got ${dataset}`);
  const listFields = values['list-fields'] ?? 'include';
  if (!isListFields(listFields))
    throw new Error(`--list-fields must be omit or include, got ${listFields}`);

  const faults: Partial<FaultConfig> = {};
  for (const [key, flag] of FAULT_FLAGS) {
    const v = num(flag, values[flag as keyof typeof values] as string | undefined);
    if (v !== undefined) faults[key] = v;
  }
  return {
    port: num('port', values.port) ?? 4010,
    host: values.host,
    clientId: values['client-id'] ?? env.ATLAS_CRM_CLIENT_ID ?? undefined,
    clientSecret: values['client-secret'] ?? env.ATLAS_CRM_CLIENT_SECRET ?? undefined,
    tokenTtlSeconds: num('token-ttl', values['token-ttl']),
    dataset: dataset as Dataset,
    largeCount: num('large-count', values['large-count']),
    busyCompanySales: num('busy-company-sales', values['busy-company-sales']),
    stateFile: values['state-file'],
    faults,
    relativeNextLinks: values['relative-next-links'] ?? false,
    listFields,
  };
}
