// Who is signed in to the sandbox: one of the demo users, remembered in a cookie.
import type { IncomingMessage } from 'node:http';
import { DEMO_USERS, type DemoUserName } from '../forge-host';

export type UserName = DemoUserName;
export const USER_NAMES = Object.keys(DEMO_USERS) as UserName[];
const DEFAULT_USER: UserName = 'admin';
const SESSION_COOKIE = 'atlas_sandbox_user';

export function isUserName(value: unknown): value is UserName {
  return USER_NAMES.includes(value as UserName);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function sessionUser(req: IncomingMessage): UserName {
  const name = parseCookies(req.headers.cookie)[SESSION_COOKIE];
  return isUserName(name) ? name : DEFAULT_USER;
}

export function sessionCookie(user: UserName): string {
  return `${SESSION_COOKIE}=${user}; Path=/; SameSite=Lax; HttpOnly`;
}
