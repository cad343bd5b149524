// Records suggested for an issue: who the reporter, participants and the text name, matched in
// Atlas CRM by email, email domain and organisation name, with a reason in plain words.
import type { CrmClient } from '../../../crm';
import type { SuggestionsData } from '../../../shared/contract';
import type { IssueCall } from '../../context';
import { AppFailure } from '../../errors';
import type { LinkRecord } from '../../storage/link-record-format';

export async function listSuggestions(
  _call: IssueCall,
  _getCrm: () => CrmClient,
  _record: Promise<LinkRecord>,
): Promise<SuggestionsData> {
  throw new AppFailure('INTERNAL', 'Suggestions are not built yet.');
}

/** Remembers for the issue that this record is not its customer. */
export async function dismissSuggestion(
  _call: IssueCall,
  _entityId: string,
): Promise<{ entityId: string }> {
  throw new AppFailure('INTERNAL', 'Suggestions are not built yet.');
}
