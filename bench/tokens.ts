// Token requests per 1,000 invocations inside one token lifetime (one hour): the least possible is
// one. Starts with no token cached, as after the token of the previous hour ran out; invocations
// run ten at a time, as several people using the panel at once do.
import type { SearchResult } from '../src/shared/contract';
import type { BenchWorld } from './world';

export interface TokenFigures {
  invocations: number;
  concurrency: number;
  tokenRequests: number;
  crmRequests: number;
  leastTokenRequests: number;
  ratio: number;
}

export async function benchTokens(
  w: BenchWorld,
  invocations = 1000,
  concurrency = 10,
): Promise<TokenFigures> {
  const page = await w.ok<SearchResult>('entities/search', { type: 'company', pageSize: 20 });
  const ids = page.items.map((i) => i.id);
  w.forget('crm:access-token', true);
  w.sim.control.resetStats();
  let next = 0;
  const worker = async () => {
    while (next < invocations) {
      const n = next++;
      const r =
        n % 2 === 0
          ? await w.call('entities/search', { type: 'contact', text: 'an', pageSize: 10 })
          : await w.call('entities/get', { entityId: ids[n % ids.length] });
      if (!r.ok) throw new Error(`invocation ${n} failed: ${JSON.stringify(r.error)}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const stats = w.sim.control.stats();
  return {
    invocations,
    concurrency,
    tokenRequests: stats.tokenRequests,
    crmRequests: stats.total,
    leastTokenRequests: 1,
    ratio: stats.tokenRequests,
  };
}
