// Records dismissed as suggestions on an issue ("not this customer"), remembered per issue so they
// never come back there. One KVS value per issue holding a capped list, newest first.
import { kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { KEYS } from './keys';
import { isEntityId } from '../../shared/ids';

/**
 * Far more than an issue ever gets suggested. Beyond it nothing more is dismissed, rather than the
 * oldest falling off: a burst of made-up ids must not bring back the customers an agent dismissed.
 */
export const DISMISSED_MAX = 100;

interface StoredDismissed {
  ids: string[];
}

function idsOf(value: unknown): string[] {
  if (!isRecord(value) || !Array.isArray(value.ids)) return [];
  return value.ids.filter(isEntityId);
}

/** Ids dismissed on the issue, from the stored value (read within a batch). */
export function decodeDismissed(value: unknown): Set<string> {
  return new Set(idsOf(value));
}

/** Ids dismissed on the issue now (one KVS call). */
export async function readDismissed(issueId: string): Promise<Set<string>> {
  return decodeDismissed(await kvs.get<StoredDismissed>(KEYS.dismissed(issueId)));
}

/**
 * Adds the id to the issue's list; false when the list is full. Two dismissals at the same moment
 * may keep only one; the other record is then suggested once more and can be dismissed again.
 */
export async function addDismissed(issueId: string, entityId: string): Promise<boolean> {
  const key = KEYS.dismissed(issueId);
  const earlier = idsOf(await kvs.get<StoredDismissed>(key));
  if (earlier.includes(entityId)) return true;
  if (earlier.length >= DISMISSED_MAX) return false;
  const value: StoredDismissed = { ids: [entityId, ...earlier] };
  await kvs.set(key, value);
  return true;
}

/** Takes the id off the issue's list (Undo of a dismissal). */
export async function removeDismissed(issueId: string, entityId: string): Promise<void> {
  const key = KEYS.dismissed(issueId);
  const earlier = idsOf(await kvs.get<StoredDismissed>(key));
  if (!earlier.includes(entityId)) return;
  const value: StoredDismissed = { ids: earlier.filter((id) => id !== entityId) };
  await kvs.set(key, value);
}
