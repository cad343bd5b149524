// What the app links by itself when an issue is created in a project the admin chose: only
// unambiguous matches. Exactly one contact with the reporter's email, then that contact's company
// when it has exactly one. Anything ambiguous links nothing of that kind.
import type { Entity } from '../../crm';
import { describeForLog } from '../redact';
import { lazyCrm, warmTokenCache } from '../services/crm';
import { linkAsApp, type AppLink } from '../services/links';
import { toSummary } from '../services/summaries';
import { companiesOfContact, contactsByEmail } from '../services/suggestions/match';
import { readIssueState } from '../storage/issue-state';
import { compactCompany } from '../storage/link-record-format';
import { readReporter, type ReporterRead } from './reporter';

/** What happened, in plain words for the log (no email addresses: logs leave the site). */
export interface AutoLinkOutcome {
  linked: { id: string; type: Entity['type'] }[];
  note: string;
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

export async function autoLinkIssue(issue: NewIssue): Promise<AutoLinkOutcome> {
  // Settings, templates and the issue's record: one KVS round.
  const state = await readIssueState(issue.id);
  const { settings } = state;
  const enabled = new Set(settings.autoLinkProjects.map((project) => project.id));
  if (!settings.configured || enabled.size === 0)
    return nothing('automatic linking is off; nothing linked');
  // Issues of other projects cost no Jira request when the event names the project.
  if (issue.projectId !== undefined && !enabled.has(issue.projectId))
    return nothing('automatic linking is off for this project; nothing linked');

  const crm = lazyCrm({
    templates: Promise.resolve(state.templates ?? null),
    tokenCache: warmTokenCache(),
  });
  const [reporter, templates] = await Promise.all([readReporter(issue.id), crm.templates()]);
  if (reporter.kind !== 'email') return nothing(READ_NOTES[reporter.kind]);
  if (reporter.projectId === undefined || !enabled.has(reporter.projectId))
    return nothing('automatic linking is off for this project; nothing linked');

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
    return nothing(
      contacts.length === 0
        ? "no Atlas CRM contact has the reporter's email; nothing linked"
        : `${contacts.length} Atlas CRM contacts share the reporter's email, so none was linked`,
    );
  const [contact] = contacts as [Entity];

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
  const { linked: ids } = await linkAsApp(issue.id, chosen, crm, state.links);
  const linked: AutoLinkOutcome['linked'] = chosen
    .filter((item) => ids.includes(item.entity.id))
    .map((item) => ({ id: item.entity.id, type: item.entity.type }));
  if (!ids.includes(contact.id))
    return { linked, note: 'Atlas CRM did not take the link of the contact' };
  if (companies === undefined)
    return { linked, note: 'the contact is linked; its companies could not be read' };
  if (companies.length !== 1)
    return {
      linked,
      note:
        companies.length === 0
          ? 'the contact is linked; it is at no company'
          : `the contact is linked; it is at ${companies.length} companies, so none was linked`,
    };
  return {
    linked,
    note:
      linked.length === 2
        ? 'the contact and its company are linked'
        : 'the contact is linked; Atlas CRM did not take the link of its company',
  };
}
