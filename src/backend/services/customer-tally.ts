// Counting open issues per customer from pages of search results (pure): each issue counts once
// for every customer its field names; pages come oldest first, so the first issue seen of a
// customer is its oldest open one.

export interface Tally {
  count: number;
  oldestCreated: string;
}

export interface FoundIssue {
  created: string;
  customers: string[];
}

export function addToTally(tally: Map<string, Tally>, issues: readonly FoundIssue[]): void {
  for (const issue of issues)
    for (const name of new Set(issue.customers)) {
      const known = tally.get(name);
      if (known) known.count += 1;
      else tally.set(name, { count: 1, oldestCreated: issue.created });
    }
}

/** Most open issues first; on a tie, the one waiting longest. */
export function ranked(tally: ReadonlyMap<string, Tally>): [string, Tally][] {
  return [...tally].sort(
    ([, a], [, b]) =>
      b.count - a.count || Date.parse(a.oldestCreated) - Date.parse(b.oldestCreated),
  );
}
