// The "Atlas CRM customer" field's value, from the link record alone (pure): the linked
// companies' names, or the contacts' when no company is linked; each once, in link order.
import type { LinkRecord } from './link-record-format';

/** Jira's limit for one string of a Forge string-list field (the stand-in refuses more). */
export const CUSTOMER_NAME_MAX = 254;

function cut(name: string): string {
  if (name.length <= CUSTOMER_NAME_MAX) return name;
  let head = name.slice(0, CUSTOMER_NAME_MAX - 1);
  if (/[\uD800-\uDBFF]$/.test(head)) head = head.slice(0, -1);
  return `${head}…`;
}

/** A record deleted in Atlas CRM is no customer any more, though it stays linked. */
function names(record: LinkRecord, type: 'company' | 'contact'): string[] {
  const found = record.links
    .filter((link) => link.type === type && link.status !== 'deleted')
    .map((link) => cut(link.name.trim()))
    .filter((name) => name !== '');
  return [...new Set(found)];
}

export function customerNames(record: LinkRecord): string[] {
  const companies = names(record, 'company');
  return companies.length > 0 ? companies : names(record, 'contact');
}

export function sameCustomers(a: LinkRecord, b: LinkRecord): boolean {
  return JSON.stringify(customerNames(a)) === JSON.stringify(customerNames(b));
}
