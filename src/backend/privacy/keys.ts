// KVS keys of the personal data report (plain values), kept apart from the rest of the app's.

export const PRIVACY_KEYS = {
  /** Where the reporting cycle stands: one value. */
  state: 'privacy:state:v1',
  /** One value per account id the app was found to store: what to report for it. */
  accountPrefix: 'privacy:account:',
  account: (accountId: string): string => `privacy:account:${accountId}`,
  /** One value per account Atlassian reported closed, until a pass has erased it everywhere. */
  closedPrefix: 'privacy:closed:',
  closed: (accountId: string): string => `privacy:closed:${accountId}`,
} as const;
