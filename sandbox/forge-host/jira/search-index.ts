// Jira's search index, which lags behind writes: `/search/jql` and `/search/approximate-count`
// see an issue's entity properties as they were `lagMs` ago, except for the issues a search names
// in `reconcileIssues`. Only property and app field writes through the REST API lag (a field's
// key is `field:<id>`); set-up writes do not.
import type { IssueRecord } from './issues';

interface PendingWrites {
  /** The value the index holds: the one before the first write still in flight. */
  indexed: unknown;
  /** Writes not yet in the index, oldest first. */
  writes: { at: number; value: unknown }[];
}

export class SearchIndex {
  private lag = 0;
  /** Per issue id, per property key. */
  private readonly pending = new Map<string, Map<string, PendingWrites>>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  get lagMs(): number {
    return this.lag;
  }

  /** A lag of 0 makes the index current at once (what it holds catches up). */
  set lagMs(ms: number) {
    this.lag = Math.max(0, ms);
    if (this.lag === 0) this.catchUp();
  }

  catchUp(): void {
    this.pending.clear();
  }

  /** Notes a property write; `before` is the value (or undefined) the write replaced. */
  recordWrite(issueId: string, key: string, before: unknown, value: unknown): void {
    if (this.lag === 0) return;
    const byKey = this.pending.get(issueId) ?? new Map<string, PendingWrites>();
    this.pending.set(issueId, byKey);
    const entry = byKey.get(key) ?? { indexed: before, writes: [] };
    entry.writes.push({ at: this.now(), value });
    byKey.set(key, entry);
  }

  /** The issue as the index holds it: its properties as they were `lagMs` ago. */
  indexed(issue: IssueRecord): IssueRecord {
    const byKey = this.pending.get(issue.id);
    if (!byKey) return issue;
    const cutoff = this.now() - this.lag;
    const properties = new Map(issue.properties);
    const fieldValues = new Map(issue.fieldValues);
    for (const [key, entry] of byKey) {
      const target = key.startsWith('field:') ? fieldValues : properties;
      const name = key.startsWith('field:') ? key.slice('field:'.length) : key;
      // Writes older than the lag have reached the index.
      while (entry.writes[0] && entry.writes[0].at <= cutoff)
        entry.indexed = (entry.writes.shift() as { value: unknown }).value;
      if (entry.writes.length === 0) byKey.delete(key);
      if (entry.indexed === undefined) target.delete(name);
      else target.set(name, entry.indexed);
    }
    if (byKey.size === 0) this.pending.delete(issue.id);
    return { ...issue, properties, fieldValues };
  }
}
