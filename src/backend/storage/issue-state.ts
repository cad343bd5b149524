// What every call about an issue reads from storage, in one KVS round: the settings (credentials
// state, access policy, automatic linking), the cached templates, the issue's link record and the
// suggestions dismissed on it.
import { readBatch } from './batch';
import { decodeDismissed } from './dismissed';
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
}

export async function readIssueState(issueId: string): Promise<IssueState> {
  const values = await readBatch([
    { key: KEYS.settings },
    { key: KEYS.autoLink },
    { key: KEYS.templates },
    { key: KEYS.dismissed(issueId) },
    ...linkItems(issueId),
  ]);
  const templates = decodeCachedTemplates(values.get({ key: KEYS.templates }));
  return {
    settings: decodeSettings(
      values.get({ key: KEYS.settings }),
      values.get({ key: KEYS.autoLink }),
    ),
    ...(templates ? { templates } : {}),
    links: storedLinksOf(issueId, values),
    dismissed: decodeDismissed(values.get({ key: KEYS.dismissed(issueId) })),
  };
}
