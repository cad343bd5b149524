// Records suggested for an issue: who the reporter, participants and the text name, matched in
// Atlas CRM by email, email domain and organisation name, with a reason in plain words.
import type { EntityType } from '../../../crm';
import type { Suggestion, SuggestionSource, SuggestionsData } from '../../../shared/contract';
import type { LinkRecord } from '../../storage/link-record-format';
import type { Templates } from '../../storage/template-cache';
import { toSummary } from '../summaries';
import { findCandidates, type Candidate } from './find';
import type { IssueSources } from './issue-source';
import { planSearch } from './plan';
import type { CrmAccess } from '../crm';

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

/** `sources`: the issue's people and text, read as the user beside the access check. */
export async function listSuggestions(
  getCrm: CrmAccess,
  record: LinkRecord,
  dismissedIds: ReadonlySet<string>,
  sources: IssueSources,
): Promise<SuggestionsData> {
  const plan = planSearch(sources);
  const templates = await getCrm.templates();
  const found = await findCandidates(getCrm(), templates, plan);
  const hidden = new Set([...record.links.map((link) => link.id), ...dismissedIds]);
  return {
    items: mergeCandidates(found.candidates, templates, hidden),
    notes: [...plan.notes, ...found.notes],
    ...(dismissedIds.size > 0 ? { dismissed: [...dismissedIds] } : {}),
  };
}
