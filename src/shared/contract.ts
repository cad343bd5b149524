// The one contract between the browser (makeInvoke) and the Forge function (makeResolver).
import type { EntityType, FieldType, FieldValue, FieldValues, Operator } from '../crm/types';
import type {
  AutoLinkInfo,
  JiraProject,
  LinkedIssuesPage,
  LinkedIssuesPayload,
  OpenSalesData,
  OtherOpenIssues,
  SuggestionsData,
} from './contract-customer';
import type { AdminSettings, ConnectionTest, JiraGroup } from './contract-admin';
import type { GadgetConfig, OpenByCustomer } from './contract-gadget';
import type { AppError, EntitySummary, ErrorCode, Result } from './contract-base';

export type { EntityType, FieldType, FieldValue, FieldValues, Operator };
export { ERROR_CODES } from './contract-base';
export type { AppError, EntitySummary, ErrorCode, Result } from './contract-base';
export type * from './contract-customer';
export type * from './contract-admin';
export type * from './contract-gadget';

/** What the UI needs to know of one template field. */
export interface FieldInfo {
  id: string;
  label: string;
  type: FieldType;
  required: boolean;
  defaultValue?: FieldValue;
  currency?: string;
  /** Option labels of single- and multi-select fields. */
  options?: string[];
  /** Filter operators this field type allows, default first. */
  operators: Operator[];
  defaultOperator: Operator;
}

export interface TemplateInfo {
  type: EntityType;
  nameFieldId: string;
  /** Two or three fields shown beside the name in lists. */
  keyFieldIds: string[];
  sections: { name: string; fields: FieldInfo[] }[];
}

export type TemplatesInfo = Record<EntityType, TemplateInfo>;

export type LinkStatus = 'ok' | 'deleted';

export interface LinkedEntity extends EntitySummary {
  /** A contact's company (names), from its links in Atlas CRM when it was last read. */
  company?: string;
  linkedBy: string;
  linkedAt: string;
  /** When this summary was last read from the CRM. */
  refreshedAt: string;
  status: LinkStatus;
  /** Set when the app linked it at issue creation (`linkedBy` is then the app). */
  autoLinked?: AutoLinkInfo;
}

/** A linked record as people outside the access policy see it: its name and type, as stored. */
export type NamedLink = Pick<LinkedEntity, 'type' | 'name'>;

export interface LinkCapacity {
  count: number;
  /** Links that still fit, measured against the issue property's 32 KB. */
  remaining: number;
  bytesUsed: number;
  bytesLimit: number;
  nearLimit: boolean;
}

export interface Capabilities {
  canView: boolean;
  /** May open and refresh the records linked to this issue: Browse, inside the access policy. */
  canOpenLinked: boolean;
  /** May search the whole CRM and open records not linked here: Edit Issues, inside the policy. */
  canSearch: boolean;
  canEdit: boolean;
  isAdmin: boolean;
  /** Why actions are hidden, in plain words; absent when canEdit. */
  readOnlyReason?: string;
}

export interface IssueRef {
  id: string;
  key: string;
}

export interface PanelData {
  configured: boolean;
  capabilities: Capabilities;
  issue: IssueRef;
  /** Empty outside the access policy: `named` lists the records then. */
  links: LinkedEntity[];
  /** Outside the access policy: names and types only, no templates, nothing read from the CRM. */
  named?: NamedLink[];
  linkCapacity: LinkCapacity;
  /** When the linked entities were last refreshed from the CRM together (links/refresh). */
  refreshedAt?: string;
  /** Absent when not configured or the CRM could not be reached (see templatesError). */
  templates?: TemplatesInfo;
  templatesError?: AppError;
  /** A new issue automatic linking may still link records to: the panel looks again shortly. */
  autoLinkPending?: true;
  /** Why JQL cannot find this issue by its records, in plain words: Jira refused the app's index. */
  jqlOff?: string;
}

export interface LinksData {
  links: LinkedEntity[];
  linkCapacity: LinkCapacity;
  refreshedAt?: string;
}

export interface FilterInput {
  fieldId: string;
  operator?: Operator;
  value: string | number;
}

export interface SearchPayload {
  type: EntityType;
  /** Contains-match on the type's name field; at least 2 characters when given. */
  text?: string;
  filters?: FilterInput[];
  sortBy?: string;
  pageSize?: number;
  /** Opaque, from a previous SearchResult. */
  cursor?: string;
}

/** How the search box read its text: which field it asked, chosen from the text's shape. */
export type SearchTextKind = 'name' | 'email' | 'website' | 'phone';

/** A field the search text was matched against; `value` is what was asked for there. */
export interface SearchMatchedField {
  kind: SearchTextKind;
  fieldId: string;
  label: string;
  value?: string;
}

export interface SearchResult {
  items: EntitySummary[];
  total: number;
  /** `total` is an estimate: the fields asked at once may list one record twice, or a near miss. */
  totalIsEstimate?: true;
  nextCursor?: string;
  /**
   * The field the text was matched against; absent without text. `value` is what was asked for,
   * e.g. the host of a pasted web address, or an email's domain among company websites.
   */
  matchedBy?: SearchMatchedField;
  /** Other fields asked at the same time and merged in ("emma.mei": name and email). */
  alsoMatchedBy?: SearchMatchedField[];
}

export interface DetailField {
  id: string;
  label: string;
  type: FieldType;
  value: FieldValue;
  currency?: string;
}

export interface EntityDetails {
  entity: EntitySummary;
  sections: { name: string; fields: DetailField[] }[];
  related: { roles: string[]; entity: EntitySummary }[];
  relatedTotal: number;
  linkedToIssue: boolean;
  /** The record's template as the create form has it, so the edit form offers the same inputs. */
  template: TemplateInfo;
  /** Comments posted on this record from Jira; absent when the app's log could not be read. */
  comments?: RecordComments;
}

/** A comment posted from Jira, as the app's own log keeps it (the CRM API cannot list them). */
export interface RecordComment {
  id: string;
  /** The author; the UI shows the display name. */
  accountId: string;
  /** When it was posted (ISO 8601). */
  at: string;
  /** The issue it was written on. */
  issueKey: string;
  text: string;
}

export interface RecordComments {
  /** Newest first; at most COMMENT_PAGE_SIZE. */
  items: RecordComment[];
  /** Continues the list with older comments (comments/older); absent when none are left. */
  olderCursor?: string;
  /** Older comments are no longer kept by the app; they remain in Atlas CRM. */
  olderDropped: boolean;
  /** Comments of this page written on issues the viewer may not browse: counted, never shown. */
  hidden?: number;
}

/** Comments per page of a record's log, first page included. */
export const COMMENT_PAGE_SIZE = 20;

/** `comment` is absent when the comment was posted but could not be added to the app's log. */
export interface CommentAdded {
  id: string;
  comment?: RecordComment;
}

export interface CreatePayload {
  type: EntityType;
  fields: FieldValues;
  linkToIssue: boolean;
  /** Create even when records with the same name (email, website domain) exist. */
  allowDuplicates?: boolean;
  /** Records to relate the new one to in the same step (a company; a sale's contacts). */
  relateTo?: RelateTo[];
}

/** A relation asked for at create time: the other record and the roles it gets. */
export interface RelateTo {
  entityId: string;
  roles: string[];
}

/** A relation asked for at create time that Atlas CRM did not make; the record exists anyway. */
export interface RelateFailure {
  entityId: string;
  /** Plain words: why the relation is missing. */
  message: string;
}

export interface CreateResult {
  entity: EntitySummary;
  linked: boolean;
  /** Absent when the issue's links could not be read after an unlinked create. */
  links?: LinksData;
  /** Set when the entity was created but linking it failed. */
  linkError?: AppError;
  /** Set when a record that already existed was linked instead ("Link the existing one"). */
  existing?: boolean;
  /** Relations asked for with the create that could not be made. */
  relateFailures?: RelateFailure[];
}

/** A record that already looks like the one being created, and why, in plain words. */
export interface DuplicateMatch {
  entity: EntitySummary;
  /** E.g. "Same name and email". */
  reason: string;
}

/** entities/create found such records and created nothing; `allowDuplicates` creates anyway. */
export interface DuplicatesFound {
  duplicates: DuplicateMatch[];
}

/** One record related to another in Atlas CRM, with the roles of the relation. */
export interface RelatedRecord {
  roles: string[];
  entity: EntitySummary;
}

/** relations/add and relations/update: `entityId` is linked to the issue, `otherId` any record. */
export interface RelationPayload {
  entityId: string;
  otherId: string;
  roles: string[];
}

/** The record's relations as Atlas CRM holds them after a change (first page). */
export interface RelationsData {
  related: RelatedRecord[];
  relatedTotal: number;
}

/** Limits of relation roles, on both ends. */
export const RELATION_LIMITS = {
  roleMax: 60,
  rolesMax: 10,
  relateToMax: 10,
} as const;

/** entities/update: only the changed fields (null clears one), as the Atlas CRM API takes them. */
export interface UpdatePayload {
  entityId: string;
  fields: FieldValues;
  /**
   * What the form showed for those fields when it opened. Atlas CRM is read again before writing;
   * where it now holds something else, nothing is written and the answer carries a conflict.
   */
  expected?: FieldValues;
}

export interface FieldConflict {
  /** What the form would write. */
  yours: FieldValue;
  /** What Atlas CRM holds now. */
  theirs: FieldValue;
}

/** Fields changed in Atlas CRM since the form opened. Nothing was written. */
export interface UpdateConflict {
  code: Extract<ErrorCode, 'CONFLICT'>;
  message: string;
  fields: Record<string, FieldConflict>;
}

/** The record as Atlas CRM holds it now: updated, or untouched beside a conflict. */
export interface UpdateResult extends EntitySummary {
  conflict?: UpdateConflict;
  /** The issue's links with this record's refreshed summary; absent when they could not be read. */
  links?: LinksData;
}

export interface ContextSummary {
  configured: boolean;
  counts: Record<EntityType, number>;
  /** First few names per type. */
  names: Record<EntityType, string[]>;
  /** Outside the access policy: counts and names only (no other open issues). */
  namesOnly?: true;
  /** Open issues other than this one linked to its companies (or, without companies, contacts). */
  otherOpenIssues?: OtherOpenIssues[];
}

type Call<P, R> = (payload: P) => Result<R>;
type NoPayloadCall<R> = () => Result<R>;

/** Every function key, with its payload and result. Keys are namespaced by surface. */
export type Defs = {
  'panel/open': NoPayloadCall<PanelData>;
  'context/summary': NoPayloadCall<ContextSummary>;
  'links/refresh': NoPayloadCall<LinksData>;
  'links/add': Call<{ entityId: string }, LinksData>;
  'links/remove': Call<{ entityId: string }, LinksData>;
  'entities/search': Call<SearchPayload, SearchResult>;
  'entities/get': Call<{ entityId: string }, EntityDetails>;
  'entities/create': Call<CreatePayload, CreateResult | DuplicatesFound>;
  'entities/update': Call<UpdatePayload, UpdateResult>;
  'comments/add': Call<{ entityId: string; comment: string }, CommentAdded>;
  /** The page of a record's comments after the one whose `olderCursor` this is. */
  'comments/older': Call<{ entityId: string; cursor: string }, RecordComments>;
  'relations/add': Call<RelationPayload, RelationsData>;
  'relations/update': Call<RelationPayload, RelationsData>;
  'relations/remove': Call<{ entityId: string; otherId: string }, RelationsData>;
  'suggestions/list': NoPayloadCall<SuggestionsData>;
  'suggestions/dismiss': Call<{ entityId: string }, { entityId: string }>;
  /** Undo of suggestions/dismiss. */
  'suggestions/restore': Call<{ entityId: string }, { entityId: string }>;
  'sales/open': NoPayloadCall<OpenSalesData>;
  'issues/linked': Call<LinkedIssuesPayload, LinkedIssuesPage>;
  'admin/settings/get': NoPayloadCall<AdminSettings>;
  'admin/credentials/save': Call<{ clientId: string; clientSecret: string }, AdminSettings>;
  'admin/credentials/remove': NoPayloadCall<AdminSettings>;
  'admin/connection/test': NoPayloadCall<ConnectionTest>;
  /** Groups as admin/groups/find returned them; each is checked against Jira before saving. */
  'admin/policy/save': Call<{ groups: JiraGroup[] }, AdminSettings>;
  'admin/groups/find': Call<{ query: string }, { groups: JiraGroup[] }>;
  /** Projects as admin/projects/find returned them; each is checked against Jira before saving. */
  'admin/autolink/save': Call<{ projects: JiraProject[] }, AdminSettings>;
  'admin/projects/find': Call<{ query: string }, { projects: JiraProject[] }>;
  /** The dashboard gadget: customers with the most open issues in its scope, as the viewer. */
  'gadget/customers': Call<GadgetConfig, OpenByCustomer>;
};

export type FunctionKey = keyof Defs & string;

type PayloadTable = {
  [K in FunctionKey]: Parameters<Defs[K]> extends [infer P] ? P : Record<string, never>;
};
// An interface, so that PayloadOf<K> of a generic K keeps the properties its keys share.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
interface Payloads extends PayloadTable {}

/** What a key takes; keys without a payload accept only an empty object. */
export type PayloadOf<K extends FunctionKey> = Payloads[K];

/** What a key answers when it succeeds. */
export type DataOf<K extends FunctionKey> = ReturnType<Defs[K]> extends Result<infer T> ? T : never;

/** Limits shared by the form and the server's validation. */
export const LIMITS = {
  searchTextMin: 2,
  searchTextMax: 200,
  /** Code points of the trimmed text (`[...text].length`), on both ends: 😀 counts once, not twice. */
  commentMax: 10000,
  pageSizeMax: 100,
  pageSizeDefault: 20,
  filtersMax: 20,
} as const;
