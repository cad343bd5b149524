// From what the issue says to what to ask Atlas CRM: each address with where it came from (and
// so the reason it will give), the company domains among them, the organisation names, and notes
// for what Jira did not let us see.
import type { SuggestionSource } from '../../../shared/contract';
import { companyDomainOf } from './emails';
import type { IssueSources, Person } from './issue-source';
import { shortName } from './text';

/** Where an address was found, and the words a contact matched by it is suggested with. */
export interface EmailOrigin {
  source: Extract<SuggestionSource, 'reporter' | 'participant' | 'text'>;
  reason: string;
}

export interface SearchPlan {
  /** Lower-cased address -> its origins, strongest first (reporter, participant, text). */
  emails: Map<string, EmailOrigin[]>;
  /** Registrable domains of the addresses, free mail left out. */
  domains: string[];
  organizations: string[];
  /** Company names written in the text, with the reason a company of that name gets. */
  companyNames: { name: string; reason: string }[];
  notes: string[];
}

export const NOTES = {
  reporterHidden:
    "Jira hides the reporter's email address (their profile visibility), so it can't be matched.",
  participantsHidden: (count: number) =>
    count === 1
      ? "Jira hides the email address of a request participant, so they can't be matched."
      : `Jira hides the email addresses of ${count} request participants, so they can't be matched.`,
  reporterUnmatchable: (email: string) =>
    `The reporter's email address, ${email}, is not one Atlas CRM can match.`,
  participantsUnmatchable: (people: readonly Person[]) => {
    const [first] = people;
    return people.length === 1 && first
      ? `${first.name}'s email address, ${first.unmatchable ?? ''}, is not one Atlas CRM can match.`
      : `The email addresses of ${people.length} request participants are not ones Atlas CRM can match.`;
  },
};

export function planSearch(sources: IssueSources): SearchPlan {
  const emails = new Map<string, EmailOrigin[]>();
  const add = (email: string, origin: EmailOrigin) => {
    const origins = emails.get(email) ?? [];
    if (!origins.some((known) => known.source === origin.source)) origins.push(origin);
    emails.set(email, origins);
  };
  const notes: string[] = [];
  const { reporter } = sources;
  if (reporter?.email)
    add(reporter.email, {
      source: 'reporter',
      reason: `The reporter, ${reporter.email}, is this contact`,
    });
  else if (reporter?.unmatchable) notes.push(NOTES.reporterUnmatchable(reporter.unmatchable));
  else if (reporter) notes.push(NOTES.reporterHidden);
  for (const person of sources.participants)
    if (person.email)
      add(person.email, {
        source: 'participant',
        reason: `${person.name}, a request participant, is this contact`,
      });
  // Jira showing an address that names no company is not Jira hiding it: told apart.
  const unmatchable = sources.participants.filter((p) => !p.email && p.unmatchable);
  const hidden = sources.participants.filter((p) => !p.email && !p.unmatchable).length;
  if (hidden > 0) notes.push(NOTES.participantsHidden(hidden));
  if (unmatchable.length > 0) notes.push(NOTES.participantsUnmatchable(unmatchable));
  for (const { email, where } of sources.written)
    add(email, { source: 'text', reason: `${email} is written in the ${where}` });
  const domains = new Set<string>();
  for (const email of emails.keys()) {
    const domain = companyDomainOf(email);
    if (domain !== undefined) domains.add(domain);
  }
  const companyNames = sources.named.map(({ name, where }) => ({
    name,
    reason: `${shortName(name)} is named in the ${where}`,
  }));
  return {
    emails,
    domains: [...domains],
    organizations: sources.organizations,
    companyNames,
    notes,
  };
}
