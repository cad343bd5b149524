// What the app links by itself when an issue is created in a project the admin chose: only
// unambiguous matches. Exactly one contact with the reporter's email, then that contact's company
// when it has exactly one. Anything ambiguous links nothing of that kind. Once per issue: the
// record says when it ran (or a person came first), and then a redelivered event does nothing.
import type { Entity } from '../../crm';
import { describeForLog } from '../redact';
import { lazyCrm, warmTokenCache, type CrmAccess } from '../services/crm';
import { changeLinks, linkAsApp, settleWithoutLinks, type AppLink } from '../services/links';
import { keepPassing } from '../services/links/auto';
import { toSummary } from '../services/summaries';
import { companiesOfContact, contactsByEmail } from '../services/suggestions/match';
import { readIssueState, type IssueState } from '../storage/issue-state';
import { compactCompany } from '../storage/link-record-format';
import { readReporter, type ReporterRead } from './reporter';

/** What happened, in plain words for the log (no email addresses: logs leave the site). */
export interface AutoLinkOutcome {
  linked: { id: string; type: Entity['type'] }[];
  note: string;
  /** Linked, but Atlas CRM not told yet for a passing reason: worth a redelivery. */
  undelivered?: unknown;
}

type CompanyOf = { entity: Entity; roles: string[] };

export interface NewIssue {
  id: string;
  /** From the event; the issue's own project (read as the app) decides in the end. */
  projectId?: string;
}

export function contactReason(email: string): string {
  return `The reporter, ${email}, is this contact`;
}

export function companyReason(roles: readonly string[]): string {
  return roles.length > 0
    ? `The reporter's company (${roles.join(', ')})`
    : "The reporter's company";
}

function nothing(note: string): AutoLinkOutcome {
  return { linked: [], note };
}

const READ_NOTES: Record<Exclude<ReporterRead['kind'], 'email'>, string> = {
  'hidden-issue': "the issue's security level hides it from the app; nothing linked",
  'no-reporter': 'the issue has no reporter; nothing linked',
  'hidden-email':
    "Jira hides the reporter's email address (profile visibility), so it could not be matched; nothing linked",
  'unmatchable-email':
    "the reporter's email address is not one Atlas CRM can match; nothing linked",
};

function crmOf(state: IssueState): CrmAccess {
  return lazyCrm({
    templates: Promise.resolve(state.templates ?? null),
    tokenCache: warmTokenCache(),
  });
}

/** Settled before (a redelivery): only what its outbox still holds is delivered. */
async function settledBefore(issueId: string, state: IssueState): Promise<AutoLinkOutcome> {
  const done = `automatic linking was settled before (${state.links.record.autoLink?.outcome}); nothing more linked`;
  if (state.links.outbox.length === 0) return nothing(done);
  const changed = await changeLinks(issueId, (record) => record, crmOf(state), {
    read: state.links,
    keep: keepPassing,
  });
  const [undelivered] = changed.kept.values();
  return { ...nothing(done), ...(changed.kept.size > 0 ? { undelivered } : {}) };
}

/** A final outcome with nothing linked, recorded so a redelivery does not look again. */
async function settleNothing(
  issueId: string,
  note: string,
  crm: CrmAccess,
  state: IssueState,
): Promise<AutoLinkOutcome> {
  await settleWithoutLinks(issueId, 'nothing', crm, state.links);
  return nothing(note);
}

export async function autoLinkIssue(issue: NewIssue): Promise<AutoLinkOutcome> {
  // Settings, templates, the issue's record and its dismissals: one KVS round.
  const state = await readIssueState(issue.id);
  const { settings } = state;
  const enabled = new Set(settings.autoLinkProjects.map((project) => project.id));
  if (!settings.configured || enabled.size === 0)
    return nothing('automatic linking is off; nothing linked');
  // Issues of other projects cost no Jira request when the event names the project.
  if (issue.projectId !== undefined && !enabled.has(issue.projectId))
    return nothing('automatic linking is off for this project; nothing linked');

  if (state.links.record.autoLink) return settledBefore(issue.id, state);
  const crm = crmOf(state);
  const [reporter, templates] = await Promise.all([readReporter(issue.id), crm.templates()]);
  // An issue hidden from the app gets no record: the app may not act on it at all.
  if (reporter.kind === 'hidden-issue') return nothing(READ_NOTES[reporter.kind]);
  if (reporter.projectId === undefined || !enabled.has(reporter.projectId))
    return nothing('automatic linking is off for this project; nothing linked');
  if (reporter.kind !== 'email')
    return settleNothing(issue.id, READ_NOTES[reporter.kind], crm, state);

  // When the list names one contact, its companies are read beside the check of its email
  // (a list without fields needs that read); they count only if the email is really its own.
  let early: { contactId: string; companies: Promise<CompanyOf[]> } | undefined;
  const found = await contactsByEmail(crm, templates, [reporter.email], (listed) => {
    const [only] = listed.length === 1 ? listed : [];
    if (only) {
      const companies = companiesOfContact(crm, only.id);
      companies.catch(() => undefined);
      early = { contactId: only.id, companies };
    }
  });
  const contacts = found.get(reporter.email.toLowerCase()) ?? [];
  if (contacts.length !== 1)
    return settleNothing(
      issue.id,
      contacts.length === 0
        ? "no Atlas CRM contact has the reporter's email; nothing linked"
        : `${contacts.length} Atlas CRM contacts share the reporter's email, so none was linked`,
      crm,
      state,
    );
  const [contact] = contacts as [Entity];
  // "Not this customer" on the issue: neither she nor her company is linked by the app.
  if (state.dismissed.has(contact.id))
    return settleNothing(
      issue.id,
      "the reporter's contact was dismissed on this issue; nothing linked",
      crm,
      state,
    );

  const companies = await (
    early?.contactId === contact.id ? early.companies : companiesOfContact(crm, contact.id)
  ).catch((err: unknown) => {
    console.warn(`[atlas-crm] automatic linking: companies not read: ${describeForLog(err)}`);
    return undefined;
  });
  const names = companies?.map((item) => toSummary(item.entity, templates.company).name);
  const label = names && names.length > 0 ? compactCompany(names.join(', ')) : undefined;
  const contactLink: AppLink = {
    entity: contact,
    reason: contactReason(reporter.email),
    ...(label ? { company: label } : {}),
  };
  const [only] = companies?.length === 1 ? companies : [];
  const chosen = only
    ? [contactLink, { entity: only.entity, reason: companyReason(only.roles) }]
    : [contactLink];
  const done = await linkAsApp(issue.id, chosen, crm, state.links, state.dismissed);
  if (!done.ran)
    return nothing('automatic linking was settled meanwhile (a redelivery); nothing more linked');
  const ids = done.linked;
  const [undelivered] = done.undelivered.values();
  const later = done.undelivered.size > 0 ? { undelivered } : {};
  const linked: AutoLinkOutcome['linked'] = chosen
    .filter((item) => ids.includes(item.entity.id))
    .map((item) => ({ id: item.entity.id, type: item.entity.type }));
  if (!ids.includes(contact.id))
    return { linked, note: 'Atlas CRM did not take the link of the contact', ...later };
  if (companies === undefined)
    return { linked, note: 'the contact is linked; its companies could not be read', ...later };
  if (companies.length !== 1)
    return {
      linked,
      note:
        companies.length === 0
          ? 'the contact is linked; it is at no company'
          : `the contact is linked; it is at ${companies.length} companies, so none was linked`,
      ...later,
    };
  return {
    linked,
    note:
      linked.length === 2
        ? 'the contact and its company are linked'
        : 'the contact is linked; its company was not (dismissed, or refused by Atlas CRM)',
    ...later,
  };
}
