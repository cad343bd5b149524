// Fault injection: latency, spikes, 5xx and 429, drawn from a seeded PRNG so runs are reproducible.
import { createRng, type Rng } from '../shared/prng';

export interface FaultConfig {
  latencyMs: number;
  latencyJitterMs: number;
  spikeRate: number;
  spikeMs: number;
  /** Fraction of requests answered 500 or 503. */
  errorRate: number;
  /** Fraction of requests answered 429. */
  rateLimitRate: number;
  retryAfterSeconds: number;
}

export const NO_FAULTS: Readonly<FaultConfig> = {
  latencyMs: 0,
  latencyJitterMs: 0,
  spikeRate: 0,
  spikeMs: 0,
  errorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
};

const RATE_KEYS = ['spikeRate', 'errorRate', 'rateLimitRate'] as const;

/** Checks a partial config (from JSON or code); throws with a message naming the bad key. */
export function checkFaults(input: unknown): Partial<FaultConfig> {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw new Error('faults must be a JSON object');
  const out: Partial<FaultConfig> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!(key in NO_FAULTS)) throw new Error(`unknown fault setting "${key}"`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new Error(`fault setting "${key}" must be a non-negative number`);
    if ((RATE_KEYS as readonly string[]).includes(key) && value > 1)
      throw new Error(`fault setting "${key}" is a fraction from 0 to 1`);
    out[key as keyof FaultConfig] = value;
  }
  return out;
}

export type FaultDecision =
  | { kind: 'pass'; delayMs: number }
  | { kind: 'rate-limit'; delayMs: number; retryAfterSeconds: number }
  | { kind: 'error'; delayMs: number; status: 500 | 503; html: boolean };

export class FaultInjector {
  private config: FaultConfig = { ...NO_FAULTS };
  private rng: Rng;

  constructor(
    initial: Partial<FaultConfig> = {},
    private readonly seed = 0x5eed,
  ) {
    this.rng = createRng(seed);
    this.set(initial);
  }

  get current(): FaultConfig {
    return { ...this.config };
  }

  set(f: Partial<FaultConfig>): void {
    this.config = { ...this.config, ...checkFaults(f) };
  }

  /** Back to no faults, and the draw sequence restarts so a test sees the same pattern again. */
  clear(): void {
    this.config = { ...NO_FAULTS };
    this.rng = createRng(this.seed);
  }

  /** Always five draws per request, so the sequence does not depend on which faults are on. */
  decide(): FaultDecision {
    const c = this.config;
    const [jitter, spike, outcome, kind, html] = [
      this.rng(),
      this.rng(),
      this.rng(),
      this.rng(),
      this.rng(),
    ];
    const delayMs =
      c.latencyMs + jitter * c.latencyJitterMs + (spike < c.spikeRate ? c.spikeMs : 0);
    if (outcome < c.rateLimitRate)
      return { kind: 'rate-limit', delayMs, retryAfterSeconds: c.retryAfterSeconds };
    if (outcome < c.rateLimitRate + c.errorRate)
      return { kind: 'error', delayMs, status: kind < 0.5 ? 500 : 503, html: html < 0.5 };
    return { kind: 'pass', delayMs };
  }
}
