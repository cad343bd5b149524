// Which stored strings are Atlassian account ids to report, and the time each was stored.
import { FORMER_USER } from '../../shared/privacy';
import { LINKED_BY_APP } from '../services/links';

/**
 * An account id as Atlassian documents it: 1-128 characters, letters, digits, '-' and ':'. Anything
 * else would make the report API refuse the whole batch it is in.
 */
const ACCOUNT_ID = /^[A-Za-z0-9:-]{1,128}$/;

/** The app's own markers look like account ids but name nobody. */
const NOT_PEOPLE: ReadonlySet<string> = new Set([LINKED_BY_APP, FORMER_USER]);

export function isReportable(value: unknown): value is string {
  return typeof value === 'string' && ACCOUNT_ID.test(value) && !NOT_PEOPLE.has(value);
}

/** Account ids with the earliest time (epoch ms) each was stored. */
export type StoredIds = Map<string, number>;

/** Adds an id seen at `at`, keeping the earliest time; ignores what is no account id. */
export function addStored(ids: StoredIds, value: unknown, at: number): void {
  if (!isReportable(value)) return;
  const when = Number.isFinite(at) && at > 0 ? at : Date.now();
  const known = ids.get(value);
  if (known === undefined || when < known) ids.set(value, when);
}

export function mergeStored(into: StoredIds, from: StoredIds): void {
  for (const [id, at] of from) addStored(into, id, at);
}
