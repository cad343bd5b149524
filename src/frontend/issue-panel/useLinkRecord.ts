// Linking a CRM record to the issue, from its details or from a search result.
import { useState } from 'react';
import type { AppError, LinksData } from '../../shared/contract';
import { useAction } from '../shared/useAction';

/** What every view of CRM records gets from the panel: may it change links, and what is linked. */
export interface RecordViewProps {
  canEdit: boolean;
  linkedIds: ReadonlySet<string>;
  onOpen: (entityId: string) => void;
  onLinksChanged: (data: LinksData) => void;
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
}

export function useLinkRecord(onLinksChanged: (data: LinksData) => void): LinkRecord {
  const linkAction = useAction('links/add');
  const [target, setTarget] = useState<LinkTarget>();

  const link = async (next: LinkTarget) => {
    setTarget(next);
    const result = await linkAction.run({ entityId: next.entityId });
    if (result.ok) onLinksChanged(result.data);
  };

  return {
    link,
    linkingId: linkAction.busy ? target?.entityId : undefined,
    failure: linkAction.error && target ? { ...target, error: linkAction.error } : undefined,
  };
}
