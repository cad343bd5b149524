// Records suggested for an issue: who the reporter, participants and the text name, matched in
// Atlas CRM by email, email and web domain, organisation and company name, and person name,
// with a reason in plain words; what the issue is about first, names in passing left out.
import type { SuggestionsData } from '../../../shared/contract';
import type { LinkRecord } from '../../storage/link-record-format';
import type { CrmAccess } from '../crm';
import { loadDomainLibrary } from './emails';
import { findCandidates } from './find';
import { readIssueSources as readSources, type IssueSources } from './issue-source';
import { planSearch } from './plan';
import { rankCandidates } from './rank';

export { dismissSuggestion, restoreSuggestion } from './dismissals';
export type { IssueSources } from './issue-source';
export { MAX_SUGGESTIONS } from './rank';

/** The issue's people and text, as the user; addresses in it are read with the suffix list. */
export async function readIssueSources(issueId: string): Promise<IssueSources> {
  await loadDomainLibrary();
  return readSources(issueId);
}

/** `sources`: the issue's people and text, read as the user beside the access check. */
export async function listSuggestions(
  getCrm: CrmAccess,
  record: LinkRecord,
  dismissedIds: ReadonlySet<string>,
  sources: IssueSources,
): Promise<SuggestionsData> {
  // The suffix list was loaded with the sources (readIssueSources); this call may come alone.
  const [templates] = await Promise.all([getCrm.templates(), loadDomainLibrary()]);
  const plan = planSearch(sources);
  const found = await findCandidates(getCrm(), templates, plan);
  const hidden = new Set([...record.links.map((link) => link.id), ...dismissedIds]);
  return {
    items: rankCandidates(found.candidates, templates, hidden),
    notes: [...plan.notes, ...found.notes],
    ...(dismissedIds.size > 0 ? { dismissed: [...dismissedIds] } : {}),
  };
}
