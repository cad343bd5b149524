// What people outside the access policy get of an issue's linked records: the names and types the
// issue's record holds, and nothing else stored with them (key fields, a contact's company, who
// linked, automatic-link reasons) or read from Atlas CRM.
import type { NamedLink, PanelData } from '../../shared/contract';
import { linkCapacity, type LinkRecord } from '../storage/link-record-format';

export function namedLinks(record: LinkRecord): NamedLink[] {
  return record.links.map(({ type, name }) => ({ type, name }));
}

/**
 * The panel's list outside the policy: `links` empty, `named` instead. The capacity stays: it
 * measures the search-index property, which Browse already shows in full.
 */
export function namesOnlyLinks(
  record: LinkRecord,
): Pick<PanelData, 'links' | 'named' | 'linkCapacity'> {
  return { links: [], named: namedLinks(record), linkCapacity: linkCapacity(record) };
}
