// What the issue panel needs in one call, and the compact summary beside the issue.
import { ENTITY_TYPES } from '../../crm';
import type {
  Capabilities,
  ContextSummary,
  EntityType,
  OtherOpenIssues,
  PanelData,
} from '../../shared/contract';
import type { IssueCall } from '../context';
import { toAppError } from '../envelope';
import type { Admitted } from '../gate';
import { REFUSALS, type IssuePermissions } from '../permissions';
import { indexIsCurrent } from '../storage/link-index';
import type { Settled } from '../settled';
import type { Templates } from '../storage/template-cache';
import { autoLinkMayCome } from './auto-link-pending';
import { indexWriteDue, repairIndex } from './index-repair';
import { writeCustomerField } from '../storage/customer-field';
import { linksData } from './links';
import { namesOnlyLinks } from './names-only';
import { toTemplatesInfo } from './templates';

export const CONTEXT_NAMES_PER_TYPE = 3;

export interface Access {
  perms: IssuePermissions;
  /** Inside the access policy; outside it the user sees the issue's links read-only. */
  policy: boolean;
}

export function capabilities({ perms, policy }: Access, configured: boolean): Capabilities {
  // Search reaches the whole CRM: without Edit Issues only the records linked to the issue.
  const canEdit = perms.browse && perms.edit && policy;
  const caps: Capabilities = {
    canView: perms.browse,
    canOpenLinked: perms.browse && policy,
    canSearch: canEdit,
    canEdit,
    isAdmin: perms.admin,
  };
  if (!policy) {
    caps.readOnlyReason = REFUSALS.namesOnly;
  } else if (!caps.canEdit) {
    caps.readOnlyReason = REFUSALS.viewOnly;
  } else if (!configured) {
    caps.readOnlyReason =
      'Atlas CRM is not set up yet. A Jira admin can enter the API credentials in the app settings.';
  }
  return caps;
}

/**
 * What the panel needs in one call, from what the gate read: nothing is written to Atlas CRM. The
 * JQL index is rewritten only when it differs from the record (someone rewrote it, or a write
 * after a change was lost), and the panel says when Jira refuses that to the app.
 */
export async function openPanel(
  call: IssueCall,
  admitted: Admitted,
  templates: TemplatesRead,
): Promise<PanelData> {
  const { settings, links, indexRefusal } = admitted.state;
  const jqlOff =
    admitted.view && !indexIsCurrent(admitted.view, links.record)
      ? (
          await Promise.all([
            repairIndex(call, links.record, indexRefusal),
            // The customer field was written with the index: it is repaired with it, though not
            // on each open while the project refuses the index (the field was written anyway).
            indexWriteDue(indexRefusal)
              ? writeCustomerField(call.issue.id, links.record)
              : undefined,
          ])
        )[0]
      : undefined;
  const data: PanelData = {
    configured: settings.configured,
    capabilities: capabilities(admitted, settings.configured),
    issue: call.issue,
    // Outside the access policy: the names only, as the admin page promises.
    ...(admitted.policy ? linksData(links.record) : namesOnlyLinks(links.record)),
    ...(jqlOff ? { jqlOff } : {}),
  };
  // Nothing else for them: no templates, and no looking again for automatic links.
  if (!admitted.policy) return data;
  if (autoLinkMayCome(settings, admitted.view, links.record)) data.autoLinkPending = true;
  if (templates?.ok) data.templates = toTemplatesInfo(templates.value);
  else if (templates) data.templatesError = toAppError(templates.error, 'panel/open templates');
  return data;
}

/** The templates as read for the panel (undefined when Atlas CRM is not set up). */
export type TemplatesRead = Settled<Templates> | undefined;

/** The compact summary beside the issue; `others`: its records' other open issues, as the user. */
export async function contextSummary(
  admitted: Admitted,
  others: OtherOpenIssues[] | undefined,
): Promise<ContextSummary> {
  const { settings, links } = admitted.state;
  const linkRecord = links.record;
  const counts = Object.fromEntries(ENTITY_TYPES.map((type) => [type, 0])) as Record<
    EntityType,
    number
  >;
  const names = Object.fromEntries(ENTITY_TYPES.map((type) => [type, [] as string[]])) as Record<
    EntityType,
    string[]
  >;
  for (const link of linkRecord.links) {
    counts[link.type] += 1;
    if (names[link.type].length < CONTEXT_NAMES_PER_TYPE) names[link.type].push(link.name);
  }
  // Outside the access policy, the other open issues are left out too: they are not names.
  if (!admitted.policy) return { configured: settings.configured, counts, names, namesOnly: true };
  return {
    configured: settings.configured,
    counts,
    names,
    ...(others ? { otherOpenIssues: others } : {}),
  };
}
