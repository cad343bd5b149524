// What every link operation answers with, and the messages it fails with.
import type { LinkedEntity, LinksData } from '../../../shared/contract';
import { linkCapacity, type LinkRecord } from '../../storage/link-record-format';
import { appUrlOf } from '../summaries';

export const LINK_MESSAGES = {
  notSaved:
    "The change to this issue's Atlas CRM links could not be saved, so nothing changed. Try again in a moment.",
  unconfirmed:
    'Saving the change for this issue was not confirmed. Refresh the Atlas CRM panel in a moment to see whether it was saved.',
  oddEntity:
    'Atlas CRM answered with a record this app can not link here, so nothing was linked. Try again; if it keeps happening, tell your Jira admin.',
} as const;

/** A stored link as the panel gets it: its "Open in Atlas CRM" link built now. */
function answered(link: LinkedEntity): LinkedEntity {
  const { appUrl: _ignored, ...stored } = link;
  void _ignored;
  const appUrl = link.status === 'ok' ? appUrlOf(link.type, link.id) : undefined;
  return appUrl !== undefined ? { ...stored, appUrl } : stored;
}

export function linksData(record: LinkRecord): LinksData {
  return {
    links: record.links.map(answered),
    linkCapacity: linkCapacity(record),
    ...(record.refreshedAt !== undefined ? { refreshedAt: record.refreshedAt } : {}),
  };
}

export function hasLink(record: LinkRecord, entityId: string): boolean {
  return record.links.some((link) => link.id === entityId);
}
