// Records dismissed as suggestions on an issue ("not this customer"), remembered per issue so they
// never come back there. One KVS value per issue holding a capped list, newest first.
import { kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { KEYS } from './keys';
import { isEntityId } from './link-record-format';

/** Far more than an issue ever gets suggested; the oldest dismissals fall off beyond it. */
export const DISMISSED_MAX = 100;

interface StoredDismissed {
  ids: string[];
}

function idsOf(value: unknown): string[] {
  if (!isRecord(value) || !Array.isArray(value.ids)) return [];
  return value.ids.filter(isEntityId);
}

/** Ids dismissed on the issue (one KVS read). */
export async function readDismissed(issueId: string): Promise<Set<string>> {
  return new Set(idsOf(await kvs.get<StoredDismissed>(KEYS.dismissed(issueId))));
}

/**
 * Adds the id to the issue's list. Two dismissals at the same moment may keep only one; the other
 * record is then suggested once more and can be dismissed again.
 */
export async function addDismissed(issueId: string, entityId: string): Promise<void> {
  const key = KEYS.dismissed(issueId);
  const earlier = idsOf(await kvs.get<StoredDismissed>(key)).filter((id) => id !== entityId);
  const value: StoredDismissed = { ids: [entityId, ...earlier].slice(0, DISMISSED_MAX) };
  await kvs.set(key, value);
}
