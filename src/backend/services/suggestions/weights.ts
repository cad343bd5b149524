// How much each kind of evidence says that the ticket is about a record, in one table so the
// order of suggestions can be read and tuned in one place. A record is suggested when its best
// evidence reaches THRESHOLD; a name written only in passing stays below it.

export const WEIGHT = {
  /** The reporter's own address is the contact's. */
  reporter: 100,
  /** The reporter's contact's company (the only one). */
  reporterCompany: 95,
  /** Jira hides the reporter's address; their display name is one contact's. */
  reporterByName: 90,
  reporterDomain: 88,
  /** Companies of a contact found by the reporter's name. */
  reporterByNameCompany: 86,
  organization: 85,
  participant: 85,
  namedInSummary: 82,
  namedInSignature: 80,
  /** A participant's display name is one contact's (their address finds none). */
  participantByName: 75,
  writtenEmail: 75,
  namedInDescription: 72,
  writtenSite: 70,
  participantCompany: 70,
  personInSignature: 80,
  personInSummary: 70,
  personInDescription: 66,
  participantDomain: 65,
  /** Companies of a contact whose address or name is written in the text. */
  writtenContactCompany: 62,
  writtenEmailDomain: 60,
  /** One of a contact's several companies, none of them named. */
  oneOfSeveral: 60,
  /** Written only in passing: a comparison, an example, an exception. */
  inPassing: 15,
} as const;

/** Suggested from this weight on. */
export const THRESHOLD = 40;
/** Each further reason adds a little: two kinds of evidence beat one. */
export const PER_EXTRA_REASON = 2;

/** What a name written in the ticket weighs, by where it is written (in passing: WEIGHT.inPassing). */
export interface WrittenWeights {
  signature: number;
  summary: number;
  description: number;
}

export const COMPANY_WRITTEN: WrittenWeights = {
  signature: WEIGHT.namedInSignature,
  summary: WEIGHT.namedInSummary,
  description: WEIGHT.namedInDescription,
};

export const PERSON_WRITTEN: WrittenWeights = {
  signature: WEIGHT.personInSignature,
  summary: WEIGHT.personInSummary,
  description: WEIGHT.personInDescription,
};
