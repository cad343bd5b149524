// Several stored values in one KVS round (`kvs.batchGet`, at most 25 keys, plain values and
// custom entities mixed). On Forge every KVS call is a network round trip, so what a call needs
// is read together.
import { kvs } from '@forge/kvs';

export interface BatchItem {
  key: string;
  entityName?: string;
}

/** What a batch found, by item; a missing key reads as undefined. */
export interface BatchValues {
  get(item: BatchItem): unknown;
}

const BATCH_MAX = 25;

function slot(item: BatchItem): string {
  return `${item.entityName ?? ''}\u0000${item.key}`;
}

/** Throws when any item could not be read: a failed read is never taken for a missing value. */
export async function readBatch(items: readonly BatchItem[]): Promise<BatchValues> {
  if (items.length > BATCH_MAX) throw new Error(`a KVS batch holds at most ${BATCH_MAX} keys`);
  const answer = await kvs.batchGet<unknown>(items.map((item) => ({ ...item })));
  const failed = answer.failedKeys.filter((item) => item.error.code !== 'KEY_NOT_FOUND');
  if (failed[0]) {
    const error = new Error(`KVS could not read ${failed.length} of ${items.length} keys`);
    Object.assign(error, { code: failed[0].error.code });
    throw error;
  }
  const found = new Map<string, unknown>();
  for (const item of answer.successfulKeys)
    found.set(
      slot({ key: item.key, ...(item.entityName ? { entityName: item.entityName } : {}) }),
      item.value,
    );
  return { get: (item) => found.get(slot(item)) };
}
