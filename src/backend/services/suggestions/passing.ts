// Names written in passing: a comparison ("unlike Acme we…", "the same SLA as Acme"), an example
// or a reference ("a case study of Acme", "referred by Acme"), an exception or a negation
// ("except Acme", "don't change anything for Acme"), or another customer's story ("Acme told us").
// Such a name is not whom the ticket is about, so it weighs far less than one that is.
import type { ScannedText, Segment } from './text-scan';

/** Segments looked at before the name, within its clause; a negation must be closer. */
const CLAUSE = 10;
const NEGATION_REACH = 4;
/** Segments looked at after the name. */
const AFTER = 3;

const cues = (list: string) => list.split(',').map((cue) => cue.trim().split(' '));

// Anywhere earlier in the name's clause.
const COMPARISONS = cues(
  'unlike, like, similar to, case study, referred by, recommended by, except, excluding, besides, ' +
    'other than, apart from, instead of, rather than, compared to, compared with, versus, vs, ' +
    'competitor, competitors, switch from, switching from, switched from, move from, moving from, ' +
    'migrate from, migrating from, over from, away from',
);
// Just before the name: "don't change anything for Acme", "not Acme".
const NEGATIONS = cues('not, never, nor, dont, do not, doesnt, does not, without');
// Right after the name: another customer's story told as an example.
const AFTER_CUES = cues('told us, showed us, got a, got the, has the same, had the same, declined');

// "We would like Acme…" wants something; "like Acme" compares.
const WANTING = new Set(['would', 'd', 'should', 'i', 'we', 'they', 'you']);
// A break between clauses: the cue before it speaks of something else.
const CLAUSE_BREAK = /[,;:.!?\n()]/;

const wordsOf = (segments: readonly Segment[]) => segments.flatMap((s) => s.words);

function hasCue(words: readonly string[], list: readonly string[][]): boolean {
  for (let at = 0; at < words.length; at++)
    for (const cue of list) {
      if (!cue.every((word, k) => words[at + k] === word)) continue;
      if (cue.length === 1 && cue[0] === 'like' && WANTING.has(words[at - 1] ?? '')) continue;
      return true;
    }
  return false;
}

/** Is the name at segments [first, last] of the text written in passing? */
export function isInPassing(scanned: ScannedText, first: number, last: number): boolean {
  const { segments } = scanned;
  // Back to the segment that opens the name's clause (itself, when a break comes right before).
  let from = first;
  while (from > 0 && first - from < CLAUSE) {
    const here = segments[from] as Segment;
    if (here.sentenceStart || CLAUSE_BREAK.test(here.gap)) break;
    from--;
  }
  const clause = wordsOf(segments.slice(from, first));
  if (hasCue(clause, COMPARISONS)) return true;
  // "the same SLA as Acme", "not the same as the one for Acme".
  const same = clause.indexOf('same');
  if (same >= 0 && clause.indexOf('as', same) > same) return true;
  if (hasCue(wordsOf(segments.slice(Math.max(from, first - NEGATION_REACH), first)), NEGATIONS))
    return true;
  const after: Segment[] = [];
  for (let i = last + 1; i < segments.length && after.length < AFTER; i++) {
    const segment = segments[i] as Segment;
    if (segment.sentenceStart) break;
    after.push(segment);
  }
  const next = wordsOf(after);
  return AFTER_CUES.some((cue) => cue.every((word, k) => next[k] === word));
}
