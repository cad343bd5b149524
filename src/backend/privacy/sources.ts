// Where the app stores account ids, each read in pages: the link records and the comment log
// (Custom Entity Store), and what versions before those entities kept in plain KVS values.
import type { CrmAccess } from '../services/crm';
import type { StoredIds } from './account-ids';
import { commentSource, legacyCommentSource } from './comment-source';
import { legacyLinkSource, linkRecordSource } from './link-sources';
import type { UserFields } from './record-ids';

/** One stored value that holds account ids. */
export interface Holder {
  /** Names the value in the log (an issue or comment key, never a person). */
  label: string;
  ids: StoredIds;
  /** Rewrites the value with these accounts replaced by FORMER_USER. */
  erase(closed: ReadonlySet<string>): Promise<void>;
}

export interface SourcePage {
  holders: Holder[];
  next?: string;
}

export interface SourceContext {
  crm: CrmAccess;
  /** The people fields of the templates, for account ids among cached key fields. */
  userFields: UserFields;
}

export interface Source {
  name: string;
  page(cursor: string | undefined, ctx: SourceContext): Promise<SourcePage>;
}

/** In the order a pass reads them; a stored pass position is an index into this list. */
export const SOURCES: readonly Source[] = [
  linkRecordSource,
  legacyLinkSource,
  commentSource,
  legacyCommentSource,
];
