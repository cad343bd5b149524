// The link record stored in the issue property `atlas-crm-links`: its compact JSON form, size and
// capacity math. Pure: no I/O, so it is unit tested directly.
//
// Shape (short names inside `links` save space; the top-level arrays are what the JQL aliases
// crmCompany / crmContact / crmSale / crmEntityId / crmLinkCount of manifest.yml index):
//   { v: 1, count, companyNames, contactNames, saleNames, entityIds, refreshedAt?,
//     ub?: common prefix of the app URLs, us: account ids of the people who linked,
//     links: [{ i: id, t: type, n: name, k: keyFields, u?: appUrl without `ub`, b: index in `us`,
//               a: linkedAt (epoch ms), r: refreshedAt (epoch ms), d?: 1 (deleted in the CRM) }] }
// `ub` and `us` are lossless compression: every link repeats the CRM host and one of few users.
import { ENTITY_TYPES } from '../../crm';
import type {
  EntitySummary,
  EntityType,
  FieldValue,
  FieldValues,
  LinkCapacity,
  LinkedEntity,
} from '../../shared/contract';
import { isHttpsUrl, isRecord } from '../../shared/guards';

/** Jira's limit for one entity property value. */
export const PROPERTY_BYTES_LIMIT = 32_768;
/** Kept free when adding links, so refreshing summaries (renames, deletions) never overflows. */
export const REFRESH_HEADROOM_BYTES = 1024;
export const LINK_BYTES_BUDGET = PROPERTY_BYTES_LIMIT - REFRESH_HEADROOM_BYTES;
/** Estimate of one link's bytes before the issue has any (measured with realistic demo data). */
export const TYPICAL_LINK_BYTES = 420;
export const NEAR_LIMIT_REMAINING = 10;
export const NEAR_LIMIT_RATIO = 0.85;

export const STORED_LIMITS = {
  nameMax: 120,
  keyValueMax: 80,
  keyListItems: 5,
  keyListItemMax: 40,
  keyFieldsMax: 3,
  appUrlMax: 300,
  accountIdMax: 128,
} as const;

interface StoredLink {
  i: string;
  t: EntityType;
  n: string;
  k: FieldValues;
  u?: string;
  b: number;
  a: number;
  r: number;
  d?: 1;
}

export interface LinkRecordJson {
  v: 1;
  count: number;
  companyNames: string[];
  contactNames: string[];
  saleNames: string[];
  entityIds: string[];
  refreshedAt?: number;
  ub?: string;
  us: string[];
  links: StoredLink[];
}

/** The decoded record the services work with. */
export interface LinkRecord {
  links: LinkedEntity[];
  refreshedAt?: string;
}

export class LinkRecordFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkRecordFormatError';
  }
}

export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  // Do not cut a surrogate pair in half.
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

function compactValue(value: FieldValue): FieldValue | undefined {
  if (value === null) return undefined;
  if (typeof value === 'string') return truncateText(value, STORED_LIMITS.keyValueMax);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return value
    .slice(0, STORED_LIMITS.keyListItems)
    .map((v) => truncateText(String(v), STORED_LIMITS.keyListItemMax));
}

/** The summary as it is stored: long names and key values cut, only https app links kept. */
export function compactSummary(summary: EntitySummary): EntitySummary {
  const keyFields: FieldValues = {};
  for (const [id, value] of Object.entries(summary.keyFields).slice(
    0,
    STORED_LIMITS.keyFieldsMax,
  )) {
    const compacted = compactValue(value);
    if (compacted !== undefined) keyFields[id] = compacted;
  }
  const out: EntitySummary = {
    id: summary.id,
    type: summary.type,
    name: truncateText(summary.name, STORED_LIMITS.nameMax),
    keyFields,
  };
  if (isHttpsUrl(summary.appUrl) && summary.appUrl.length <= STORED_LIMITS.appUrlMax)
    out.appUrl = summary.appUrl;
  return out;
}

function ms(iso: string): number {
  const parsed = Date.parse(iso);
  return Number.isFinite(parsed) ? parsed : 0;
}

function iso(msValue: number): string {
  return new Date(msValue).toISOString();
}

const NAME_ARRAYS: Record<EntityType, 'companyNames' | 'contactNames' | 'saleNames'> = {
  company: 'companyNames',
  contact: 'contactNames',
  sale: 'saleNames',
};

export function encodeRecord(record: LinkRecord): LinkRecordJson {
  const out: LinkRecordJson = {
    v: 1,
    count: record.links.length,
    companyNames: [],
    contactNames: [],
    saleNames: [],
    entityIds: [],
    us: [],
    links: [],
  };
  if (record.refreshedAt !== undefined) out.refreshedAt = ms(record.refreshedAt);
  const compact = record.links.map((link) => compactSummary(link));
  const base = commonPrefix(
    compact.map((summary) => summary.appUrl).filter((url): url is string => url !== undefined),
  );
  if (base !== '') out.ub = base;
  record.links.forEach((link, index) => {
    const summary = compact[index] as EntitySummary;
    const names = out[NAME_ARRAYS[summary.type]];
    if (!names.includes(summary.name)) names.push(summary.name);
    out.entityIds.push(summary.id);
    const stored: StoredLink = {
      i: summary.id,
      t: summary.type,
      n: summary.name,
      k: summary.keyFields,
      b: userIndex(out.us, truncateText(link.linkedBy, STORED_LIMITS.accountIdMax)),
      a: ms(link.linkedAt),
      r: ms(link.refreshedAt),
    };
    if (summary.appUrl !== undefined) stored.u = summary.appUrl.slice(base.length);
    if (link.status === 'deleted') stored.d = 1;
    out.links.push(stored);
  });
  return out;
}

function userIndex(users: string[], accountId: string): number {
  const known = users.indexOf(accountId);
  if (known >= 0) return known;
  users.push(accountId);
  return users.length - 1;
}

/** Longest common prefix, cut back to the last '/' so it stays a readable URL base. */
function commonPrefix(urls: string[]): string {
  const first = urls[0];
  if (first === undefined) return '';
  let shared = first.length;
  for (const url of urls) {
    let index = 0;
    while (index < shared && index < url.length && url[index] === first[index]) index++;
    shared = index;
  }
  const cut = first.lastIndexOf('/', shared - 1);
  return cut >= 'https://'.length ? first.slice(0, cut + 1) : '';
}

function decodeKeyFields(stored: unknown): FieldValues {
  const out: FieldValues = {};
  if (!isRecord(stored)) return out;
  for (const [id, value] of Object.entries(stored)) {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)))
      out[id] = value;
    else if (Array.isArray(value))
      out[id] = value.filter((x): x is string => typeof x === 'string');
  }
  return out;
}

/**
 * Reads a stored record. A missing property is an empty record. Entries that can not be read
 * make the whole record unreadable (LinkRecordFormatError): dropping them on the next write would
 * lose links silently.
 */
export function decodeRecord(value: unknown): LinkRecord {
  if (value === undefined || value === null) return { links: [] };
  if (!isRecord(value) || value.v !== 1 || !Array.isArray(value.links)) {
    throw new LinkRecordFormatError(
      'the Atlas CRM link record of this issue has an unknown format',
    );
  }
  const base = typeof value.ub === 'string' ? value.ub : '';
  const users = Array.isArray(value.us) ? value.us : [];
  const links: LinkedEntity[] = value.links.map((raw: unknown, index) => {
    if (
      !isRecord(raw) ||
      typeof raw.i !== 'string' ||
      typeof raw.t !== 'string' ||
      !(ENTITY_TYPES as readonly string[]).includes(raw.t) ||
      typeof raw.n !== 'string'
    ) {
      throw new LinkRecordFormatError(`link ${index} of the Atlas CRM link record can not be read`);
    }
    const link: LinkedEntity = {
      id: raw.i,
      type: raw.t as EntityType,
      name: raw.n,
      keyFields: decodeKeyFields(raw.k),
      linkedBy:
        typeof raw.b === 'number' && typeof users[raw.b] === 'string'
          ? (users[raw.b] as string)
          : '',
      linkedAt: iso(typeof raw.a === 'number' ? raw.a : 0),
      refreshedAt: iso(typeof raw.r === 'number' ? raw.r : 0),
      status: raw.d === 1 ? 'deleted' : 'ok',
    };
    const appUrl = typeof raw.u === 'string' ? `${base}${raw.u}` : undefined;
    if (isHttpsUrl(appUrl)) link.appUrl = appUrl;
    return link;
  });
  const out: LinkRecord = { links };
  if (typeof value.refreshedAt === 'number') out.refreshedAt = iso(value.refreshedAt);
  return out;
}

export function recordBytes(record: LinkRecord): number {
  return Buffer.byteLength(JSON.stringify(encodeRecord(record)), 'utf8');
}

const EMPTY_BYTES = recordBytes({ links: [], refreshedAt: new Date(0).toISOString() });

export function fitsForAdd(record: LinkRecord): boolean {
  return recordBytes(record) <= LINK_BYTES_BUDGET;
}

export function fitsAtAll(record: LinkRecord): boolean {
  return recordBytes(record) <= PROPERTY_BYTES_LIMIT;
}

export function linkCapacity(record: LinkRecord): LinkCapacity {
  const count = record.links.length;
  const bytesUsed = recordBytes(record);
  const perLink = count > 0 ? Math.max(1, (bytesUsed - EMPTY_BYTES) / count) : TYPICAL_LINK_BYTES;
  const remaining = Math.max(0, Math.floor((LINK_BYTES_BUDGET - bytesUsed) / perLink));
  return {
    count,
    remaining,
    bytesUsed,
    bytesLimit: PROPERTY_BYTES_LIMIT,
    nearLimit:
      remaining < NEAR_LIMIT_REMAINING || bytesUsed > PROPERTY_BYTES_LIMIT * NEAR_LIMIT_RATIO,
  };
}

export function limitReachedMessage(count: number): string {
  return `This issue already holds ${count} Atlas CRM links, the most Jira can store on one issue. Unlink one first.`;
}
