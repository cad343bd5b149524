// Product events as Forge delivers them to the app's triggers (sources in ./README.md, "Product
// event rules"): after the action that caused them has answered, at least once, and again, with
// `retryContext`, when the platform failed (a timeout) or the handler returned an InvocationError,
// never when it threw. Tests shorten the waits (`msPerSecond`) and wait for delivery (`settled()`).
import { jsonRoundTrip } from './invoke';
import { triggersFor, type TriggerModule } from './triggers';

/** An event is retried at most this many times [PE]. */
export const MAX_RETRIES = 4;
/** A longer `retryAfter` is lowered to this [PE]; a shorter one than 1 s raised (@forge/events). */
export const MAX_RETRY_AFTER_S = 900;
export const MIN_RETRY_AFTER_S = 1;
/** `retryData` larger than this is refused [PE]: the stand-in then delivers no retry. */
export const MAX_RETRY_DATA_BYTES = 4096;
/** Undocumented: the platform's wait before redelivering after its own failure (stand-in choice). */
export const PLATFORM_RETRY_AFTER_S = 5;

export interface RetryContext {
  retryCount: number;
  retryReason: string;
  /** Absent unless the handler gave an object (ECO-734). */
  retryData?: unknown;
}

/** How one trigger took one delivery of an event. */
export interface TriggerRun {
  triggerKey: string;
  functionKey: string;
  outcome: 'ok' | 'failed' | 'timed out' | 'retry requested';
  /** Why it failed, or why no retry follows a requested one, for the sandbox log. */
  error?: string;
  ms: number;
  /** On a redelivery: its `retryContext.retryCount`. */
  retryCount?: number;
  /** When a redelivery follows: after how many seconds. */
  retryAfter?: number;
}

export interface DeliveryOptions {
  /** Copies delivered, side by side: Forge delivers at least once. Default 1. */
  times?: number;
  /** Wait before delivering, in real milliseconds. */
  delayMs?: number;
  /** Held until this settles (a test lets the event through once it saw the page). */
  after?: PromiseLike<unknown>;
  /** Told of each run as it ends (the sandbox logs them). */
  onRun?: (run: TriggerRun) => void;
}

/** Runs one trigger's handler on an event; resolves to what it returned, rejects as it failed. */
export type TriggerRunner = (trigger: TriggerModule, event: unknown) => Promise<unknown>;

/** Says whether an error is the platform's timeout (redelivered) rather than the handler's own. */
export type IsTimeout = (error: unknown) => boolean;

interface RetryAsked {
  retryAfter: number;
  retryReason: string;
  retryData?: unknown;
}

/**
 * `new InvocationError(...)` of @forge/events 3.0.8 returns the plain `{ _retry: true,
 * retryOptions }`, so that shape is what a handler hands back.
 */
function retryAsked(result: unknown): RetryAsked | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const { _retry: retry, retryOptions } = result as { _retry?: unknown; retryOptions?: unknown };
  if (retry !== true) return undefined;
  const options = (typeof retryOptions === 'object' && retryOptions) || {};
  const { retryAfter, retryReason, retryData } = options as Record<string, unknown>;
  const after = typeof retryAfter === 'number' && Number.isFinite(retryAfter) ? retryAfter : 0;
  return {
    retryAfter: Math.min(MAX_RETRY_AFTER_S, Math.max(MIN_RETRY_AFTER_S, after)),
    retryReason: typeof retryReason === 'string' ? retryReason : 'FUNCTION_RETRY_REQUEST',
    ...(retryData !== undefined ? { retryData } : {}),
  };
}

/** The event's user objects carry only `accountId` (Jira events reference: `User`). */
export function accountIdsOnly(value: unknown, depth = 0): unknown {
  if (depth > 32 || typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => accountIdsOnly(item, depth + 1));
  const record = value as Record<string, unknown>;
  if (typeof record.accountId === 'string') return { accountId: record.accountId };
  return Object.fromEntries(
    Object.entries(record).map(([key, item]) => [key, accountIdsOnly(item, depth + 1)]),
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class EventDelivery {
  /** Real milliseconds a second of waiting (`retryAfter`) lasts; tests make it short. */
  msPerSecond = 1000;
  /** Waits not yet over, with how to end each early. */
  private readonly scheduled = new Map<NodeJS.Timeout, () => void>();
  private readonly running = new Set<Promise<unknown>>();
  private nextOptions: DeliveryOptions | undefined;

  constructor(
    private readonly appDir: string,
    private readonly run: TriggerRunner,
    private readonly isTimeout: IsTimeout,
  ) {}

  /** Options for the next deliver() only, e.g. a test delaying the sandbox's Create event. */
  setNext(options: DeliveryOptions): void {
    this.nextOptions = options;
  }

  /**
   * Hands the event to the platform and returns at once: every subscribed trigger runs later, in
   * its own invocation. The promise (never rejected) is this event's runs, redeliveries included.
   */
  deliver(eventType: string, event: unknown, options: DeliveryOptions = {}): Promise<TriggerRun[]> {
    const opts = { ...(this.nextOptions ?? {}), ...options };
    this.nextOptions = undefined;
    const payload = accountIdsOnly(jsonRoundTrip(event));
    const runs: TriggerRun[] = [];
    const copies = Math.max(1, Math.floor(opts.times ?? 1));
    const held = Promise.resolve(opts.after).then(
      () => undefined,
      () => undefined,
    );
    const work = triggersFor(this.appDir, eventType).flatMap((trigger) =>
      Array.from({ length: copies }, async () => {
        await held;
        return this.attempt(trigger, payload, undefined, opts.delayMs ?? 0, runs, opts.onRun);
      }),
    );
    return this.track(Promise.all(work).then(() => runs));
  }

  /** Resolves once nothing is scheduled or running any more (redeliveries included). */
  async settled(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }

  /** Drops redeliveries not yet started (the host is going away). */
  cancel(): void {
    for (const [timer, drop] of this.scheduled) {
      clearTimeout(timer);
      drop();
    }
    this.scheduled.clear();
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
    return work;
  }

  /** False when cancelled before the time came. */
  private wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.scheduled.delete(timer);
        resolve(true);
      }, ms);
      this.scheduled.set(timer, () => resolve(false));
    });
  }

  private async attempt(
    trigger: TriggerModule,
    payload: unknown,
    retry: RetryContext | undefined,
    delayMs: number,
    runs: TriggerRun[],
    onRun: DeliveryOptions['onRun'],
  ): Promise<void> {
    // Never inside the caller's own turn: the action that caused the event answers first.
    if (!(await this.wait(Math.max(0, delayMs)))) return;
    const event = retry ? { ...(payload as object), retryContext: retry } : payload;
    const started = Date.now();
    const count = retry?.retryCount ?? 0;
    const base = {
      triggerKey: trigger.key,
      functionKey: trigger.functionKey,
      ...(retry ? { retryCount: count } : {}),
    };
    let next: RetryAsked | undefined;
    let run: TriggerRun;
    try {
      next = retryAsked(await this.run(trigger, event));
      run = { ...base, outcome: next ? 'retry requested' : 'ok', ms: Date.now() - started };
    } catch (error) {
      // A thrown error is the handler's own: Forge does not deliver the event again.
      const timedOut = this.isTimeout(error);
      if (timedOut) next = { retryAfter: PLATFORM_RETRY_AFTER_S, retryReason: 'FUNCTION_TIME_OUT' };
      run = {
        ...base,
        outcome: timedOut ? 'timed out' : 'failed',
        error: message(error),
        ms: Date.now() - started,
      };
    }
    const refusal = next && this.refusal(next, count);
    if (next && !refusal) run.retryAfter = next.retryAfter;
    else if (refusal) run.error = run.error ? `${run.error}; ${refusal}` : refusal;
    runs.push(run);
    try {
      onRun?.(run);
    } catch {
      // A listener's failure is not the platform's: delivery goes on.
    }
    if (!next || refusal) return;
    const retryData = next.retryData;
    const context: RetryContext = {
      retryCount: count + 1,
      retryReason: next.retryReason,
      // Only an object is sent back (ECO-734).
      ...(typeof retryData === 'object' && retryData !== null ? { retryData } : {}),
    };
    await this.attempt(
      trigger,
      payload,
      jsonRoundTrip(context),
      next.retryAfter * this.msPerSecond,
      runs,
      onRun,
    );
  }

  /** Why the platform will not redeliver, or undefined when it will. */
  private refusal(asked: RetryAsked, count: number): string | undefined {
    if (count >= MAX_RETRIES)
      return `no redelivery: Forge retries an event at most ${MAX_RETRIES} times`;
    const bytes = Buffer.byteLength(JSON.stringify(asked.retryData ?? null) ?? 'null', 'utf8');
    if (bytes > MAX_RETRY_DATA_BYTES)
      return `no redelivery: retryData of ${bytes} bytes is over the ${MAX_RETRY_DATA_BYTES} allowed`;
    return undefined;
  }
}
