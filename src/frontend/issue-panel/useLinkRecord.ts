// Linking a CRM record to the issue, from its details or from a search result.
import { useRef, useState } from 'react';
import type { AppError, LinksData } from '../../shared/contract';
import { useAction } from '../shared/useAction';

/** What a finished action did, so the panel can say so (and offer Undo after an unlink). */
export interface LinkChange {
  kind: 'linked' | 'unlinked' | 'removed';
  entityId: string;
  name: string;
}

export type OnLinksChanged = (data: LinksData, change?: LinkChange) => void;

/** What every view of CRM records gets from the panel: may it change links, and what is linked. */
export interface RecordViewProps {
  canEdit: boolean;
  linkedIds: ReadonlySet<string>;
  onOpen: (entityId: string) => void;
  onLinksChanged: OnLinksChanged;
}

export interface LinkTarget {
  entityId: string;
  name: string;
}

export interface LinkRecord {
  link: (target: LinkTarget) => Promise<void>;
  /** The record being linked right now. */
  linkingId?: string;
  /** The last link that failed, with the record it was for. */
  failure?: LinkTarget & { error: AppError };
  /** The record linked last from here: its Link button is gone, so focus goes to its name. */
  linkedId?: string;
}

export function useLinkRecord(onLinksChanged: OnLinksChanged): LinkRecord {
  const linkAction = useAction('links/add');
  const [target, setTarget] = useState<LinkTarget>();
  const [linkedId, setLinkedId] = useState<string>();

  // One link at a time: a second click before the first answer (a double click, or a click on
  // another row) is dropped rather than queued, so it can never act on a row it was not aimed at.
  const inFlight = useRef(false);

  const link = async (next: LinkTarget) => {
    if (inFlight.current) return;
    inFlight.current = true;
    setTarget(next);
    try {
      const result = await linkAction.run({ entityId: next.entityId });
      if (result.ok) {
        setLinkedId(next.entityId);
        onLinksChanged(result.data, { kind: 'linked', ...next });
      }
    } finally {
      inFlight.current = false;
    }
  };

  return {
    link,
    linkingId: linkAction.busy ? target?.entityId : undefined,
    failure: linkAction.error && target ? { ...target, error: linkAction.error } : undefined,
    linkedId,
  };
}
