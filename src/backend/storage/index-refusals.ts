// Projects where Jira refused the app's write of the JQL index (403: a project's permission scheme
// may withhold Edit Issues from the app's user). Remembered per project, so the panel can say so
// from the one KVS batch it reads anyway, instead of asking Jira on every open; the admin page's
// connection test checks these projects again.
import { WhereConditions, kvs } from '@forge/kvs';
import { hasFields } from '../../shared/guards';
import type { ProjectRef } from '../context';
import { describeForLog } from '../redact';
import { KEYS } from './keys';

export interface IndexRefusal {
  project: ProjectRef;
  /** When Jira last refused (ms since the epoch). */
  at: number;
}

/** While a refusal is this recent, the panel does not send the write again: Jira would refuse. */
export const INDEX_REFUSAL_RECHECK_MS = 10 * 60_000;
/** A KVS query page of 20 or less is safe under every reading of the documented limit. */
const LISTED_MAX = 20;

export function decodeIndexRefusal(value: unknown): IndexRefusal | undefined {
  if (!hasFields(value, { id: 'string', key: 'string', at: 'number' })) return undefined;
  return { project: { id: value.id, key: value.key }, at: value.at };
}

/** Best effort: what is lost is only a line the next refusal writes again. */
export async function rememberIndexRefusal(project: ProjectRef, at = Date.now()): Promise<void> {
  try {
    await kvs.set(KEYS.indexRefused(project.id), { id: project.id, key: project.key, at });
  } catch (err) {
    console.warn(`[atlas-crm] an index refusal was not remembered: ${describeForLog(err)}`);
  }
}

export async function forgetIndexRefusal(projectId: string): Promise<void> {
  try {
    await kvs.delete(KEYS.indexRefused(projectId));
  } catch (err) {
    console.warn(`[atlas-crm] an index refusal was not forgotten: ${describeForLog(err)}`);
  }
}

/** The projects with a remembered refusal (one KVS query). */
export async function listIndexRefusals(): Promise<IndexRefusal[]> {
  const page = await kvs
    .query()
    .where('key', WhereConditions.beginsWith(KEYS.indexRefusedPrefix))
    .limit(LISTED_MAX)
    .getMany<unknown>();
  return page.results.flatMap((entry) => decodeIndexRefusal(entry.value) ?? []);
}
