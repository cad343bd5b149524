// "Not this customer": a dismissed record is never suggested on the issue again, until Undo, and
// never linked to it automatically.
import type { IssueCall } from '../../context';
import { AppFailure } from '../../errors';
import { addDismissed, DISMISSED_MAX, removeDismissed } from '../../storage/dismissed';
import type { StoredLinks } from '../../storage/link-store';
import type { CrmAccess } from '../crm';
import { dismissalWins } from '../links';

/** Remembers for the issue that this record is not its customer. */
export async function dismissSuggestion(
  call: IssueCall,
  entityId: string,
  read: StoredLinks,
  crm: CrmAccess,
  autoLinkOn: boolean,
): Promise<{ entityId: string }> {
  if (!(await addDismissed(call.issue.id, entityId)))
    throw new AppFailure(
      'LIMIT_REACHED',
      `This issue already has ${DISMISSED_MAX} dismissed suggestions, so no more are remembered. The suggestion stays; you can leave it unlinked.`,
    );
  // After the dismissal is stored: automatic linking racing it either sees it or is undone here.
  await dismissalWins(call.issue.id, entityId, read, crm, autoLinkOn);
  return { entityId };
}

/** Undo of a dismissal: the record may be suggested on the issue again. */
export async function restoreSuggestion(
  call: IssueCall,
  entityId: string,
): Promise<{ entityId: string }> {
  await removeDismissed(call.issue.id, entityId);
  return { entityId };
}
