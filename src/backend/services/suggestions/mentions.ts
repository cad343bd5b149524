// Where a record's name is written in the text, compared as names are (names.ts): whole
// words, capitalised as names are, and how it is written there: in the summary, the body or the
// signature, with its legal form, or only in passing ("unlike Acme we…", "a case study of Acme",
// "don't change anything for Acme").
import { isLegalForm, normaliseName } from '../names';
import { isInPassing } from './passing';
import type { ScannedText, Segment, Where } from './text-scan';
import { WEIGHT, type WrittenWeights } from './weights';

export interface Mention {
  where: Where;
  signature: boolean;
  /** Named as a comparison, an example or an exception, not as whom the ticket is about. */
  passing: boolean;
  /** The legal form written right after the name, normalised ("llc"); undefined for none. */
  form?: string;
  /** Offsets of the name in its text, its legal form included when written. */
  start: number;
  end: number;
}

interface Word {
  word: string;
  segment: number;
}

const words = (scanned: ScannedText): Word[] =>
  scanned.segments.flatMap((segment, i) => segment.words.map((word) => ({ word, segment: i })));

// Articles before a one-word name make it a thing: "the Vision board", "the Orion release".
const ARTICLES = new Set(
  'the a an this that our your their its der die das le la les het'.split(' '),
);

/** Written as a name: each longer word capitalised ("Data Solutions", not "data solutions"). */
const capitalised = (run: readonly Segment[]) =>
  run.every((segment) => segment.capital || segment.raw.length <= 3);

/** Written as no word is: in capitals ("EON") or with inner dots ("E.ON"). */
const distinctive = (segment: Segment) =>
  /\p{L}\.\p{L}/u.test(segment.raw) ||
  (segment.raw.length > 1 &&
    segment.raw === segment.raw.toUpperCase() &&
    /\p{L}/u.test(segment.raw));

/** The legal form written after the name ("Acme Ltd", "Acme, Inc.", "Acme Co., Ltd.") and its end. */
function formAfter(
  segments: readonly Segment[],
  from: number,
): { form: string; end: number } | undefined {
  let best: { form: string; end: number } | undefined;
  const raw: string[] = [];
  for (let i = from; i < segments.length && i < from + 5; i++) {
    const segment = segments[i] as Segment;
    if (!/^[.,]{0,2}[ \t]+$/u.test(segment.gap)) break;
    raw.push(segment.raw);
    const form = raw.join(' ');
    if (isLegalForm(form)) best = { form: normaliseName(form), end: segment.end };
  }
  return best;
}

/** "Sakura Denki K.K." keeps its last dot, which the text scan leaves to the sentence. */
function withAbbreviationDot(text: string, end: number): number {
  return text.charAt(end) === '.' && /\p{L}\.\p{L}$/u.test(text.slice(0, end)) ? end + 1 : end;
}

/**
 * Where the name (its normalised words, without legal form) is written. A one-word name counts
 * only with its legal form, written as no word is ("EON"), or inside a sentence and without an
 * article before it: "Apex of the load…" and "the Vision board" name no company.
 */
export function findMentions(texts: readonly ScannedText[], key: readonly string[]): Mention[] {
  if (key.length === 0) return [];
  const out: Mention[] = [];
  for (const scanned of texts) {
    const stream = words(scanned);
    for (let i = 0; i + key.length <= stream.length; i++) {
      if (key.some((word, k) => stream[i + k]?.word !== word)) continue;
      const first = stream[i] as Word;
      const last = stream[i + key.length - 1] as Word;
      // Whole segments only: "eon" is no mention in "Neon".
      if (stream[i - 1]?.segment === first.segment) continue;
      if (stream[i + key.length]?.segment === last.segment) continue;
      const run = scanned.segments.slice(first.segment, last.segment + 1);
      // One name: no sentence or clause break inside it.
      if (run.slice(1).some((segment) => !/^[ \t]*$/u.test(segment.gap))) continue;
      if (!capitalised(run)) continue;
      const written = formAfter(scanned.segments, last.segment + 1);
      const form = written?.form;
      const opening = run[0] as Segment;
      const before = scanned.segments[first.segment - 1];
      if (
        key.length === 1 &&
        form === undefined &&
        !distinctive(opening) &&
        (opening.sentenceStart || (before && ARTICLES.has(before.words.join(' '))))
      )
        continue;
      out.push({
        where: scanned.where,
        signature: first.segment >= scanned.signatureFrom,
        passing: isInPassing(scanned, first.segment, last.segment),
        ...(form ? { form } : {}),
        start: opening.start,
        end: withAbbreviationDot(
          scanned.text,
          written?.end ?? (run[run.length - 1] as Segment).end,
        ),
      });
    }
  }
  return out;
}

/** The strongest of a name's mentions, and its weight: in passing, else by where it is written. */
export function strongestMention(
  mentions: readonly Mention[],
  weights: WrittenWeights,
): { mention: Mention; weight: number } {
  const weightOf = (m: Mention) =>
    m.passing ? WEIGHT.inPassing : m.signature ? weights.signature : weights[m.where];
  const ranked = mentions
    .map((mention) => ({ mention, weight: weightOf(mention) }))
    .sort((a, b) => b.weight - a.weight);
  return ranked[0] as { mention: Mention; weight: number };
}
