// What every link operation answers with, and the messages it fails with.
import type { LinksData } from '../../../shared/contract';
import { linkCapacity, type LinkRecord } from '../../storage/link-record-format';

export const LINK_MESSAGES = {
  addNotSaved:
    'Jira could not save the link on this issue, so nothing was linked. Try again in a moment.',
  removeNotSaved:
    'Jira could not save the change on this issue, so the link was kept. Try again in a moment.',
  unconfirmed:
    'Jira did not confirm the change on this issue. Refresh the Atlas CRM panel in a moment to see whether it was saved.',
} as const;

export function linksData(record: LinkRecord): LinksData {
  return {
    links: record.links,
    linkCapacity: linkCapacity(record),
    ...(record.refreshedAt !== undefined ? { refreshedAt: record.refreshedAt } : {}),
  };
}

export function hasLink(record: LinkRecord, entityId: string): boolean {
  return record.links.some((link) => link.id === entityId);
}
