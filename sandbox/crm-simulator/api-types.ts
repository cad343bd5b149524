// The simulator's public programmatic API types (re-exported by index.ts).
import type { Entity } from '../../src/crm/types';
import type { FaultConfig } from './faults';
import type { ListFields } from './render';
import type { Dataset } from './seed';
import type { SimulatorStats } from './stats';

export type { FaultConfig, Dataset, ListFields, SimulatorStats };

export interface SimulatorOptions {
  /** 0 = a free port (default). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  clientId?: string;
  clientSecret?: string;
  /** Default 3600 (the service documents one hour). */
  tokenTtlSeconds?: number;
  dataset?: Dataset;
  /** Entities in the 'large' dataset; default 100000. */
  largeCount?: number;
  /** Adds one company (BUSY_COMPANY_NAME) with this many sales of its own; default none. */
  busyCompanySales?: number;
  faults?: Partial<FaultConfig>;
  /** Load state from here at start if present (dataset is then ignored); save after writes and on close. */
  stateFile?: string;
  /** Default false: page links (_links.self/next) are absolute URLs. */
  relativeNextLinks?: boolean;
  /**
   * Entities in list answers (GET /entities, GET /entities/{id}/links): 'omit' answers as the API
   * reference documents (id, type, _links only), 'include' adds their fields. Default 'include'.
   */
  listFields?: ListFields;
}

export interface SimulatorControl {
  setFaults(f: Partial<FaultConfig>): void;
  clearFaults(): void;
  expireAllTokens(): void;
  /** Jira issue ids linked to an entity, sorted. */
  issueIdsOf(entityId: string): string[];
  entitiesLinkedToIssue(issueId: string): string[];
  stats(): SimulatorStats;
  resetStats(): void;
  getEntity(id: string): Entity | undefined;
  /** Switches the shape of list answers from the next request on. */
  setListFields(shape: ListFields): void;
  listFields(): ListFields;
}

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:43121 (no trailing slash; API paths start with /api/1.0). */
  baseUrl: string;
  port: number;
  clientId: string;
  clientSecret: string;
  control: SimulatorControl;
  close(): Promise<void>;
}
