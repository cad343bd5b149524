// Observes the app from the platform side, without touching src/: every CRM request (Node's global
// fetch, which @forge/api captures when it loads, so install this first) and every Jira / KVS
// call (global.__forge_fetch__, after ForgeHost.install()) is recorded with its start and end.
// KVS is a network service on Forge: each call is charged its latency here (Jira's and the CRM's
// are injected by their stand-ins).
export type Channel = 'crm' | 'jira' | 'kvs';

/** Milliseconds each KVS call takes, as a round trip to Forge's storage would. */
let kvsLatencyMs = 0;

export function setKvsLatency(ms: number): void {
  kvsLatencyMs = ms;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface Interval {
  channel: Channel;
  label: string;
  start: number;
  end: number;
}

type ForgeFetchFn = (
  descriptor: { type: string; remote?: string },
  path: string,
  init?: RequestInit,
) => Promise<Response>;

const log: Interval[] = [];
let fetchWrapped = false;

function record<T>(channel: Channel, label: string, run: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const done = () => log.push({ channel, label, start, end: performance.now() });
  return run().then(
    (v) => {
      done();
      return v;
    },
    (e: unknown) => {
      done();
      throw e;
    },
  );
}

/** Wraps globalThis.fetch; must run before anything imports @forge/api. */
export function wrapGlobalFetch(): void {
  if (fetchWrapped) return;
  fetchWrapped = true;
  const original = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const label = `${init?.method ?? 'GET'} ${new URL(url).pathname}`;
    return record('crm', label, () => original(input, init));
  }) as typeof fetch;
}

/** Wraps the installed __forge_fetch__ (Jira REST and KVS). */
export function wrapForgeFetch(): void {
  const g = globalThis as { __forge_fetch__?: ForgeFetchFn };
  const inner = g.__forge_fetch__;
  if (!inner) throw new Error('install the ForgeHost before wrapping __forge_fetch__');
  g.__forge_fetch__ = (descriptor, path, init) => {
    const channel: Channel = descriptor.type === 'kvs' ? 'kvs' : 'jira';
    const label = `${init?.method ?? 'GET'} ${path.split('?')[0] ?? path}`;
    return record(channel, label, async () => {
      if (channel === 'kvs' && kvsLatencyMs > 0) await pause(kvsLatencyMs);
      return inner(descriptor, path, init);
    });
  };
}

/** Runs `fn` and returns what was recorded while it ran. */
export async function observe<T>(
  fn: () => Promise<T>,
): Promise<{ result: T; wallMs: number; intervals: Interval[] }> {
  const from = log.length;
  const start = performance.now();
  const result = await fn();
  const wallMs = performance.now() - start;
  return { result, wallMs, intervals: log.slice(from) };
}
