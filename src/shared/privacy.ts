// What the app stores in place of a closed Atlassian account's id once the personal data
// reporting API has said "closed": no account id, so no one is shown, reported or linked to it.
export const FORMER_USER = 'atlas-crm:former-user';

/** How the UI names it. */
export const FORMER_USER_NAME = 'Former user';
