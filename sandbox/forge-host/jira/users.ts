// User objects as Jira returns them, with profile visibility applied: a hidden email address is
// left out of every user object, except the one a user reads about themself.
import type { DemoUser } from '../demo';
import type { Principal } from './directory';
import { selfUrl } from './replies';

export function avatarUrls(id: string): Record<string, string> {
  const base = `https://avatar-management.services.atlassian.com/avatars/${encodeURIComponent(id)}`;
  return {
    '48x48': `${base}/48`,
    '24x24': `${base}/24`,
    '16x16': `${base}/16`,
    '32x32': `${base}/32`,
  };
}

/** Whether `viewer` may see the user's email address. */
export function emailVisibleTo(user: DemoUser, viewer: Principal): boolean {
  if (!user.emailHidden) return true;
  return viewer.kind === 'user' && viewer.accountId === user.accountId;
}

/** The full user object (GET user, myself, issue fields). */
export function userJson(user: DemoUser, viewer: Principal): Record<string, unknown> {
  return {
    self: selfUrl(`/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`),
    accountId: user.accountId,
    accountType: user.accountType ?? 'atlassian',
    ...(emailVisibleTo(user, viewer) ? { emailAddress: user.emailAddress } : {}),
    avatarUrls: avatarUrls(user.accountId),
    displayName: user.displayName,
    active: true,
    timeZone: 'Europe/Amsterdam',
    ...(user.accountType === 'customer' ? {} : { locale: 'en_US' }),
  };
}

/**
 * The name Service Management gives a customer it makes from an email (a mail to the help desk
 * from someone it does not know): the part before the @, capitalised.
 */
export function customerNameFromEmail(email: string): string {
  const local = email.slice(0, email.lastIndexOf('@')) || email;
  return local.charAt(0).toUpperCase() + local.slice(1);
}
