// Who may call each issue key, in one table, and the one gate that reads it. Atlas CRM API tokens
// carry admin rights, so this is the guard: Browse shows an issue's linked records; searching
// the CRM, opening other records and changing anything need Edit Issues; changes reach only
// records linked to the issue. Everything the gate needs is read in one parallel round.
import type { FunctionKey, PayloadOf } from '../shared/contract';
import type { IssueCall } from './context';
import { AppFailure } from './errors';
import {
  REFUSALS,
  inPolicy,
  issuePermissions,
  requireBrowse,
  requireEdit,
  requirePolicy,
  type IssuePermissions,
  type Refusal,
} from './permissions';
import type { CrmAccess } from './services/crm';
import type { IssueState } from './storage/issue-state';
import { settled } from './settled';
import { readAppView, type AppView } from './storage/link-index';

export type IssueKey = Exclude<FunctionKey, `admin/${string}` | `gadget/${string}`>;
export type DashboardKey = Extract<FunctionKey, `gadget/${string}`>;

export interface Rule {
  /** What the caller needs on the issue in Jira. */
  issue: 'browse' | 'edit';
  /** Outside the access policy's groups: refused, or shown the linked records read-only. */
  outsidePolicy: 'refused' | 'read-only';
  /** The payload's `entityId`: linked to the issue, or linked unless the caller may edit. */
  entity?: 'linked' | 'linked-or-edit';
  /** The words when Edit Issues is missing. */
  refusal?: Refusal;
  /** The app itself must see the issue (its security level may hide it): read as the app. */
  appSees?: true;
}

const BROWSE: Rule = { issue: 'browse', outsidePolicy: 'refused' };
const EDIT: Rule = { issue: 'edit', outsidePolicy: 'refused' };
const BEYOND_LINKED: Rule = { ...EDIT, refusal: REFUSALS.searchNeedsEdit };
const EDIT_LINKED: Rule = { ...EDIT, entity: 'linked' };

export const ACCESS: { readonly [K in IssueKey]: Rule } = {
  'panel/open': { issue: 'browse', outsidePolicy: 'read-only', appSees: true },
  'context/summary': { issue: 'browse', outsidePolicy: 'read-only', appSees: true },
  'links/refresh': { ...BROWSE, appSees: true },
  'links/add': { ...EDIT, appSees: true },
  'links/remove': { ...EDIT, appSees: true },
  'entities/search': BEYOND_LINKED,
  'entities/get': { ...BROWSE, entity: 'linked-or-edit' },
  'entities/create': { ...EDIT, appSees: true },
  'entities/update': EDIT_LINKED,
  'comments/add': EDIT_LINKED,
  // Older pages of the comments entities/get shows: the same rule.
  'comments/older': { ...BROWSE, entity: 'linked-or-edit' },
  'relations/add': EDIT_LINKED,
  'relations/update': EDIT_LINKED,
  'relations/remove': EDIT_LINKED,
  'suggestions/list': BEYOND_LINKED,
  'suggestions/dismiss': EDIT,
  'suggestions/restore': EDIT,
  'sales/open': BEYOND_LINKED,
  'issues/linked': { ...BROWSE, entity: 'linked-or-edit' },
};

/**
 * Dashboard keys have no issue to check permissions on. Their rule: inside the access policy (a
 * count of customers across issues is more than the names outsiders see), and every issue read
 * is a JQL search as the viewer, so Jira counts only the issues they may browse. Nothing reads
 * Atlas CRM.
 */
export interface DashboardRule {
  outsidePolicy: 'refused';
  issues: 'searched-as-viewer';
}

export const DASHBOARD_ACCESS: { readonly [K in DashboardKey]: DashboardRule } = {
  'gadget/customers': { outsidePolicy: 'refused', issues: 'searched-as-viewer' },
};

/**
 * The dashboard gate: the policy's groups asked (as the caller) beside `early`, the work itself
 * (searches as the viewer only), whose answer leaves only once the caller is inside the policy.
 */
export async function admitDashboard<K extends DashboardKey, E>(
  key: K,
  allowedGroups: Parameters<typeof inPolicy>[0],
  early: () => Promise<E>,
): Promise<E> {
  const rule = DASHBOARD_ACCESS[key];
  const [policy, work] = await Promise.all([inPolicy(allowedGroups), settled(early())]);
  if (rule.outsidePolicy === 'refused') requirePolicy(policy);
  if (!work.ok) throw work.error;
  return work.value;
}

export interface Admitted {
  perms: IssuePermissions;
  /** Inside the access policy (always true past the gate where the rule refuses outsiders). */
  policy: boolean;
  state: IssueState;
  view?: AppView;
}

function entityIdOf(payload: unknown): string | undefined {
  const id = (payload as { entityId?: unknown } | undefined)?.entityId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Reads made beside the check to save a round: only what Jira shows the caller anyway, and its
 * answer leaves only once the check passed.
 */
export type Early<K extends IssueKey, E> = (
  call: IssueCall,
  payload: PayloadOf<K>,
  state: Promise<IssueState>,
  crm: CrmAccess,
) => Promise<E>;

/**
 * Waits for what the rule needs, read side by side (Jira permission as the caller, the stored
 * state, the caller's groups when the policy names some, the issue as the app, and `early`), and
 * lets the call through only if the rule holds.
 */
export async function admit<K extends IssueKey, E>(
  key: K,
  call: IssueCall,
  payload: PayloadOf<K>,
  stateRead: Promise<IssueState>,
  early?: () => Promise<E>,
): Promise<Admitted & { early?: E }> {
  const rule = ACCESS[key];
  const issueId = call.issue.id;
  const [perms, state, policy, view, earlyRead] = await Promise.all([
    issuePermissions(issueId),
    stateRead,
    stateRead.then((stored) => inPolicy(stored.settings.allowedGroups)),
    rule.appSees ? settled(readAppView(issueId)) : undefined,
    early ? settled(early()) : undefined,
  ]);
  requireBrowse(perms);
  if (rule.outsidePolicy === 'refused') requirePolicy(policy);
  if (rule.issue === 'edit') requireEdit(perms, rule.refusal);
  const entityId = entityIdOf(payload);
  if (rule.entity && entityId !== undefined) {
    const linked = state.links.record.links.some((link) => link.id === entityId);
    if (!linked && rule.entity === 'linked') throw new AppFailure('FORBIDDEN', REFUSALS.notLinked);
    if (!linked && !perms.edit) throw new AppFailure('FORBIDDEN', REFUSALS.unlinkedNeedsEdit);
  }
  if (view && !view.ok) throw view.error;
  if (earlyRead && !earlyRead.ok) throw earlyRead.error;
  return {
    perms,
    policy,
    state,
    ...(view?.ok ? { view: view.value } : {}),
    ...(earlyRead?.ok ? { early: earlyRead.value } : {}),
  };
}
