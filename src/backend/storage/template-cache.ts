// The three entity templates, cached together in one KVS value for ten minutes, so opening the
// panel usually costs one KVS read and no CRM request for them.
import { kvs } from '@forge/kvs';
import type { EntityType, Template } from '../../crm';
import { isRecord } from '../../shared/guards';
import { KEYS } from './keys';

export const TEMPLATE_TTL_MS = 10 * 60 * 1000;

export type Templates = Record<EntityType, Template>;

interface CachedTemplates {
  fetchedAt: number;
  templates: Templates;
}

export async function readCachedTemplates(
  now: number = Date.now(),
): Promise<Templates | undefined> {
  return decodeCachedTemplates(await kvs.get<unknown>(KEYS.templates), now);
}

/** The cached templates while fresh (read alone, or within a batch); undefined otherwise. */
export function decodeCachedTemplates(
  raw: unknown,
  now: number = Date.now(),
): Templates | undefined {
  if (!isRecord(raw) || typeof raw.fetchedAt !== 'number' || !isRecord(raw.templates))
    return undefined;
  if (now - raw.fetchedAt > TEMPLATE_TTL_MS || now < raw.fetchedAt - 60_000) return undefined;
  const t = raw.templates as Partial<Templates>;
  if (!t.company || !t.contact || !t.sale) return undefined;
  return t as Templates;
}

export async function writeCachedTemplates(
  templates: Templates,
  now: number = Date.now(),
): Promise<void> {
  const value: CachedTemplates = { fetchedAt: now, templates };
  await kvs.set(KEYS.templates, value, { ttl: { value: TEMPLATE_TTL_MS / 1000, unit: 'SECONDS' } });
}

export async function clearCachedTemplates(): Promise<void> {
  await kvs.delete(KEYS.templates);
}
