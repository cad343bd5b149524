// From candidates to suggestions: what a stronger reading rules out is dropped (a shorter name
// inside a longer one written there, a company whose legal form the text writes differently
// when another has the written one, a contact's other companies when the ticket names one of
// them), the rest is merged per record, weighed, and what is about the ticket is kept.
import type { Suggestion } from '../../../shared/contract';
import type { Templates } from '../../storage/template-cache';
import { toSummary } from '../summaries';
import type { Candidate } from './candidates';
import { PER_EXTRA_REASON, THRESHOLD } from './weights';

/** Suggestions shown at once: the strongest; a longer list would not be read. */
export const MAX_SUGGESTIONS = 10;
/** Extra reasons add at most this much. */
const MAX_EXTRA = 3 * PER_EXTRA_REASON;

/** "Summit Dental" written inside "Summit Dental Partners" names the longer one only. */
function outnamed(candidates: readonly Candidate[]): Set<Candidate> {
  const written = candidates.filter((c) => c.written !== undefined);
  const out = new Set<Candidate>();
  for (const shorter of written)
    for (const longer of written) {
      const a = shorter.written?.mention;
      const b = longer.written?.mention;
      if (!a || !b || shorter.entity.id === longer.entity.id || a.where !== b.where) continue;
      const inside = b.start <= a.start && a.end <= b.end && b.end - b.start > a.end - a.start;
      if (inside) out.add(shorter);
    }
  // "Helix Bio Ltd" names the Ltd, not "Helix Bio Inc.": the written form decides.
  for (const candidate of written) {
    if (candidate.written?.form === 'same') continue;
    const rival = written.some(
      (other) =>
        other.entity.id !== candidate.entity.id &&
        other.written?.key === candidate.written?.key &&
        other.written?.form === 'same',
    );
    if (rival) out.add(candidate);
  }
  return out;
}

/** A contact's company the ticket does not name, when it names another of that contact's. */
function otherCompanies(candidates: readonly Candidate[]): Set<Candidate> {
  const direct = new Set(candidates.filter((c) => c.direct).map((c) => c.entity.id));
  const out = new Set<Candidate>();
  for (const candidate of candidates) {
    const via = candidate.via;
    if (!via || via.of < 2 || direct.has(candidate.entity.id)) continue;
    const siblings = candidates.filter(
      (c) => c.via?.contactId === via.contactId && c.entity.id !== candidate.entity.id,
    );
    if (siblings.some((sibling) => direct.has(sibling.entity.id))) out.add(candidate);
  }
  return out;
}

interface Scored {
  suggestion: Suggestion;
  weight: number;
}

/** One suggestion per record: its strongest reason first, the others joined after it. */
export function rankCandidates(
  candidates: readonly Candidate[],
  templates: Templates,
  hidden: ReadonlySet<string>,
): Suggestion[] {
  const dropped = new Set([...outnamed(candidates), ...otherCompanies(candidates)]);
  const byId = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    if (hidden.has(candidate.entity.id) || dropped.has(candidate)) continue;
    const list = byId.get(candidate.entity.id) ?? [];
    if (!list.some((known) => known.reason === candidate.reason)) list.push(candidate);
    byId.set(candidate.entity.id, list);
  }
  const scored = [...byId.values()].map((list): Scored => {
    // A name written in passing says nothing beside a real reason.
    const sorted = [...list]
      .sort((a, b) => b.weight - a.weight)
      .filter((c, i) => i === 0 || c.weight >= THRESHOLD);
    const [best] = sorted as [Candidate, ...Candidate[]];
    const extra = Math.min(MAX_EXTRA, (sorted.length - 1) * PER_EXTRA_REASON);
    return {
      suggestion: {
        entity: toSummary(best.entity, templates[best.entity.type]),
        reason: sorted.map((item) => item.reason).join('; '),
        source: best.source,
      },
      weight: best.weight + extra,
    };
  });
  // A stable sort keeps contacts before companies of the same weight, in the CRM's order.
  const order = (s: Scored) => (s.suggestion.entity.type === 'contact' ? 0 : 1);
  return scored
    .filter((s) => s.weight >= THRESHOLD)
    .sort((a, b) => b.weight - a.weight || order(a) - order(b))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.suggestion);
}
