// "Not this customer": a dismissed record is never suggested on the issue again, until Undo.
import type { IssueCall } from '../../context';
import { AppFailure } from '../../errors';
import { addDismissed, DISMISSED_MAX, removeDismissed } from '../../storage/dismissed';

/** Remembers for the issue that this record is not its customer. */
export async function dismissSuggestion(
  call: IssueCall,
  entityId: string,
): Promise<{ entityId: string }> {
  if (!(await addDismissed(call.issue.id, entityId)))
    throw new AppFailure(
      'LIMIT_REACHED',
      `This issue already has ${DISMISSED_MAX} dismissed suggestions, so no more are remembered. The suggestion stays; you can leave it unlinked.`,
    );
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
