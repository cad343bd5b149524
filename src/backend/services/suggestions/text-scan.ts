// An issue's text as words with where they stand: capitalised or not, at a sentence's start, in
// the signature. Names are looked for in these, never in the raw text, so "E.ON", "Min-ji" and
// "O'Sullivan" stay one word each and an address or a web link is never read as a name.
import { normaliseName } from '../names';

export type Where = 'summary' | 'description';

export interface Segment {
  /** As written: "E.ON", "Min-ji", "&". */
  raw: string;
  /** Its normalised words: ["eon"], ["min", "ji"], ["and"]. */
  words: string[];
  start: number;
  end: number;
  /** Starts with a capital letter or a digit. */
  capital: boolean;
  /** First of its sentence, line or clause after a colon. */
  sentenceStart: boolean;
  /** The text between the segment before and this one. */
  gap: string;
}

export interface ScannedText {
  where: Where;
  text: string;
  segments: Segment[];
  /** The first segment of the signature (after "Best regards", or a short last line). */
  signatureFrom: number;
}

/** Text beyond this is not read: who a ticket is about is said near its top. */
const MAX_TEXT = 32_000;
// Addresses and links, blanked before names are read (their parts are matched elsewhere).
const ADDRESSES = /\S*(?:@|:\/\/|www\.)\S*/giu;
const SEGMENT = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}]|[.'’-](?=[\p{L}\p{N}]))*|&/gu;
const SENTENCE_END = /[.!?:;\n]/;
// A line that closes a message: the signature follows it.
const SIGN_OFF =
  /^(?:--+|—|(?:best|kind|warm)?\s*regards|best|thanks|thank you|many thanks|cheers|sincerely|mit freundlichen grüßen|viele grüße|freundliche grüsse|beste grüße|met vriendelijke groet(?:en)?|groeten|cordialement|bien à vous|saludos|un saludo|atentamente|obrigad[oa]|cumprimentos|grazie|cordiali saluti|distinti saluti|med vänlig hälsning|hälsningar|mvh|venlig hilsen|ystävällisin terveisin|pozdrawiam|s pozdravem|saygılarımla|teşekkürler|sent from)\b[\s,.!]*$/iu;
/** A last line this short, after others, reads as a signature ("Aroha Walker - Blue Ocean"). */
const SHORT_LINE = 60;

function signatureStart(text: string, segments: readonly Segment[]): number {
  const lines = text.split('\n');
  let offset = 0;
  let from: number | undefined;
  const starts = lines.map((line) => {
    const at = offset;
    offset += line.length + 1;
    return at;
  });
  lines.forEach((line, i) => {
    if (from === undefined && i > 0 && SIGN_OFF.test(line.trim())) from = starts[i + 1] ?? offset;
  });
  if (from === undefined) {
    const filled = lines.map((line, i) => ({ line: line.trim(), at: starts[i] ?? 0 }));
    const content = filled.filter((item) => item.line !== '');
    const last = content[content.length - 1];
    if (content.length > 1 && last && last.line.length <= SHORT_LINE) from = last.at;
  }
  if (from === undefined) return segments.length;
  const at = from;
  const index = segments.findIndex((segment) => segment.start >= at);
  return index < 0 ? segments.length : index;
}

export function scanText(where: Where, input: string): ScannedText {
  const text = input.slice(0, MAX_TEXT).replace(ADDRESSES, (found) => ' '.repeat(found.length));
  const segments: Segment[] = [];
  let previousEnd = 0;
  for (const match of text.matchAll(SEGMENT)) {
    const raw = match[0];
    const start = match.index;
    const gap = text.slice(previousEnd, start);
    const words = raw === '&' ? ['and'] : normaliseName(raw).split(' ');
    segments.push({
      raw,
      words: words.filter((word) => word !== ''),
      start,
      end: start + raw.length,
      capital: /^[\p{Lu}\p{N}]/u.test(raw),
      sentenceStart: segments.length === 0 || SENTENCE_END.test(gap),
      gap,
    });
    previousEnd = start + raw.length;
  }
  return { where, text, segments, signatureFrom: signatureStart(text, segments) };
}
