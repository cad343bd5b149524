// Sequential round trips: the longest chain of requests (CRM, Jira and KVS) in which each one
// started only after the previous one had ended.
import type { Channel, Interval } from './instrument';

export interface Chain {
  rounds: number;
  /** Channels along the chain, e.g. ['jira', 'crm', 'crm', 'jira']. */
  path: Channel[];
}

export function criticalPath(intervals: Interval[]): Chain {
  const reqs = [...intervals].sort((a, b) => a.start - b.start || a.end - b.end);
  // Most rounds first; among chains of as many rounds, the one that took longest.
  type Best = { rounds: number; ms: number; prev: number };
  const better = (a: Best, b: Best) =>
    a.rounds > b.rounds || (a.rounds === b.rounds && a.ms > b.ms);
  const best: Best[] = [];
  reqs.forEach((r, i) => {
    const own = r.end - r.start;
    let cur: Best = { rounds: 1, ms: own, prev: -1 };
    for (let j = 0; j < i; j++) {
      const before = reqs[j] as Interval;
      const b = best[j] as Best;
      const via = { rounds: b.rounds + 1, ms: b.ms + own, prev: j };
      if (before.end <= r.start && better(via, cur)) cur = via;
    }
    best.push(cur);
  });
  let tail = -1;
  best.forEach((b, i) => {
    if (tail < 0 || better(b, best[tail] as Best)) tail = i;
  });
  const path: Channel[] = [];
  for (let i = tail; i >= 0; i = (best[i] as { prev: number }).prev)
    path.unshift((reqs[i] as Interval).channel);
  return { rounds: path.length, path };
}
