// Text that can be put in a URL: half of a surrogate pair (a cut emoji) makes encodeURIComponent
// throw, so such input is refused with these words before any request.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const BROKEN_TEXT =
  'contains a broken character (part of an emoji or symbol); type it again';

export function isWellFormed(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
