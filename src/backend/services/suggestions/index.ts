// Records suggested for an issue: who the reporter, participants and the text name, matched in
// Atlas CRM by email, email domain and organisation name, with a reason in plain words.
import type { CrmClient, EntityType } from '../../../crm';
import type { Suggestion, SuggestionSource, SuggestionsData } from '../../../shared/contract';
import type { IssueCall } from '../../context';
import { readDismissed } from '../../storage/dismissed';
import type { LinkRecord } from '../../storage/link-record-format';
import type { Templates } from '../../storage/template-cache';
import { handledLater } from '../../later';
import { toSummary } from '../summaries';
import { loadTemplates } from '../templates';
import { findCandidates, type Candidate } from './find';
import { readIssueSources, type IssueSources } from './issue-source';
import { planSearch } from './plan';

export { dismissSuggestion, restoreSuggestion } from './dismissals';
export { readIssueSources, type IssueSources } from './issue-source';

/** Suggestions shown at once: the strongest; a longer list would not be read. */
export const MAX_SUGGESTIONS = 10;

/**
 * Strongest first: the people on the request and addresses written down, then companies through
 * those people's links, an organisation, a name written down, and last a shared mail domain.
 */
const STRENGTH: Readonly<Record<EntityType, readonly SuggestionSource[]>> = {
  contact: ['reporter', 'participant', 'text'],
  company: ['reporter-company', 'organization', 'text', 'domain'],
  sale: [],
};

/** Contacts before companies; unknown pairs last. */
function strength({ source, entity }: { source: SuggestionSource; entity: { type: EntityType } }) {
  const rank = STRENGTH[entity.type].indexOf(source);
  const offset = entity.type === 'contact' ? 0 : STRENGTH.contact.length;
  return rank < 0 ? Number.MAX_SAFE_INTEGER : offset + rank;
}

/** One suggestion per record: its strongest reason first, the others joined after it. */
export function mergeCandidates(
  candidates: readonly Candidate[],
  templates: Templates,
  hidden: ReadonlySet<string>,
): Suggestion[] {
  const byId = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    if (hidden.has(candidate.entity.id)) continue;
    const list = byId.get(candidate.entity.id) ?? [];
    if (!list.some((known) => known.reason === candidate.reason)) list.push(candidate);
    byId.set(candidate.entity.id, list);
  }
  const merged = [...byId.values()].map((list) => {
    const sorted = [...list].sort((a, b) => strength(a) - strength(b));
    const [best] = sorted as [Candidate, ...Candidate[]];
    return {
      entity: toSummary(best.entity, templates[best.entity.type]),
      reason: sorted.map((item) => item.reason).join('; '),
      source: best.source,
    };
  });
  // A stable sort keeps the CRM's order among records of the same strength.
  return merged.sort((a, b) => strength(a) - strength(b)).slice(0, MAX_SUGGESTIONS);
}

/**
 * `sources` may be read beside the access check (readIssueSources, as the user), which saves the
 * Jira round before the CRM's; without it the issue is read here.
 */
export async function listSuggestions(
  call: IssueCall,
  getCrm: () => CrmClient,
  record: Promise<LinkRecord>,
  sources?: Promise<IssueSources>,
): Promise<SuggestionsData> {
  const issueId = call.issue.id;
  // The issue (as the user), the templates and the dismissals side by side.
  const read = sources ?? readIssueSources(issueId);
  const templates = handledLater(loadTemplates(getCrm));
  const dismissed = handledLater(readDismissed(issueId));
  const plan = planSearch(await read);
  const found = await findCandidates(getCrm(), await templates, plan);
  const dismissedIds = await dismissed;
  const hidden = new Set([...(await record).links.map((link) => link.id), ...dismissedIds]);
  return {
    items: mergeCandidates(found.candidates, await templates, hidden),
    notes: [...plan.notes, ...found.notes],
    ...(dismissedIds.size > 0 ? { dismissed: [...dismissedIds] } : {}),
  };
}
