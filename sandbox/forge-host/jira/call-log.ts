// Every request the in-memory Jira answered: counters per path, route and provider, and the
// ordered log tests use to check who called what.

export interface JiraCall {
  method: string;
  path: string;
  /** Route template, e.g. `GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}`. */
  route: string;
  provider: 'user' | 'app' | 'none';
  accountId?: string;
  status: number;
}

export interface JiraCallCounts {
  total: number;
  byPath: Record<string, number>;
  byRoute: Record<string, number>;
  byProvider: Record<string, number>;
}

export class JiraCallLog {
  private byPath: Record<string, number> = {};
  private byRoute: Record<string, number> = {};
  private byProvider: Record<string, number> = {};
  private log: JiraCall[] = [];

  record(call: JiraCall): void {
    increment(this.byPath, call.path);
    increment(this.byRoute, call.route);
    increment(this.byProvider, call.provider);
    this.log.push(call);
  }

  counts(): JiraCallCounts {
    return {
      total: Object.values(this.byPath).reduce((a, b) => a + b, 0),
      byPath: { ...this.byPath },
      byRoute: { ...this.byRoute },
      byProvider: { ...this.byProvider },
    };
  }

  /** Every call since the last reset, oldest first. */
  calls(): JiraCall[] {
    return this.log.map((c) => ({ ...c }));
  }

  reset(): void {
    this.byPath = {};
    this.byRoute = {};
    this.byProvider = {};
    this.log = [];
  }
}

function increment(counter: Record<string, number>, key: string): void {
  counter[key] = (counter[key] ?? 0) + 1;
}
