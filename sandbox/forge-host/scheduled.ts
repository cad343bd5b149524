// The app's scheduled triggers as manifest.yml declares them (scheduledTrigger -> function ->
// handler), run as Forge runs one: the request `{ context: { cloudId, moduleKey }, contextToken }`,
// no user, and the function's time limit: 55 s unless the function sets `timeoutSeconds` (1-900).
// Sources: ./README.md, "Scheduled triggers".
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { InvocationTimeoutError, runTrigger, type ForgeAppInfo } from './invoke';
import type { InMemoryJira } from './jira';
import { loadTriggerHandler } from './triggers';

export const SCHEDULED_INTERVALS = ['fiveMinute', 'hour', 'day', 'week'] as const;
export type ScheduledInterval = (typeof SCHEDULED_INTERVALS)[number];
/** Default time limit of a scheduled trigger's function, and the most `timeoutSeconds` gives. */
export const SCHEDULED_DEFAULT_TIMEOUT_MS = 55_000;
export const SCHEDULED_MAX_TIMEOUT_MS = 900_000;

export interface ScheduledTriggerModule {
  key: string;
  functionKey: string;
  /** e.g. index.personalDataReport */
  handler: string;
  interval: ScheduledInterval;
  timeoutMs: number;
}

/** How one run went. Forge ignores the answer's content but logs a malformed one as 424. */
export interface ScheduledRun {
  triggerKey: string;
  outcome: 'ok' | 'failed' | 'timed out' | 'bad answer';
  error?: string;
  ms: number;
}

interface Manifest {
  modules?: {
    scheduledTrigger?: { key?: unknown; function?: unknown; interval?: unknown }[];
    function?: { key?: unknown; handler?: unknown; timeoutSeconds?: unknown }[];
  };
}

function timeoutOf(seconds: unknown): number {
  if (typeof seconds !== 'number') return SCHEDULED_DEFAULT_TIMEOUT_MS;
  return Math.min(SCHEDULED_MAX_TIMEOUT_MS, Math.max(1000, seconds * 1000));
}

export function scheduledTriggersOf(appDir: string): ScheduledTriggerModule[] {
  const manifest = parse(readFileSync(path.join(appDir, 'manifest.yml'), 'utf8')) as Manifest;
  const functions = new Map((manifest.modules?.function ?? []).map((f) => [String(f.key), f]));
  return (manifest.modules?.scheduledTrigger ?? []).flatMap((t) => {
    const fn = functions.get(String(t.function));
    const interval = SCHEDULED_INTERVALS.find((known) => known === t.interval);
    if (!fn || typeof fn.handler !== 'string' || !interval) return [];
    return [
      {
        key: String(t.key),
        functionKey: String(t.function),
        handler: fn.handler,
        interval,
        timeoutMs: timeoutOf(fn.timeoutSeconds),
      },
    ];
  });
}

function wellFormed(answer: unknown): boolean {
  const code = (answer as { statusCode?: unknown } | null)?.statusCode;
  return typeof code === 'number' && Number.isInteger(code);
}

/**
 * Runs the scheduled trigger `key` once, now. `timeoutMs` shortens the time limit (a test's way to
 * stand for a site too large for one run). Never throws: Forge neither retries nor reports it.
 */
export async function runScheduled(
  host: { app: ForgeAppInfo; jira: InMemoryJira; appDir: string },
  key: string,
  options: { timeoutMs?: number } = {},
): Promise<ScheduledRun> {
  const trigger = scheduledTriggersOf(host.appDir).find((t) => t.key === key);
  if (!trigger) throw new Error(`manifest.yml has no scheduledTrigger ${key}`);
  const started = Date.now();
  const run = (outcome: ScheduledRun['outcome'], error?: unknown): ScheduledRun => ({
    triggerKey: key,
    outcome,
    ...(error !== undefined
      ? { error: error instanceof Error ? error.message : String(error) }
      : {}),
    ms: Date.now() - started,
  });
  const request = {
    context: { cloudId: host.jira.site.cloudId, moduleKey: key },
    contextToken: randomUUID(),
  };
  try {
    const handler = await loadTriggerHandler(host.appDir, trigger.handler);
    const app = { ...host.app, timeoutMs: options.timeoutMs ?? trigger.timeoutMs };
    const answer = await runTrigger(app, host.jira, handler, trigger.functionKey, key, request);
    return wellFormed(answer) ? run('ok') : run('bad answer', 'answer without a statusCode (424)');
  } catch (error) {
    return run(error instanceof InvocationTimeoutError ? 'timed out' : 'failed', error);
  }
}
