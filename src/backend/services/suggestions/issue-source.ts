// What the issue says about its customer, read from Jira AS THE USER (so Jira's own visibility
// applies, the reporter's email included) in one request: reporter, summary, description, and
// for Service Management requests the participants and the customer organisations.
import { asUser, route } from '@forge/api';
import { isRecord } from '../../../shared/guards';
import { jiraJson, sendJira } from '../../jira';
import { emailsInText, parseEmail } from './addresses';
import type { Where } from './text-scan';
import { shortName } from './text';

export type { Where } from './text-scan';

/** Found by the field's schema, never by a customfield id, which differs per site. */
const PARTICIPANTS_SCHEMA = 'com.atlassian.servicedesk:sd-request-participants';
const ORGANIZATIONS_SCHEMA = 'com.atlassian.servicedesk:sd-customer-organizations';
/** More people or organisations than this on one request are not matched. */
const MAX_PEOPLE = 20;
/** ADF deeper than this is not walked; Jira's own editor nests a few levels. */
const MAX_DEPTH = 30;

export interface Person {
  name: string;
  /** Lower-cased; absent when Jira hides it or it is not an address on a public domain. */
  email?: string;
  /** What Jira shows when it is no address Atlas CRM can match ("emma@corp.internal"). */
  unmatchable?: string;
}

export interface IssueSources {
  /** Absent for an anonymous request. */
  reporter?: Person;
  participants: Person[];
  organizations: string[];
  /** Addresses written in the text, each with where it was written. */
  written: { email: string; where: Where }[];
  /** The summary and the description as text, where names and web addresses are looked for. */
  texts: { where: Where; text: string }[];
}

/** Each value once, where it is first written. */
function firstOf<T>(items: { key: string; item: T }[]): T[] {
  const seen = new Set<string>();
  return items.filter(({ key }) => !seen.has(key) && seen.add(key)).map(({ item }) => item);
}

function personOf(value: unknown): Person | undefined {
  if (!isRecord(value)) return undefined;
  const name = typeof value.displayName === 'string' ? shortName(value.displayName) : '';
  const shown = typeof value.emailAddress === 'string' ? value.emailAddress.trim() : '';
  const email = parseEmail(shown);
  // Jira shows it, so it is not hidden: it just names no company's mail system.
  const unmatchable = email === undefined && shown !== '' ? { unmatchable: shortName(shown) } : {};
  return { name: name === '' ? 'Someone' : name, ...(email ? { email } : {}), ...unmatchable };
}

/** "mailto:emma%2Bx@acme.com?subject=Hi" -> "emma+x@acme.com": the query is no part of it. */
function mailtoAddresses(href: string): string {
  const to = href.slice('mailto:'.length).split('?')[0] ?? '';
  try {
    return decodeURIComponent(to);
  } catch {
    // A stray "%" that is no escape: the link as written.
    return to;
  }
}

/**
 * The text of an ADF document: inline text run together as written (so marks never split an
 * address), blocks and hard breaks on lines of their own, mailto links' addresses beside their
 * text. A plain string is taken as is.
 */
export function adfText(doc: unknown): string {
  if (typeof doc === 'string') return doc;
  const parts: string[] = [];
  const mailto = (href: unknown) => {
    if (typeof href === 'string' && /^mailto:/i.test(href))
      parts.push(` ${mailtoAddresses(href)} `);
  };
  const walk = (node: unknown, depth: number): void => {
    if (!isRecord(node) || depth > MAX_DEPTH) return;
    if (typeof node.text === 'string') parts.push(node.text);
    if (node.type === 'hardBreak') parts.push('\n');
    for (const mark of Array.isArray(node.marks) ? node.marks : [])
      if (isRecord(mark) && isRecord(mark.attrs)) mailto(mark.attrs.href);
    if (isRecord(node.attrs)) mailto(node.attrs.url);
    if (!Array.isArray(node.content)) return;
    for (const child of node.content) walk(child, depth + 1);
    parts.push('\n');
  };
  walk(doc, 0);
  return parts.join('');
}

/** Ids of the fields whose schema names this custom field type. */
function fieldIdsOf(schema: unknown, custom: string): string[] {
  if (!isRecord(schema)) return [];
  return Object.entries(schema)
    .filter(([, field]) => isRecord(field) && field.custom === custom)
    .map(([id]) => id);
}

function listOf(fields: Record<string, unknown>, ids: string[]): unknown[] {
  return ids.flatMap((id) => {
    const value = fields[id];
    return Array.isArray(value) ? value : [];
  });
}

/** Reads the answer of GET issue (fields and schema); pure, so tests can feed it Jira's shapes. */
export function sourcesOf(body: unknown): IssueSources {
  const fields = isRecord(body) && isRecord(body.fields) ? body.fields : {};
  const schema = isRecord(body) ? body.schema : undefined;
  const participants = listOf(fields, fieldIdsOf(schema, PARTICIPANTS_SCHEMA))
    .map(personOf)
    .filter((person): person is Person => person !== undefined)
    .slice(0, MAX_PEOPLE);
  const organizations = [
    ...new Set(
      listOf(fields, fieldIdsOf(schema, ORGANIZATIONS_SCHEMA))
        .map((org) => (isRecord(org) && typeof org.name === 'string' ? org.name.trim() : ''))
        .filter((name) => name !== ''),
    ),
  ].slice(0, MAX_PEOPLE);
  const texts: [Where, string][] = [
    ['summary', typeof fields.summary === 'string' ? fields.summary : ''],
    ['description', adfText(fields.description)],
  ];
  const written = firstOf(
    texts.flatMap(([where, text]) =>
      emailsInText(text).map((email) => ({ key: email, item: { email, where } })),
    ),
  );
  const reporter = personOf(fields.reporter);
  return {
    ...(reporter ? { reporter } : {}),
    participants,
    organizations,
    written,
    texts: texts.map(([where, text]) => ({ where, text })),
  };
}

export async function readIssueSources(issueId: string): Promise<IssueSources> {
  // Heavy fields the app never reads are left out of the answer.
  const res = await sendJira(() =>
    asUser().requestJira(
      route`/rest/api/3/issue/${issueId}?fields=*all,-comment,-worklog,-attachment&expand=schema`,
      { headers: { Accept: 'application/json' } },
    ),
  );
  return sourcesOf(await jiraJson<unknown>(res, 'GET issue'));
}
