// Which field is the app's "Atlas CRM customer" on this site: Jira gives a jira:customField its
// `customfield_N` id at install. Found once in Jira's field list (as the app, by the field's
// extension ARI), then kept in KVS and read in each issue call's batch, so a link pays nothing;
// forgotten when Jira answers a write to it 404.
import { asApp, getAppContext, route } from '@forge/api';
import { kvs } from '@forge/kvs';
import { isRecord } from '../../shared/guards';
import { invocationScope } from '../deadline';
import { jiraJson, sendJira } from '../jira';
import { describeForLog } from '../redact';
import { CUSTOMER_FIELD_MODULE, KEYS } from './keys';

const FIELD_ID = /^customfield_\d{1,18}$/;
/** What this invocation knows: the id, or null when storage holds none (look it up in Jira). */
const known = new WeakMap<object, string | null>();

export function decodeCustomerFieldId(value: unknown): string | undefined {
  const id = isRecord(value) ? value.id : undefined;
  return typeof id === 'string' && FIELD_ID.test(id) ? id : undefined;
}

/** Told what the call's KVS batch found, so nothing reads it again in this invocation. */
export function rememberCustomerFieldId(stored: unknown): void {
  const scope = invocationScope();
  if (scope) known.set(scope, decodeCustomerFieldId(stored) ?? null);
}

/**
 * Jira's schema.custom of this installation's field. Another app, or this app's other environment,
 * may declare a field of the same module key on the site: only the whole extension ARI is ours.
 */
function ourFieldAri(): string {
  const { appAri, environmentAri } = getAppContext();
  return `ari:cloud:ecosystem::extension/${appAri.appId}/${environmentAri.environmentId}/static/${CUSTOMER_FIELD_MODULE}`;
}

function isOurs(field: unknown, ari: string): field is { id: string } {
  if (!isRecord(field) || typeof field.id !== 'string' || !FIELD_ID.test(field.id)) return false;
  return isRecord(field.schema) && field.schema.custom === ari;
}

async function lookUp(): Promise<string | undefined> {
  const ari = ourFieldAri();
  const res = await sendJira(() =>
    asApp().requestJira(route`/rest/api/3/field`, { headers: { Accept: 'application/json' } }),
  );
  const fields = await jiraJson<unknown>(res, 'GET field');
  const field = Array.isArray(fields) ? fields.find((f) => isOurs(f, ari)) : undefined;
  if (field) await kvs.set(KEYS.customerField, { id: field.id });
  return field?.id;
}

/** The field's id, or undefined when Jira has none for the app (not installed yet, or hidden). */
export async function customerFieldId(): Promise<string | undefined> {
  const scope = invocationScope();
  const memo = scope ? known.get(scope) : undefined;
  if (typeof memo === 'string') return memo;
  try {
    const stored =
      memo === null ? undefined : decodeCustomerFieldId(await kvs.get(KEYS.customerField));
    const id = stored ?? (await lookUp());
    if (scope && id) known.set(scope, id);
    return id;
  } catch (err) {
    console.warn(`[atlas-crm] the customer field could not be found: ${describeForLog(err)}`);
    return undefined;
  }
}

/**
 * Jira no longer knows `id` (the field was deleted, perhaps made anew under another id): the next
 * write looks the field up again, unless a newer id was stored meanwhile.
 */
export async function forgetCustomerFieldId(id: string): Promise<void> {
  const scope = invocationScope();
  if (scope && known.get(scope) === id) known.set(scope, null);
  try {
    if (decodeCustomerFieldId(await kvs.get(KEYS.customerField)) === id)
      await kvs.delete(KEYS.customerField);
  } catch (err) {
    console.warn(
      `[atlas-crm] the customer field id could not be forgotten: ${describeForLog(err)}`,
    );
  }
}
