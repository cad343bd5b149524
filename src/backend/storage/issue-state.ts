// What every call about an issue reads from storage, in one KVS round: the settings (credentials
// state, access policy, automatic linking), the cached templates, the issue's link record and the
// suggestions dismissed on it, and whether the comment log still has legacy comments to move; and
// whether Jira refused the app's JQL index write in the issue's project; and the customer field's id.
import { readBatch } from './batch';
import { rememberCustomerFieldId } from './customer-field-id';
import { decodeDismissed } from './dismissed';
import { decodeIndexRefusal, type IndexRefusal } from './index-refusals';
import { KEYS } from './keys';
import { linkItems, storedLinksOf, type StoredLinks } from './link-store';
import { decodeSettings, type StoredSettings } from './settings';
import { decodeCachedTemplates, type Templates } from './template-cache';

export interface IssueState {
  settings: StoredSettings;
  /** The cached templates while fresh. */
  templates?: Templates;
  links: StoredLinks;
  dismissed: Set<string>;
  /** Every comment of versions before the `record-comments` entity has been moved into it. */
  legacyCommentsMoved: boolean;
  /** Jira refused the JQL index write in the issue's project (known when the project is). */
  indexRefusal?: IndexRefusal;
}

export async function readIssueState(issueId: string, projectId?: string): Promise<IssueState> {
  const refusalKey = projectId !== undefined ? KEYS.indexRefused(projectId) : undefined;
  const values = await readBatch([
    { key: KEYS.settings },
    { key: KEYS.autoLink },
    { key: KEYS.templates },
    { key: KEYS.dismissed(issueId) },
    { key: KEYS.legacyCommentsMoved },
    { key: KEYS.customerField },
    ...linkItems(issueId),
    ...(refusalKey ? [{ key: refusalKey }] : []),
  ]);
  const templates = decodeCachedTemplates(values.get({ key: KEYS.templates }));
  // Where the customer field lives: a link writes it without reading this again.
  rememberCustomerFieldId(values.get({ key: KEYS.customerField }));
  const indexRefusal = refusalKey ? decodeIndexRefusal(values.get({ key: refusalKey })) : undefined;
  return {
    settings: decodeSettings(
      values.get({ key: KEYS.settings }),
      values.get({ key: KEYS.autoLink }),
    ),
    ...(templates ? { templates } : {}),
    links: storedLinksOf(issueId, values),
    dismissed: decodeDismissed(values.get({ key: KEYS.dismissed(issueId) })),
    legacyCommentsMoved: values.get({ key: KEYS.legacyCommentsMoved }) !== undefined,
    ...(indexRefusal ? { indexRefusal } : {}),
  };
}
