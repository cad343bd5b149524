// Resolvers of the issue panel and the issue context: validate the payload, read issue and user
// from the invocation context, check Jira permission and the access policy, call a service; all
// of it within one time budget per invocation.
// Who sees what: Browse Projects shows the records linked to the issue; searching the CRM and
// opening records not linked to it need Edit Issues, as changing anything does.
import type { CrmClient } from '../../crm';
import type { DataOf, EntityDetails, FunctionKey, PayloadOf } from '../../shared/contract';
import { readContext, requireIssueCall, type IssueCall } from '../context';
import { withDeadline } from '../deadline';
import { respond } from '../envelope';
import { AppFailure } from '../errors';
import {
  REFUSALS,
  requireEdit,
  requirePolicy,
  type IssuePermissions,
  type Refusal,
} from '../permissions';
import { lazyCrm } from '../services/crm';
import { addComment, getEntityDetails, updateEntity } from '../services/entities';
import { loadCursorKey } from '../services/cursor';
import { addLink, refreshLinks, removeLink } from '../services/links';
import { handledLater } from '../later';
import { checkAccess, contextSummary, openPanel } from '../services/panel';
import { linkedIssues } from '../services/linked-issues';
import { openSales } from '../services/open-sales';
import { searchEntities } from '../services/search';
import {
  dismissSuggestion,
  listSuggestions,
  restoreSuggestion,
  readIssueSources,
  type IssueSources,
} from '../services/suggestions';
import {
  addRelation,
  createAndRelate,
  removeRelation,
  updateRelation,
} from '../services/relations';
import { readLinkRecord, readRecordSnapshot, type RecordSnapshot } from '../storage/link-record';
import type { LinkRecord } from '../storage/link-record-format';
import { readSettings } from '../storage/settings';
import { validatePayload } from '../validate';
import type { Declarations, Declared } from './table';

type PanelKey = Exclude<FunctionKey, `admin/${string}`>;
/** Keys that change one entity, which must be linked to the issue. */
type LinkedEntityKey =
  'entities/update' | 'comments/add' | 'relations/add' | 'relations/update' | 'relations/remove';

interface IssueRequest<K extends PanelKey> {
  call: IssueCall;
  payload: PayloadOf<K>;
  /** The CRM client, made on first use. */
  crm: () => CrmClient;
}

type Run<K extends PanelKey, Beside = undefined> = (
  request: IssueRequest<K>,
  beside: Promise<Beside>,
) => Promise<DataOf<K>>;

/** As Run, told the caller's permissions on the issue once the check passed. */
type GatedRun<K extends PanelKey, Beside> = (
  request: IssueRequest<K>,
  beside: Promise<Beside>,
  perms: IssuePermissions,
) => Promise<DataOf<K>>;

/** Each invocation answers within its own time budget, in plain words if it runs out. */
function answer<K extends PanelKey>(key: K, work: () => Promise<DataOf<K>>) {
  return respond(key, () => withDeadline(work));
}

/** Validation first (invalid input never causes a request), then the issue from the context. */
function issueRequest<K extends PanelKey>(
  key: K,
  payload: unknown,
  context: unknown,
): IssueRequest<K> {
  const checked = validatePayload(key, payload);
  const call = requireIssueCall(readContext(context));
  return { call, payload: checked, crm: lazyCrm() };
}

/** Jira permission and the access policy; `need` names the refusal when Edit Issues is missing. */
type Need = 'browse' | 'edit' | { edit: Refusal };

async function requireAccess(call: IssueCall, need: Need): Promise<IssuePermissions> {
  const { perms, policy } = await checkAccess(call, readSettings());
  requirePolicy(policy);
  if (need === 'edit') requireEdit(perms);
  else if (need !== 'browse') requireEdit(perms, need.edit);
  return perms;
}

/**
 * `readBeside` runs during the access check, to save a Jira round; what it read leaves only
 * after the check passed.
 */
function gated<K extends PanelKey, Beside>(
  need: Need,
  readBeside: (issueId: string) => Promise<Beside>,
  run: GatedRun<K, Beside>,
): Declared<K> {
  return (key) => (req) =>
    answer(key, async () => {
      const request = issueRequest(key, req.payload, req.context);
      const beside = handledLater(readBeside(request.call.issue.id));
      const perms = await requireAccess(request.call, need);
      return run(request, beside, perms);
    });
}

const nothing = (): Promise<undefined> => Promise.resolve(undefined);

/** panel/open and context/summary answer outside the policy too: their services check access. */
function onIssue<K extends PanelKey>(run: Run<K>): Declared<K> {
  return (key) => (req) =>
    answer(key, () => run(issueRequest(key, req.payload, req.context), nothing()));
}

/** Needs permission to edit the issue, inside the access policy. */
function edit<K extends PanelKey>(run: Run<K>): Declared<K> {
  return gated('edit', nothing, run);
}

/** As `browse`, with the issue's link record snapshot read beside the check. */
function browseWithSnapshot<K extends PanelKey>(run: Run<K, RecordSnapshot>): Declared<K> {
  return gated('browse', readRecordSnapshot, run);
}

/**
 * Searching reaches the whole CRM with the admin-level token: Edit Issues here, as for changes.
 * The cursor key is read beside the check (once per instance), not after it.
 */
function searchCrm(run: Run<'entities/search'>): Declared<'entities/search'> {
  return gated({ edit: REFUSALS.searchNeedsEdit }, loadCursorKey, async (request, keyRead) => {
    await keyRead;
    return run(request, nothing());
  });
}

/** Only the related records that are linked to this issue too. */
function linkedRelatedOnly(details: EntityDetails, record: LinkRecord): EntityDetails {
  const linked = new Set(record.links.map((link) => link.id));
  const related = details.related.filter((item) => linked.has(item.entity.id));
  return { ...details, related, relatedTotal: related.length };
}

/** A record not linked to this issue needs Edit Issues, as search does. */
function requireLinkedOrEdit(record: LinkRecord, perms: IssuePermissions, entityId: string): void {
  if (perms.edit) return;
  if (!record.links.some((link) => link.id === entityId))
    throw new AppFailure('FORBIDDEN', REFUSALS.unlinkedNeedsEdit);
}

/**
 * A record linked to this issue needs Browse, inside the policy; any other record needs Edit
 * Issues, as search does. Without Edit, related records show only where linked here too.
 */
function openRecord(run: Run<'entities/get'>): Declared<'entities/get'> {
  return gated<'entities/get', LinkRecord>(
    'browse',
    readLinkRecord,
    async (request, record, perms) => {
      const linked = await record;
      requireLinkedOrEdit(linked, perms, request.payload.entityId);
      const details = await run(request, nothing());
      return perms.edit ? details : linkedRelatedOnly(details, linked);
    },
  );
}

/**
 * Jira issues of a record: asked as the user, so Jira shows only issues they may browse. The
 * search runs beside the access check (it reads nothing the user could not see in Jira) and its
 * answer leaves only after the check passed.
 */
function recordIssues(run: Run<'issues/linked'>): Declared<'issues/linked'> {
  return (key) => (req) =>
    answer(key, async () => {
      const request = issueRequest(key, req.payload, req.context);
      const record = handledLater(readLinkRecord(request.call.issue.id));
      const page = handledLater(run(request, nothing()));
      const perms = await requireAccess(request.call, 'browse');
      requireLinkedOrEdit(await record, perms, request.payload.entityId);
      return page;
    });
}

/** Reads of the CRM beyond the linked records (suggestions, a company's sales): as search. */
function beyondLinked<K extends PanelKey>(run: Run<K, LinkRecord>): Declared<K> {
  return gated({ edit: REFUSALS.searchNeedsEdit }, readLinkRecord, run);
}

interface RecordAndSources {
  record: Promise<LinkRecord>;
  sources: Promise<IssueSources>;
}

/**
 * As `beyondLinked`, with the issue's people and text read as the user beside the check too: the
 * CRM is asked one Jira round sooner. Nothing read leaves before the check passed.
 */
function suggest(run: Run<'suggestions/list', RecordAndSources>): Declared<'suggestions/list'> {
  const readBoth = (issueId: string): Promise<RecordAndSources> =>
    Promise.resolve({
      record: handledLater(readLinkRecord(issueId)),
      sources: handledLater(readIssueSources(issueId)),
    });
  return gated({ edit: REFUSALS.searchNeedsEdit }, readBoth, run);
}

/**
 * Changes made with the admin-level CRM token reach only records linked to this issue, which
 * the user may edit: Edit Issues on some other issue must not open the whole CRM.
 */
function editLinked<K extends LinkedEntityKey>(run: Run<K>): Declared<K> {
  return gated<K, LinkRecord>('edit', readLinkRecord, async (request, record) => {
    const { entityId } = request.payload;
    if (!(await record).links.some((link) => link.id === entityId))
      throw new AppFailure('FORBIDDEN', REFUSALS.notLinked);
    return run(request, nothing());
  });
}

export const issuePanelResolvers = {
  'panel/open': onIssue(({ call, crm }) => openPanel(call, crm)),
  'context/summary': onIssue(({ call }) => contextSummary(call)),
  'links/refresh': browseWithSnapshot(({ call, crm }, snapshot) =>
    refreshLinks(call, crm, snapshot),
  ),
  'links/add': edit(({ call, payload, crm }) => addLink(call, payload.entityId, crm)),
  'links/remove': edit(({ call, payload, crm }) => removeLink(call, payload.entityId, crm)),
  'entities/search': searchCrm(({ payload, crm }) => searchEntities(payload, crm)),
  'entities/get': openRecord(({ call, payload, crm }) =>
    getEntityDetails(call, payload.entityId, crm),
  ),
  'entities/create': edit(({ call, payload, crm }) => createAndRelate(call, payload, crm)),
  'entities/update': editLinked(({ call, payload, crm }) => updateEntity(call, payload, crm)),
  'comments/add': editLinked(({ call, payload, crm }) =>
    addComment(call, payload.entityId, payload.comment, crm),
  ),
  'relations/add': editLinked(({ payload, crm }) => addRelation(payload, crm)),
  'relations/update': editLinked(({ payload, crm }) => updateRelation(payload, crm)),
  'relations/remove': editLinked(({ payload, crm }) => removeRelation(payload, crm)),
  'suggestions/list': suggest(async ({ call, crm }, beside) => {
    const { record, sources } = await beside;
    return listSuggestions(call, crm, record, sources);
  }),
  'suggestions/dismiss': edit(({ call, payload }) => dismissSuggestion(call, payload.entityId)),
  'suggestions/restore': edit(({ call, payload }) => restoreSuggestion(call, payload.entityId)),
  'sales/open': beyondLinked(async ({ crm }, record) => openSales(crm, await record)),
  'issues/linked': recordIssues(({ call, payload }) => linkedIssues(payload, call.issue.id)),
} satisfies Declarations<PanelKey>;
