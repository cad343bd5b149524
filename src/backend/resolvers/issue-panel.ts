// Resolvers of the issue panel and the issue context. Each key: validate the payload (before any
// request), read issue and user from the invocation context, pass the gate (gate.ts says who may
// call it), then one service; all within one time budget per invocation.
import type {
  DataOf,
  EntityDetails,
  LinkedIssuesPage,
  OtherOpenIssues,
  PayloadOf,
  RecordComments,
} from '../../shared/contract';
import { readContext, requireIssueCall, type IssueCall } from '../context';
import { withDeadline } from '../deadline';
import { respond } from '../envelope';
import { admit, type Admitted, type Early, type IssueKey } from '../gate';
import { lazyCrm, warmTokenCache, type CrmAccess } from '../services/crm';
import { addLink, refreshLinks, removeLink } from '../services/links';
import { contextSummary, openPanel, type TemplatesRead } from '../services/panel';
import { settled } from '../settled';
import { otherOpenIssues } from '../services/other-open-issues';
import { dismissSuggestion, restoreSuggestion } from '../services/suggestions/dismissals';
import type { IssueSources } from '../services/suggestions/issue-source';
import { readIssueState } from '../storage/issue-state';
import type { LinkRecord } from '../storage/link-record-format';
import { validatePayload } from '../validate';
import type { Declarations, Declared } from './table';

// Services other than the panel's and the links' load on the calls that use them (chunks of
// their own in the bundle), not at every start of the function: a cold start parses less.
const suggestions = () => import('../services/suggestions');
const search = () => import('../services/search');
const entities = () => import('../services/entities');
const relations = () => import('../services/relations');
const openSales = () => import('../services/open-sales');
const linkedIssues = () => import('../services/linked-issues');

/** One admitted call: who, about which issue, with what, and what the gate read. */
interface Call<K extends IssueKey, E> extends Admitted {
  call: IssueCall;
  payload: PayloadOf<K>;
  crm: CrmAccess;
  early: E;
}

interface Options<K extends IssueKey, E> {
  /** Read beside the gate (as the caller only), handed to the service once it passed. */
  early?: Early<K, E>;
  /** The call asks Atlas CRM: its cached access token is read beside the gate too. */
  crm?: true;
}

function on<K extends IssueKey, E = undefined>(
  run: (request: Call<K, E>) => Promise<DataOf<K>>,
  opts: Options<K, E> = {},
): Declared<K> {
  return (key) => (req) =>
    respond(key, () =>
      withDeadline(async () => {
        const payload = validatePayload(key, req.payload);
        const call = requireIssueCall(readContext(req.context));
        // Everything below starts in one round: storage, the cached token, the gate's Jira reads.
        const state = readIssueState(call.issue.id, call.project?.id);
        const crm = lazyCrm({
          templates: state.then((stored) => stored.templates ?? null),
          tokenCache: opts.crm ? warmTokenCache() : undefined,
        });
        const early = opts.early;
        const admitted = await admit(
          key,
          call,
          payload,
          state,
          early && (() => early(call, payload, state, crm)),
        );
        return run({ ...admitted, call, payload, crm, early: admitted.early as E });
      }),
    );
}

/** Without Edit Issues, only the related records that are linked to this issue too. */
function relatedShown(details: EntityDetails, record: LinkRecord, canEdit: boolean): EntityDetails {
  if (canEdit) return details;
  const linked = new Set(record.links.map((link) => link.id));
  const related = details.related.filter((item) => linked.has(item.entity.id));
  return { ...details, related, relatedTotal: related.length };
}

export const issuePanelResolvers = {
  'panel/open': on<'panel/open', TemplatesRead>((r) => openPanel(r.call, r, r.early), {
    // Not cached: asked of Atlas CRM beside the gate (no person's data: the templates).
    early: async (_call, _payload, state, crm) =>
      (await state).settings.configured ? settled(crm.templates()) : undefined,
  }),
  'context/summary': on<'context/summary', OtherOpenIssues[] | undefined>(
    (r) => contextSummary(r, r.early),
    {
      // Counted as the user, so Jira answers only issues they may browse.
      early: async (call, _payload, state) => {
        const { settings, links } = await state;
        return settings.configured ? otherOpenIssues(call.issue, links.record.links) : undefined;
      },
    },
  ),
  'links/refresh': on((r) => refreshLinks(r.call, r.crm, r.state.links), { crm: true }),
  'links/add': on((r) => addLink(r.call, r.payload.entityId, r.crm, r.state.links), { crm: true }),
  'links/remove': on((r) => removeLink(r.call, r.payload.entityId, r.crm, r.state.links), {
    crm: true,
  }),
  'entities/search': on<'entities/search', void>(
    async ({ payload, crm }) => (await search()).searchEntities(payload, crm),
    {
      crm: true,
      early: async () => (await search()).loadCursorKey(),
    },
  ),
  'entities/get': on(
    async (r) =>
      relatedShown(
        await (
          await entities()
        ).getEntityDetails(
          r.payload.entityId,
          r.crm,
          r.state.links.record,
          r.state,
          r.call.issue.id,
        ),
        r.state.links.record,
        r.perms.edit,
      ),
    { crm: true },
  ),
  'entities/create': on(
    async (r) => (await relations()).createAndRelate(r.call, r.payload, r.crm, r.state.links),
    { crm: true },
  ),
  'entities/update': on(
    async (r) => (await entities()).updateEntity(r.call, r.payload, r.crm, r.state.links),
    { crm: true },
  ),
  'comments/add': on(
    async (r) =>
      (await entities()).addComment(r.call, r.payload.entityId, r.payload.comment, r.crm),
    { crm: true },
  ),
  // No Atlas CRM request: the app's own log, cut to what the caller may see (Jira, as them).
  'comments/older': on<'comments/older', RecordComments | undefined>(
    async (r) =>
      r.early ??
      (await entities()).olderComments(
        r.payload.entityId,
        r.payload.cursor,
        r.state,
        r.call.issue.id,
      ),
    {
      // Read beside the gate once no old comments are left to move (moving writes): only reads.
      early: async (call, { entityId, cursor }, state) =>
        (await state).legacyCommentsMoved
          ? (await entities()).olderComments(
              entityId,
              cursor,
              { legacyCommentsMoved: true },
              call.issue.id,
            )
          : undefined,
    },
  ),
  'relations/add': on(async (r) => (await relations()).addRelation(r.payload, r.crm), {
    crm: true,
  }),
  'relations/update': on(async (r) => (await relations()).updateRelation(r.payload, r.crm), {
    crm: true,
  }),
  'relations/remove': on(async (r) => (await relations()).removeRelation(r.payload, r.crm), {
    crm: true,
  }),
  'suggestions/list': on<'suggestions/list', IssueSources>(
    async (r) =>
      (await suggestions()).listSuggestions(
        r.crm,
        r.state.links.record,
        r.state.dismissed,
        r.early,
      ),
    {
      crm: true,
      early: async (call) => (await suggestions()).readIssueSources(call.issue.id),
    },
  ),
  'suggestions/dismiss': on((r) =>
    dismissSuggestion(
      r.call,
      r.payload.entityId,
      r.state.links,
      r.crm,
      r.state.settings.autoLinkProjects.length > 0,
    ),
  ),
  'suggestions/restore': on((r) => restoreSuggestion(r.call, r.payload.entityId)),
  'sales/open': on(async (r) => (await openSales()).openSales(r.crm, r.state.links.record), {
    crm: true,
  }),
  'issues/linked': on<'issues/linked', LinkedIssuesPage>(async (r) => r.early, {
    // The search runs as the user beside the gate: Jira shows only issues they may browse; the
    // found issues' link records are read right after it, still within the gate's round.
    early: async (call, payload, state) =>
      (await linkedIssues()).linkedIssues(payload, {
        id: call.issue.id,
        record: state.then((stored) => stored.links.record),
      }),
  }),
} satisfies Declarations<IssueKey>;
