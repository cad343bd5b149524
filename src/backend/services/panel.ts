// What the issue panel needs in one call, and the compact summary beside the issue.
import { ENTITY_TYPES, CrmNotConfiguredError, type CrmClient } from '../../crm';
import type {
  Capabilities,
  ContextSummary,
  EntityType,
  OtherOpenIssues,
  PanelData,
} from '../../shared/contract';
import type { IssueCall } from '../context';
import { toAppError } from '../envelope';
import {
  inPolicy,
  issuePermissions,
  REFUSALS,
  requireBrowse,
  type IssuePermissions,
} from '../permissions';
import { handledLater } from '../later';
import { describeForLog } from '../redact';
import { listIntents } from '../storage/journal';
import { readRecordIfAny, readRecordSnapshot } from '../storage/link-record';
import type { LinkRecord } from '../storage/link-record-format';
import { readSettings, type StoredSettings } from '../storage/settings';
import { lazyCrm } from './crm';
import { otherOpenIssues } from './linked-issues';
import { linksData, recordOf, repairIfNeeded, syncIndex } from './links';
import { loadTemplates, toTemplatesInfo } from './templates';

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
    caps.readOnlyReason = REFUSALS.policy;
  } else if (!caps.canEdit) {
    caps.readOnlyReason = REFUSALS.viewOnly;
  } else if (!configured) {
    caps.readOnlyReason =
      'Atlas CRM is not set up yet. A Jira admin can enter the API credentials in the app settings.';
  }
  return caps;
}

/** Permission on the issue (browse required) and the access policy, read together. */
export async function checkAccess(
  call: IssueCall,
  settings: Promise<StoredSettings>,
): Promise<Access> {
  // The group lookup does not wait for the permission answer: one Jira round, not two.
  const policy = handledLater(settings.then((stored) => inPolicy(stored.allowedGroups)));
  const perms = await issuePermissions(call.issue.id);
  requireBrowse(perms);
  return { perms, policy: await policy };
}

export async function openPanel(call: IssueCall, getCrm: () => CrmClient): Promise<PanelData> {
  // Independent reads in parallel; nothing is returned before the access check passed.
  const settings = handledLater(readSettings());
  const access = handledLater(checkAccess(call, settings));
  const snapshot = handledLater(readRecordSnapshot(call.issue.id));
  const templates = handledLater(loadTemplates(getCrm));
  const intents = handledLater(listIntents(call.issue.id, 1));

  const accessOfUser = await access;
  const stored = await settings;
  // Only once access passed: an issue never linked by this version may need Atlas CRM to confirm
  // its old links, and a property that is not the record's index is rewritten from it.
  const read = await snapshot;
  const linkRecord = await recordOf(call.issue.id, read, getCrm);
  const indexed = handledLater(syncIndex(call.issue.id, read));
  try {
    if ((await intents).length > 0) await repairIfNeeded(getCrm, call.issue.id);
  } catch (err) {
    console.warn(`[atlas-crm] repair on panel open failed: ${describeForLog(err)}`);
  }
  await indexed;
  const data: PanelData = {
    configured: stored.configured,
    capabilities: capabilities(accessOfUser, stored.configured),
    issue: call.issue,
    ...linksData(linkRecord),
  };
  if (stored.configured) {
    try {
      data.templates = toTemplatesInfo(await templates);
    } catch (err) {
      data.templatesError = toAppError(err, 'panel/open templates');
    }
  } else {
    await templates.catch((err: unknown) => {
      if (!(err instanceof CrmNotConfiguredError))
        console.warn(`[atlas-crm] templates: ${describeForLog(err)}`);
    });
  }
  return data;
}

/**
 * Other open issues of the issue's records, counted as the user. Jira answers only what the user
 * may browse, so the counts start beside the access check when the stored record is at hand;
 * they leave only once the check passed.
 */
function countsBeside(
  call: IssueCall,
  settings: Promise<StoredSettings>,
  kept: Promise<LinkRecord | undefined>,
): Promise<OtherOpenIssues[] | undefined> {
  // From the KVS record alone: the counts then run beside the Jira reads of the access check.
  return handledLater(
    Promise.all([settings, kept]).then(([stored, record]) =>
      stored.configured && record ? otherOpenIssues(call.issue, record.links) : undefined,
    ),
  );
}

export async function contextSummary(call: IssueCall): Promise<ContextSummary> {
  const settings = handledLater(readSettings());
  const kept = handledLater(readRecordIfAny(call.issue.id));
  const snapshot = handledLater(readRecordSnapshot(call.issue.id, kept));
  const early = countsBeside(call, settings, kept);
  await checkAccess(call, settings);
  const stored = await settings;
  const read = await snapshot;
  const linkRecord = await recordOf(call.issue.id, read, lazyCrm());
  // An old-format property becomes a record only now: its counts start after it.
  const others = read.record
    ? await early
    : stored.configured
      ? await otherOpenIssues(call.issue, linkRecord.links)
      : undefined;
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
  return {
    configured: stored.configured,
    counts,
    names,
    ...(others ? { otherOpenIssues: others } : {}),
  };
}
