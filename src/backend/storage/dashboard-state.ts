// What a dashboard call reads from storage, in one KVS round: the access policy and the customer
// field's id.
import { readBatch } from './batch';
import { decodeCustomerFieldId, rememberCustomerFieldId } from './customer-field-id';
import { KEYS } from './keys';
import { decodeSettings, type StoredSettings } from './settings';

export interface DashboardState {
  settings: StoredSettings;
  /** Undefined until the first link change found it in Jira. */
  customerFieldId?: string;
}

export async function readDashboardState(): Promise<DashboardState> {
  const values = await readBatch([
    { key: KEYS.settings },
    { key: KEYS.autoLink },
    { key: KEYS.customerField },
  ]);
  const stored = values.get({ key: KEYS.customerField });
  rememberCustomerFieldId(stored);
  const fieldId = decodeCustomerFieldId(stored);
  return {
    settings: decodeSettings(
      values.get({ key: KEYS.settings }),
      values.get({ key: KEYS.autoLink }),
    ),
    ...(fieldId ? { customerFieldId: fieldId } : {}),
  };
}
