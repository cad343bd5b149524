// The repair journal: an intent `intent:{issueId}:{entityId}` is written before a link or unlink
// call to the CRM and deleted once the CRM and the link record agree again. Intents left behind
// (a crash, a failed compensation) are replayed the next time the issue's lock is held.
import { WhereConditions, kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { KEYS } from './keys';
import { isEntityId } from './link-record-format';

export interface Intent {
  issueId: string;
  entityId: string;
  op: 'link' | 'unlink';
  at: number;
}

export async function writeIntent(intent: Intent): Promise<void> {
  await kvs.set(KEYS.intent(intent.issueId, intent.entityId), intent);
}

export async function deleteIntent(issueId: string, entityId: string): Promise<void> {
  await kvs.delete(KEYS.intent(issueId, entityId));
}

/** Pending intents of one issue (one KVS query by key prefix). */
export async function listIntents(issueId: string, limit = 20): Promise<Intent[]> {
  const page = await kvs
    .query()
    .where('key', WhereConditions.beginsWith(KEYS.intentPrefix(issueId)))
    .limit(limit)
    .getMany<Intent>();
  return page.results
    .map((entry) => entry.value)
    .filter(
      (value): value is Intent =>
        // The id goes into a CRM URL on replay: it passes the payload rule, as stored ids do.
        isRecord(value) && isEntityId(value.entityId) && value.issueId === issueId,
    );
}
