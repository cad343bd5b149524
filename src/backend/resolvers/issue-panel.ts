// Resolvers of the issue panel and the issue context: validate the payload, read issue and user
// from the invocation context, check Jira permission and the access policy, call a service.
import type { Request } from '@forge/resolver';
import type { Defs } from '../../shared/contract';
import { readContext, requireIssueCall, type IssueCall } from '../context';
import { respond } from '../envelope';
import { AppFailure } from '../errors';
import { REFUSALS, requireEdit, requirePolicy, type IssuePermissions } from '../permissions';
import { lazyCrm } from '../services/crm';
import { addComment, createEntity, getEntityDetails, updateEntity } from '../services/entities';
import { addLink, refreshLinks, removeLink } from '../services/links';
import { checkAccess, contextSummary, openPanel } from '../services/panel';
import { searchEntities } from '../services/search';
import { readLinkRecord, readRecordSnapshot } from '../storage/link-record';
import type { LinkRecord } from '../storage/link-record-format';
import { readSettings } from '../storage/settings';
import { validators } from '../validate';
import type { HandlerTable, ResolverRequest } from './types';

type PanelKey = Exclude<keyof Defs & string, `admin/${string}`>;

/**
 * Validation (before any request), context, permission ('browse' or 'edit') and the access
 * policy, which every key here needs: outside it only panel/open and context/summary answer,
 * with what the issue's record already holds and no CRM request.
 */
async function gate<K extends PanelKey>(
  key: K,
  req: ResolverRequest,
  need: 'browse' | 'edit',
): Promise<{
  call: IssueCall;
  payload: ReturnType<(typeof validators)[K]>;
  perms: IssuePermissions;
}> {
  const payload = validators[key](req.payload) as ReturnType<(typeof validators)[K]>;
  const call = requireIssueCall(readContext(req.context));
  const { perms, policy } = await checkAccess(call, readSettings());
  requirePolicy(policy);
  if (need === 'edit') requireEdit(perms);
  return { call, payload, perms };
}

/**
 * The issue's link record, read beside the permission check (nothing is returned before the
 * check passed); only for a valid payload, so invalid input never causes a request.
 */
function recordBesideGate(key: PanelKey, req: ResolverRequest): Promise<LinkRecord> {
  validators[key](req.payload);
  const record = readLinkRecord(requireIssueCall(readContext(req.context)).issue.id);
  record.catch(() => undefined);
  return record;
}

/**
 * Changes made with the admin-level CRM token reach only records linked to this issue, which
 * the user may edit: Edit Issues on some other issue must not open the whole CRM.
 */
async function requireLinked(record: Promise<LinkRecord>, entityId: string): Promise<void> {
  if (!(await record).links.some((l) => l.id === entityId))
    throw new AppFailure('FORBIDDEN', REFUSALS.notLinked);
}

export const issuePanelResolvers: HandlerTable<PanelKey> = {
  'panel/open': (req: Request) =>
    respond('panel/open', async () => {
      validators['panel/open'](req.payload);
      const call = requireIssueCall(readContext(req.context));
      return openPanel(call, lazyCrm());
    }),
  'context/summary': (req: Request) =>
    respond('context/summary', async () => {
      validators['context/summary'](req.payload);
      return contextSummary(requireIssueCall(readContext(req.context)));
    }),
  'links/refresh': (req: Request) =>
    respond('links/refresh', async () => {
      validators['links/refresh'](req.payload);
      // The record read runs beside the permission check; nothing leaves before the check passed.
      const issue = requireIssueCall(readContext(req.context)).issue;
      const snapshot = readRecordSnapshot(issue.id);
      snapshot.catch(() => undefined);
      const { call } = await gate('links/refresh', req, 'browse');
      return refreshLinks(call, lazyCrm(), snapshot);
    }),
  'links/add': (req: Request) =>
    respond('links/add', async () => {
      const { call, payload } = await gate('links/add', req, 'edit');
      return addLink(call, payload.entityId, lazyCrm());
    }),
  'links/remove': (req: Request) =>
    respond('links/remove', async () => {
      const { call, payload } = await gate('links/remove', req, 'edit');
      return removeLink(call, payload.entityId, lazyCrm());
    }),
  'entities/search': (req: Request) =>
    respond('entities/search', async () => {
      const { payload } = await gate('entities/search', req, 'browse');
      return searchEntities(payload, lazyCrm());
    }),
  'entities/get': (req: Request) =>
    respond('entities/get', async () => {
      const { call, payload } = await gate('entities/get', req, 'browse');
      return getEntityDetails(call, payload.entityId, lazyCrm());
    }),
  'entities/create': (req: Request) =>
    respond('entities/create', async () => {
      const { call, payload } = await gate('entities/create', req, 'edit');
      return createEntity(call, payload, lazyCrm());
    }),
  'entities/update': (req: Request) =>
    respond('entities/update', async () => {
      const record = recordBesideGate('entities/update', req);
      const { call, payload } = await gate('entities/update', req, 'edit');
      await requireLinked(record, payload.entityId);
      return updateEntity(call, payload.entityId, payload.fields, lazyCrm());
    }),
  'comments/add': (req: Request) =>
    respond('comments/add', async () => {
      const record = recordBesideGate('comments/add', req);
      const { call, payload } = await gate('comments/add', req, 'edit');
      await requireLinked(record, payload.entityId);
      return addComment(call, payload.entityId, payload.comment, lazyCrm());
    }),
};
