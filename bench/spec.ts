// What one measured action is: how to run it and its least possible chain of round trips.
import type { Channel } from './instrument';

export interface Least {
  chain: Channel[];
  why: string;
}

export interface ActionSpec {
  name: string;
  /** With fields in list answers. */
  least: Least;
  /** As documented; absent when the action makes no list request (then the same as `least`). */
  omit?: Least;
  prepare?: (run: number) => Promise<void>;
  run: (run: number) => Promise<unknown>;
}

/**
 * The first round of every issue call: one KVS batch (settings, cached templates, the record),
 * whose access policy decides whether Jira is asked for the caller's groups, beside the caller's
 * permission on the issue (Jira) and the cached token (KVS).
 */
export const GATE = 'one KVS batch, then the policy groups (Jira) beside the permission';
