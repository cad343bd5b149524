// Names from Jira and Atlas CRM inside a reason: on one line and short enough to read at a glance.

/** Longer names are cut; a reason names a person or a company, not a paragraph. */
export const MAX_NAME = 80;

export function shortName(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  if (line.length <= MAX_NAME) return line;
  // Never between the two halves of an emoji.
  const cut = line.slice(0, MAX_NAME - 1);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}
