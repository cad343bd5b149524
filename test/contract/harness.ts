// Contract-test harness: the real simulator over HTTP and a CrmClient on Node's global fetch.

import { randomUUID } from 'node:crypto';
import { CrmClient, type CrmClientOptions, type FetchLike } from '../../src/crm';
import {
  startSimulator,
  type RunningSimulator,
  type SimulatorOptions,
} from '../../sandbox/crm-simulator';

export const nodeFetch: FetchLike = (url, init) => fetch(url, init);

export interface Harness {
  sim: RunningSimulator;
  client: CrmClient;
  /** A new client on the same simulator (own token cache). */
  newClient(opts?: Partial<CrmClientOptions>): CrmClient;
}

export async function startHarness(
  simOpts: SimulatorOptions = {},
  clientOpts: Partial<CrmClientOptions> = {},
): Promise<Harness> {
  const sim = await startSimulator({ port: 0, ...simOpts });
  const newClient = (opts: Partial<CrmClientOptions> = {}) =>
    new CrmClient({
      baseUrl: sim.baseUrl,
      fetch: nodeFetch,
      credentials: async () => ({ clientId: sim.clientId, clientSecret: sim.clientSecret }),
      // Keep retry waits short; Retry-After handling is covered explicitly.
      retryBaseDelayMs: 5,
      ...clientOpts,
      ...opts,
    });
  return { sim, client: newClient(), newClient };
}

/** A marker unique to one test run, put into names so filters only see our own entities. */
export function marker(prefix = 'ct'): string {
  return `${prefix}${randomUUID().slice(0, 8)}`;
}
