// The three entity templates, cached together in one KVS value for ten minutes, so opening the
// panel usually costs one KVS read and no CRM request for them.
import { kvs } from '@forge/kvs';
import type { EntityType, Template } from '../../crm';
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
  const raw = await kvs.get<CachedTemplates>(KEYS.templates);
  if (
    !raw ||
    typeof raw.fetchedAt !== 'number' ||
    typeof raw.templates !== 'object' ||
    raw.templates === null
  )
    return undefined;
  if (now - raw.fetchedAt > TEMPLATE_TTL_MS || now < raw.fetchedAt - 60_000) return undefined;
  const t = raw.templates;
  if (!t.company || !t.contact || !t.sale) return undefined;
  return t;
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
