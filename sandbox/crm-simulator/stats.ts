// Request counters by stable route name, so tests can assert how many calls a feature makes.

export interface SimulatorStats {
  total: number;
  byEndpoint: Record<string, number>;
  tokenRequests: number;
}

export class Stats {
  private total = 0;
  private tokenRequests = 0;
  private byEndpoint = new Map<string, number>();

  count(name: string, isToken: boolean): void {
    this.total++;
    if (isToken) this.tokenRequests++;
    this.byEndpoint.set(name, (this.byEndpoint.get(name) ?? 0) + 1);
  }

  snapshot(): SimulatorStats {
    return {
      total: this.total,
      byEndpoint: Object.fromEntries(this.byEndpoint),
      tokenRequests: this.tokenRequests,
    };
  }

  reset(): void {
    this.total = 0;
    this.tokenRequests = 0;
    this.byEndpoint.clear();
  }
}
