// Admin settings: client id and secret as KVS secrets, the rest (configured flag, date, access
// policy) as a plain KVS value. Nothing here ever returns the secret to a caller outside the backend.
// Each save of the credentials gets a new version: a cached token is only good for its version.
import { randomUUID } from 'node:crypto';
import { kvs } from '@forge/kvs';
import type { CrmCredentials } from '../../crm';
import type { JiraGroup, JiraProject } from '../../shared/contract';
import { hasFields, isRecord } from '../../shared/guards';
import { registerSecret } from '../redact';
import { KEYS, SECRET_KEYS } from './keys';
import { isKeyConflict } from './conflict';

export interface StoredSettings {
  configured: boolean;
  configuredAt?: string;
  clientIdMasked?: string;
  allowedGroups: JiraGroup[];
  /** Projects where issue creation links the customer automatically; none by default. */
  autoLinkProjects: JiraProject[];
}

const EMPTY: StoredSettings = { configured: false, allowedGroups: [], autoLinkProjects: [] };

const isProject = (value: unknown): value is JiraProject =>
  hasFields(value, { id: 'string', key: 'string', name: 'string' });

const isGroup = (value: unknown): value is JiraGroup =>
  hasFields(value, { groupId: 'string', name: 'string' });

export async function readSettings(): Promise<StoredSettings> {
  const [raw, autoLink] = await Promise.all([
    kvs.get<unknown>(KEYS.settings),
    kvs.get<unknown>(KEYS.autoLink),
  ]);
  return decodeSettings(raw, autoLink);
}

/** The settings from their two stored values (read alone, or within a batch). */
export function decodeSettings(raw: unknown, autoLink: unknown): StoredSettings {
  const autoLinkProjects = Array.isArray(autoLink) ? autoLink.filter(isProject) : [];
  if (!isRecord(raw)) return { ...EMPTY, allowedGroups: [], autoLinkProjects };
  return {
    configured: raw.configured === true,
    ...(typeof raw.configuredAt === 'string' ? { configuredAt: raw.configuredAt } : {}),
    ...(typeof raw.clientIdMasked === 'string' ? { clientIdMasked: raw.clientIdMasked } : {}),
    allowedGroups: Array.isArray(raw.allowedGroups) ? raw.allowedGroups.filter(isGroup) : [],
    autoLinkProjects,
  };
}

/**
 * Credentials state and access policy. The automatic-linking projects are kept under their own
 * key (writeAutoLinkProjects): two admins saving different sections at once never undo each other.
 */
export async function writeSettings(
  settings: Omit<StoredSettings, 'autoLinkProjects'>,
): Promise<void> {
  const { configured, configuredAt, clientIdMasked, allowedGroups } = settings;
  await kvs.set(KEYS.settings, {
    configured,
    ...(configuredAt !== undefined ? { configuredAt } : {}),
    ...(clientIdMasked !== undefined ? { clientIdMasked } : {}),
    allowedGroups,
  });
}

export async function writeAutoLinkProjects(projects: JiraProject[]): Promise<void> {
  await kvs.set(KEYS.autoLink, projects);
}

export async function readCredentials(): Promise<CrmCredentials | undefined> {
  const [clientId, clientSecret, version] = await Promise.all([
    kvs.getSecret<string>(SECRET_KEYS.clientId),
    kvs.getSecret<string>(SECRET_KEYS.clientSecret),
    readCredentialsVersion(),
  ]);
  if (
    typeof clientId !== 'string' ||
    typeof clientSecret !== 'string' ||
    clientId === '' ||
    clientSecret === ''
  ) {
    return undefined;
  }
  registerSecret(clientSecret);
  if (version === undefined) await versionOlderCredentials();
  return { clientId, clientSecret };
}

/** Credentials saved before they had versions get one, or their tokens could never be cached. */
async function versionOlderCredentials(): Promise<void> {
  try {
    await kvs.setSecret(SECRET_KEYS.credentialsVersion, randomUUID(), {
      keyPolicy: 'FAIL_IF_EXISTS',
    });
  } catch (err) {
    if (isKeyConflict(err)) return;
    throw err;
  }
  // Removed meanwhile: a version without credentials must not let a late token count.
  if ((await kvs.getSecret<unknown>(SECRET_KEYS.clientSecret)) === undefined)
    await kvs.deleteSecret(SECRET_KEYS.credentialsVersion);
}

/** Stores the credentials under a new version, which it answers. */
export async function writeCredentials(credentials: CrmCredentials): Promise<string> {
  registerSecret(credentials.clientSecret);
  await kvs.setSecret(SECRET_KEYS.clientId, credentials.clientId);
  await kvs.setSecret(SECRET_KEYS.clientSecret, credentials.clientSecret);
  // Last: tokens of the old version stop counting once the new credentials are in place.
  const version = randomUUID();
  await kvs.setSecret(SECRET_KEYS.credentialsVersion, version);
  return version;
}

/** The version of the stored credentials; undefined when none are stored. */
export async function readCredentialsVersion(): Promise<string | undefined> {
  const version = await kvs.getSecret<unknown>(SECRET_KEYS.credentialsVersion);
  return typeof version === 'string' && version !== '' ? version : undefined;
}

export async function deleteCredentials(): Promise<void> {
  // The version first: from then on no token counts, even one stored by a request in flight.
  await kvs.deleteSecret(SECRET_KEYS.credentialsVersion);
  await Promise.all([
    kvs.deleteSecret(SECRET_KEYS.clientId),
    kvs.deleteSecret(SECRET_KEYS.clientSecret),
  ]);
  // And again: a reader that saw the secret but no version meanwhile gave it one
  // (versionOlderCredentials), which would let its token count with nothing stored.
  await kvs.deleteSecret(SECRET_KEYS.credentialsVersion);
}

/** `demo…t-id`: at most the first 4 and last 4 characters, and fewer for short ids. */
export function maskClientId(clientId: string): string {
  // By code point: cutting between the halves of an emoji would show a broken character.
  const chars = Array.from(clientId);
  const n = chars.length;
  if (n < 4) return '…';
  // Long ids show 4 + 4 characters; short ones less, so most of the id stays hidden.
  const show = n >= 12 ? 4 : Math.floor(n / 4);
  return `${chars.slice(0, show).join('')}…${chars.slice(n - show).join('')}`;
}
