// From what the issue says to what to ask Atlas CRM: each address with where it came from (and
// so the reason and weight it will give), plus-addressed ones also without their tag, the company
// domains of mail and of web addresses in the text, organisation names, the names written in the
// text and the people on the request by name, and notes for what Jira did not let us see.
import type { SuggestionSource } from '../../../shared/contract';
import { personKey } from '../names';
import { companyDomainOf } from './addresses';
import { withoutPlusTag } from './emails';
import type { IssueSources, Person } from './issue-source';
import {
  accentFreeTerms,
  companyTerms,
  shortNameTerms,
  writtenPersonNames,
  type CompanyTerm,
} from './name-terms';
import { scanText, type ScannedText } from './text-scan';
import { shortName } from './text';
import { webDomainsInText } from './web-addresses';
import { WEIGHT } from './weights';

/** Where an address was found, and the words a contact matched by it is suggested with. */
export interface EmailOrigin {
  source: Extract<SuggestionSource, 'reporter' | 'participant' | 'text'>;
  reason: string;
  weight: number;
}

/** Why a company whose website has this domain is suggested. */
export interface DomainOrigin {
  reason: (domain: string) => string;
  weight: number;
}

/** A person on the request, matched to contacts by name when their address finds none. */
export interface NamedPerson {
  name: string;
  key: string;
  role: 'reporter' | 'participant';
  /** Jira shows no address for them (hidden, or none a company's mail can have). */
  hidden: boolean;
  /** Their address, when Jira shows one. */
  email?: string;
}

export interface SearchPlan {
  /** Lower-cased address -> its origins, strongest first (reporter, participant, text). */
  emails: Map<string, EmailOrigin[]>;
  /** Registrable domains (ASCII) of the addresses and web addresses, free mail left out. */
  domains: Map<string, DomainOrigin>;
  organizations: string[];
  /** The summary and description, read as words. */
  texts: ScannedText[];
  /** Values asked of the company name field (contains). */
  companyTerms: CompanyTerm[];
  /** Acronyms and dotted short names, asked of the company name field in a list of their own. */
  shortTerms: string[];
  /** Values asked of the contact name field (contains). */
  personTerms: string[];
  people: NamedPerson[];
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

function planEmails(sources: IssueSources): Map<string, EmailOrigin[]> {
  const emails = new Map<string, EmailOrigin[]>();
  const add = (email: string, origin: EmailOrigin) => {
    const origins = emails.get(email) ?? [];
    if (!origins.some((known) => known.source === origin.source)) origins.push(origin);
    emails.set(email, origins);
  };
  // "zoe+support@quokka.digital" is delivered to zoe@quokka.digital: asked both ways.
  const both = (email: string, origin: EmailOrigin, tagged: (bare: string) => string) => {
    add(email, origin);
    const bare = withoutPlusTag(email);
    if (bare) add(bare, { ...origin, reason: tagged(bare), weight: origin.weight - 2 });
  };
  const { reporter } = sources;
  if (reporter?.email)
    both(
      reporter.email,
      {
        source: 'reporter',
        reason: `The reporter, ${reporter.email}, is this contact`,
        weight: WEIGHT.reporter,
      },
      (bare) => `The reporter, ${reporter.email ?? ''}, is this contact (${bare})`,
    );
  for (const person of sources.participants)
    if (person.email)
      both(
        person.email,
        {
          source: 'participant',
          reason: `${person.name}, a request participant, is this contact`,
          weight: WEIGHT.participant,
        },
        () => `${person.name}, a request participant, is this contact`,
      );
  for (const { email, where } of sources.written)
    both(
      email,
      {
        source: 'text',
        reason: `${email} is written in the ${where}`,
        weight: WEIGHT.writtenEmail,
      },
      (bare) => `${email} is written in the ${where} (${bare})`,
    );
  return emails;
}

function planDomains(
  sources: IssueSources,
  emails: Map<string, EmailOrigin[]>,
): Map<string, DomainOrigin> {
  const domains = new Map<string, DomainOrigin>();
  const add = (domain: string, origin: DomainOrigin) => {
    const known = domains.get(domain);
    if (!known || known.weight < origin.weight) domains.set(domain, origin);
  };
  const site = (domain: string) => `${domain} is this company's website`;
  for (const [email, origins] of emails) {
    const domain = companyDomainOf(email);
    if (domain === undefined) continue;
    for (const origin of origins)
      add(domain, {
        reason: site,
        weight:
          origin.source === 'reporter'
            ? WEIGHT.reporterDomain
            : origin.source === 'participant'
              ? WEIGHT.participantDomain
              : WEIGHT.writtenEmailDomain,
      });
  }
  for (const { where, text } of sources.texts)
    for (const written of webDomainsInText(where, text))
      add(written.domain, {
        reason: (readable) => `${readable}, written in the ${where}, is this company's website`,
        weight: WEIGHT.writtenSite,
      });
  return domains;
}

/** The reporter and participants by display name, for contacts whose address Jira can't show. */
function namedPeople(sources: IssueSources): NamedPerson[] {
  const person = (who: Person, role: NamedPerson['role']): NamedPerson => ({
    name: who.name,
    key: personKey(who.name),
    role,
    hidden: who.email === undefined,
    ...(who.email ? { email: who.email } : {}),
  });
  const people = [
    ...(sources.reporter ? [person(sources.reporter, 'reporter')] : []),
    ...sources.participants.map((p) => person(p, 'participant')),
  ];
  // "Someone", "Front desk": a name of one word is no person's name.
  return people.filter((p) => p.key.includes(' '));
}

/**
 * Display names, then names written in the text, then the accent-free parts of the display names
 * of people whose address Jira hides (it shows "Chloe Visser" for the contact "Chloé Visser"; an
 * address finds the others), each once; the request caps how many are asked (find.ts).
 */
function personTerms(people: readonly NamedPerson[], texts: readonly ScannedText[]): string[] {
  const names = people.map((p) => shortName(p.name));
  const hidden = people.filter((p) => p.hidden).map((p) => shortName(p.name));
  const terms = [...names, ...writtenPersonNames(texts), ...hidden.flatMap(accentFreeTerms)];
  return [...new Map(terms.map((term) => [term.toLowerCase(), term])).values()];
}

export function planSearch(sources: IssueSources): SearchPlan {
  const notes: string[] = [];
  const { reporter } = sources;
  if (reporter && !reporter.email)
    notes.push(
      reporter.unmatchable ? NOTES.reporterUnmatchable(reporter.unmatchable) : NOTES.reporterHidden,
    );
  // Jira showing an address that names no company is not Jira hiding it: told apart.
  const unmatchable = sources.participants.filter((p) => !p.email && p.unmatchable);
  const hidden = sources.participants.filter((p) => !p.email && !p.unmatchable).length;
  if (hidden > 0) notes.push(NOTES.participantsHidden(hidden));
  if (unmatchable.length > 0) notes.push(NOTES.participantsUnmatchable(unmatchable));

  const emails = planEmails(sources);
  const texts = sources.texts.map(({ where, text }) => scanText(where, text));
  const people = namedPeople(sources);
  return {
    emails,
    domains: planDomains(sources, emails),
    organizations: sources.organizations,
    texts,
    companyTerms: companyTerms(texts, sources.organizations),
    shortTerms: shortNameTerms(texts),
    personTerms: personTerms(people, texts),
    people,
    notes,
  };
}
