// The "Atlas CRM customer" field of an issue, always written as the app from the link record
// (`POST /rest/api/3/app/field/value`): read-only for people, and no other app may set it.
import { asApp, route } from '@forge/api';
import { jiraFailure, sendJira } from '../jira';
import { describeForLog } from '../redact';
import { customerFieldId, forgetCustomerFieldId } from './customer-field-id';
import { customerNames } from './customer-value';
import type { LinkRecord } from './link-record-format';

/** Written; no field to write (the app's field is not on the site); or failed. */
export type FieldWrite = 'written' | 'no-field' | 'failed';

/**
 * Sets the field to the record's customers (empty clears it). Never throws: the record is the
 * change, and the record's next change writes the field again. The panel rewrites it only beside a
 * stale JQL index it may write, so a failed write of the field alone waits for that next change.
 */
export async function writeCustomerField(
  issueId: string,
  record: LinkRecord,
  fieldId: Promise<string | undefined> = customerFieldId(),
): Promise<FieldWrite> {
  try {
    const id = await fieldId;
    if (!id) return 'no-field';
    const names = customerNames(record);
    const body = {
      updates: [
        { customField: id, issueIds: [Number(issueId)], value: names.length ? names : null },
      ],
    };
    const res = await sendJira(() =>
      asApp().requestJira(route`/rest/api/3/app/field/value`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify(body),
      }),
    );
    // 404: the field (or the issue) is gone. A field deleted, perhaps made anew under another id,
    // must be looked up again by the next write.
    if (res.status === 404) await forgetCustomerFieldId(id);
    if (!res.ok) throw await jiraFailure(res, 'POST app field value');
    await res.text().catch(() => '');
    return 'written';
  } catch (err) {
    console.warn(
      `[atlas-crm] the customer field of issue ${issueId} was not written: ${describeForLog(err)}`,
    );
    return 'failed';
  }
}
