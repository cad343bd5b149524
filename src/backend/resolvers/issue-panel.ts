// Resolvers of the issue panel and the issue context: validate the payload, read issue and user
// from the invocation context, check Jira permission and the access policy, call a service.
import type { CrmClient } from '../../crm';
import type { DataOf, FunctionKey, PayloadOf } from '../../shared/contract';
import { readContext, requireIssueCall, type IssueCall } from '../context';
import { respond } from '../envelope';
import { AppFailure } from '../errors';
import { REFUSALS, requireEdit, requirePolicy } from '../permissions';
import { lazyCrm } from '../services/crm';
import { addComment, createEntity, getEntityDetails, updateEntity } from '../services/entities';
import { addLink, refreshLinks, removeLink } from '../services/links';
import { checkAccess, contextSummary, handledLater, openPanel } from '../services/panel';
import { searchEntities } from '../services/search';
import { readLinkRecord, readRecordSnapshot, type RecordSnapshot } from '../storage/link-record';
import type { LinkRecord } from '../storage/link-record-format';
import { readSettings } from '../storage/settings';
import { validatePayload } from '../validate';
import type { Declarations, Declared } from './table';

type PanelKey = Exclude<FunctionKey, `admin/${string}`>;
/** Keys that change one entity, which must be linked to the issue. */
type LinkedEntityKey = 'entities/update' | 'comments/add';

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

/** Jira permission ('browse' or 'edit') and the access policy. */
async function requireAccess(call: IssueCall, need: 'browse' | 'edit'): Promise<void> {
  const { perms, policy } = await checkAccess(call, readSettings());
  requirePolicy(policy);
  if (need === 'edit') requireEdit(perms);
}

/**
 * `readBeside` runs during the access check, to save a Jira round; what it read leaves only
 * after the check passed.
 */
function gated<K extends PanelKey, Beside>(
  need: 'browse' | 'edit',
  readBeside: (issueId: string) => Promise<Beside>,
  run: Run<K, Beside>,
): Declared<K> {
  return (key) => (req) =>
    respond(key, async () => {
      const request = issueRequest(key, req.payload, req.context);
      const beside = handledLater(readBeside(request.call.issue.id));
      await requireAccess(request.call, need);
      return run(request, beside);
    });
}

const nothing = (): Promise<undefined> => Promise.resolve(undefined);

/** panel/open and context/summary answer outside the policy too: their services check access. */
function onIssue<K extends PanelKey>(run: Run<K>): Declared<K> {
  return (key) => (req) =>
    respond(key, () => run(issueRequest(key, req.payload, req.context), nothing()));
}

/** Needs permission to browse the issue, inside the access policy. */
function browse<K extends PanelKey>(run: Run<K>): Declared<K> {
  return gated('browse', nothing, run);
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
  'entities/search': browse(({ payload, crm }) => searchEntities(payload, crm)),
  'entities/get': browse(({ call, payload, crm }) => getEntityDetails(call, payload.entityId, crm)),
  'entities/create': edit(({ call, payload, crm }) => createEntity(call, payload, crm)),
  'entities/update': editLinked(({ call, payload, crm }) =>
    updateEntity(call, payload.entityId, payload.fields, crm),
  ),
  'comments/add': editLinked(({ call, payload, crm }) =>
    addComment(call, payload.entityId, payload.comment, crm),
  ),
} satisfies Declarations<PanelKey>;
