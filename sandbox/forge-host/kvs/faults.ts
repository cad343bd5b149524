// Rate limiting on demand: Forge answers 429 RATE_LIMIT_EXCEEDED to any storage request past an
// installation's quota (developer.atlassian.com/platform/forge/limits-kvs-ce), so app code must
// cope with any call being refused. Tests switch it on with InMemoryKvs.setFaults.
import { createRng, type Rng } from '../../shared/prng';
import type { Reply } from '../http';
import { kvsError } from './rules';

export interface KvsFaults {
  /** Every n-th matching call (the n-th, 2n-th, ...) is refused with 429. */
  rateLimitEvery?: number;
  /** Each matching call is refused with this probability (0..1), drawn from `seed`. */
  rateLimitRate?: number;
  /** Seed of the generator behind rateLimitRate (default 1): the same calls fail every run. */
  seed?: number;
  /** Only calls to these API paths (e.g. '/api/v1/entity/query'); every path when absent. */
  paths?: readonly string[];
}

export class FaultPlan {
  private matched = 0;
  private rng: Rng;

  constructor(private readonly faults: KvsFaults = {}) {
    const { rateLimitEvery, rateLimitRate } = faults;
    if (rateLimitEvery !== undefined && !(Number.isInteger(rateLimitEvery) && rateLimitEvery > 0))
      throw new Error('rateLimitEvery must be a positive integer');
    if (rateLimitRate !== undefined && !(rateLimitRate >= 0 && rateLimitRate <= 1))
      throw new Error('rateLimitRate must be between 0 and 1');
    this.rng = createRng(faults.seed ?? 1);
  }

  /** The refusal for this call, if the plan refuses it. */
  refuse(path: string): Reply | undefined {
    const { rateLimitEvery, rateLimitRate, paths } = this.faults;
    if (paths && !paths.includes(path)) return undefined;
    this.matched++;
    const everyHit = rateLimitEvery !== undefined && this.matched % rateLimitEvery === 0;
    const rateHit = rateLimitRate !== undefined && this.rng() < rateLimitRate;
    if (!everyHit && !rateHit) return undefined;
    // The body Forge documents for any request past a quota or limit; no Retry-After is promised.
    return kvsError(429, 'RATE_LIMIT_EXCEEDED', 'Rate limit exceeded (sandbox fault)');
  }
}
