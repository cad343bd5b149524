// Jira under load, on demand: 429 with Retry-After (whole seconds) and X-RateLimit-Reset. A
// request sent again before the period ends is refused again with the same Retry-After, and the
// period starts over, as Jira's rate-limiting page warns.
import type { Rng } from '../../shared/prng';
import type { Reply } from '../http';

export interface RateLimitFault {
  /** The route as the call log names it (e.g. `GET /rest/api/3/mypermissions`); all when absent. */
  route?: string;
  /** Fraction (0..1) of matching requests outside a limited period that start one (default 1). */
  rate?: number;
  /** The Retry-After Jira sends, in whole seconds (at least 1). */
  retryAfterSeconds: number;
  /** How many limited periods may start; no end when absent. */
  periods?: number;
}

export class RateLimiter {
  private fault: RateLimitFault | undefined;
  private periodsLeft = Number.POSITIVE_INFINITY;
  private limitedUntil = 0;

  constructor(
    private readonly rng: () => Rng,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Replaces the fault (undefined lifts it, and any period under way). */
  set(fault: RateLimitFault | undefined): void {
    if (fault && !(Number.isInteger(fault.retryAfterSeconds) && fault.retryAfterSeconds >= 1))
      throw new Error('retryAfterSeconds must be a whole number of seconds, at least 1');
    this.fault = fault && { ...fault };
    this.periodsLeft = fault?.periods ?? Number.POSITIVE_INFINITY;
    this.limitedUntil = 0;
  }

  /** Jira's 429 for a request to `route`, or undefined to serve it. */
  check(route: string): Reply | undefined {
    const fault = this.fault;
    if (!fault || (fault.route !== undefined && fault.route !== route)) return undefined;
    const now = this.now();
    if (now >= this.limitedUntil) {
      if (this.periodsLeft <= 0) return undefined;
      if (this.rng()() >= (fault.rate ?? 1)) return undefined;
      this.periodsLeft -= 1;
    }
    // A new period, or one started over by a request sent too early.
    this.limitedUntil = now + fault.retryAfterSeconds * 1000;
    return {
      status: 429,
      body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
      headers: {
        'retry-after': String(fault.retryAfterSeconds),
        'x-ratelimit-reset': new Date(this.limitedUntil).toISOString().slice(0, 16) + 'Z',
      },
    };
  }
}
