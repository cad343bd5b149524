// The link record's two stored forms, their size and capacity math. Pure: no I/O, so it is unit
// tested directly.
//
// 1. The record (in the issue's `issue-links` entity, storage/link-store.ts): authoritative,
//    written only by the app.
//      { v: 1, refreshedAt?, us: account ids of the people who linked,
//        links: [{ i: id, t: type, n: name, k: keyFields, c?: a contact's company,
//                  b: index in `us`, a: linkedAt (epoch ms), r: refreshedAt (epoch ms),
//                  d?: 1 (deleted in the CRM), l?: why the app linked it by itself }],
//        au?: { a: epoch ms, o: outcome } (automatic linking ran, or a person came first) }
// 2. The JQL index (Jira issue property `atlas-crm-links`): rewritten from the record, never read
//    as the truth. Anyone who can browse the issue can read it and anyone who can edit it can
//    write it, so it holds only what manifest.yml indexes (crmCompany / crmContact / crmSale /
//    crmEntityId / crmLinkCount) plus which name is which id: no key fields, no account ids, no
//    contact's company.
//      { v: 2, count, companyNames, contactNames, saleNames, entityIds,
//        links: [{ i: id, t: type, n: name, d?: 1 }] }
// No app URL is stored in either: "Open in Atlas CRM" is built when answering (services/summaries).
import { ENTITY_TYPES } from '../../crm';
import type {
  AutoLinkInfo,
  EntitySummary,
  EntityType,
  FieldValue,
  FieldValues,
  LinkCapacity,
  LinkedEntity,
} from '../../shared/contract';
import { isRecord } from '../../shared/guards';
import { isEntityId } from '../../shared/ids';
import { redact } from '../redact';

/** Jira's limit for one entity property value. */
export const PROPERTY_BYTES_LIMIT = 32_768;
/** Forge KVS's limit for one value (240 KiB of JSON). */
export const KVS_VALUE_BYTES_LIMIT = 240 * 1024;
/** Kept free when adding links, so refreshing summaries (renames, deletions) never overflows. */
export const REFRESH_HEADROOM_BYTES = 1024;
export const LINK_BYTES_BUDGET = PROPERTY_BYTES_LIMIT - REFRESH_HEADROOM_BYTES;
const KVS_BYTES_BUDGET = KVS_VALUE_BYTES_LIMIT - 8 * REFRESH_HEADROOM_BYTES;
/** Estimate of one link's index bytes before the issue has any (measured with realistic data). */
export const TYPICAL_LINK_BYTES = 160;
export const NEAR_LIMIT_REMAINING = 10;
export const NEAR_LIMIT_RATIO = 0.85;

export const STORED_LIMITS = {
  nameMax: 120,
  keyValueMax: 80,
  keyListItems: 5,
  keyListItemMax: 40,
  keyFieldsMax: 3,
  accountIdMax: 128,
  autoReasonMax: 200,
} as const;

/**
 * What settled automatic linking for the issue: it ran (`linked` or `nothing`), stopped for good
 * (`gave-up`), or a person unlinked first (`person-first`). Once set, never again.
 */
export const AUTO_LINK_OUTCOMES = ['linked', 'nothing', 'gave-up', 'person-first'] as const;
export type AutoLinkOutcomeCode = (typeof AUTO_LINK_OUTCOMES)[number];

export interface AutoLinkRun {
  at: string;
  outcome: AutoLinkOutcomeCode;
}

/** The decoded record the services work with. Its links carry no app URL. */
export interface LinkRecord {
  links: LinkedEntity[];
  refreshedAt?: string;
  /** Absent while automatic linking may still come (see AutoLinkRun). */
  autoLink?: AutoLinkRun;
}

export class LinkRecordFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LinkRecordFormatError';
  }
}

function isEntityType(value: unknown): value is EntityType {
  return typeof value === 'string' && (ENTITY_TYPES as readonly string[]).includes(value);
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
  if (typeof value === 'string') return truncateText(redact(value), STORED_LIMITS.keyValueMax);
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  return value
    .slice(0, STORED_LIMITS.keyListItems)
    .map((v) => truncateText(redact(String(v)), STORED_LIMITS.keyListItemMax));
}

/** The summary as it is stored: long names and key values cut, no app link. */
export function compactSummary(summary: EntitySummary): EntitySummary {
  const keyFields: FieldValues = {};
  for (const [id, value] of Object.entries(summary.keyFields).slice(
    0,
    STORED_LIMITS.keyFieldsMax,
  )) {
    const compacted = compactValue(value);
    if (compacted !== undefined) keyFields[id] = compacted;
  }
  return {
    id: summary.id,
    type: summary.type,
    // Redacted before cutting, so no part of a secret Atlas CRM echoed is stored (the index is
    // readable by anyone who can browse the issue).
    name: truncateText(redact(summary.name), STORED_LIMITS.nameMax),
    keyFields,
  };
}

/** A contact's company as stored: redacted, cut like a name; anything else is not stored. */
export function compactCompany(company: unknown): string | undefined {
  if (typeof company !== 'string' || company.trim() === '') return undefined;
  return truncateText(redact(company.trim()), STORED_LIMITS.nameMax);
}

/** Why the app linked a record by itself, as stored: one cut line of plain words. */
export function compactAutoLinked(info: unknown): AutoLinkInfo | undefined {
  const reason = isRecord(info) ? info.reason : info;
  if (typeof reason !== 'string' || reason.trim() === '') return undefined;
  return { reason: truncateText(redact(reason.trim()), STORED_LIMITS.autoReasonMax) };
}

function ms(iso: string): number {
  const parsed = Date.parse(iso);
  return Number.isFinite(parsed) ? parsed : 0;
}

function iso(msValue: number): string {
  return new Date(msValue).toISOString();
}

// ---- the record (KVS) ----------------------------------------------------------------------

interface StoredLink {
  i: string;
  t: EntityType;
  n: string;
  k: FieldValues;
  c?: string;
  b: number;
  a: number;
  r: number;
  d?: 1;
  l?: string;
}

export interface LinkRecordJson {
  v: 1;
  refreshedAt?: number;
  us: string[];
  links: StoredLink[];
  au?: { a: number; o: AutoLinkOutcomeCode };
}

export function encodeRecord(record: LinkRecord): LinkRecordJson {
  const out: LinkRecordJson = { v: 1, us: [], links: [] };
  if (record.refreshedAt !== undefined) out.refreshedAt = ms(record.refreshedAt);
  for (const link of record.links) {
    const summary = compactSummary(link);
    const stored: StoredLink = {
      i: summary.id,
      t: summary.type,
      n: summary.name,
      k: summary.keyFields,
      b: userIndex(out.us, truncateText(link.linkedBy, STORED_LIMITS.accountIdMax)),
      a: ms(link.linkedAt),
      r: ms(link.refreshedAt),
    };
    const company = compactCompany(link.company);
    if (company !== undefined) stored.c = company;
    if (link.status === 'deleted') stored.d = 1;
    const auto = compactAutoLinked(link.autoLinked);
    if (auto !== undefined) stored.l = auto.reason;
    out.links.push(stored);
  }
  if (record.autoLink) out.au = { a: ms(record.autoLink.at), o: record.autoLink.outcome };
  return out;
}

/** Any `au` a version wrote means automatic linking is settled; an unknown outcome reads `nothing`. */
function decodeAutoLink(value: unknown): AutoLinkRun | undefined {
  if (!isRecord(value)) return undefined;
  const outcome = (AUTO_LINK_OUTCOMES as readonly unknown[]).includes(value.o)
    ? (value.o as AutoLinkOutcomeCode)
    : 'nothing';
  return { at: iso(typeof value.a === 'number' ? value.a : 0), outcome };
}

function userIndex(users: string[], accountId: string): number {
  const known = users.indexOf(accountId);
  if (known >= 0) return known;
  users.push(accountId);
  return users.length - 1;
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
 * Reads the stored record. A missing value is an empty record. Entries that can not be read make
 * the whole record unreadable (LinkRecordFormatError): dropping them on the next write would
 * lose links silently.
 */
export function decodeRecord(value: unknown): LinkRecord {
  if (value === undefined || value === null) return { links: [] };
  if (!isRecord(value) || value.v !== 1 || !Array.isArray(value.links)) {
    throw new LinkRecordFormatError(
      'the Atlas CRM link record of this issue has an unknown format',
    );
  }
  const users = Array.isArray(value.us) ? value.us : [];
  const links: LinkedEntity[] = value.links.map((raw: unknown, index) => {
    if (!isRecord(raw) || !isEntityId(raw.i) || !isEntityType(raw.t) || typeof raw.n !== 'string')
      throw new LinkRecordFormatError(`link ${index} of the Atlas CRM link record can not be read`);
    const company = compactCompany(raw.c);
    const autoLinked = compactAutoLinked(raw.l);
    return {
      id: raw.i,
      type: raw.t,
      name: raw.n,
      keyFields: decodeKeyFields(raw.k),
      ...(company !== undefined ? { company } : {}),
      linkedBy:
        typeof raw.b === 'number' && typeof users[raw.b] === 'string'
          ? (users[raw.b] as string)
          : '',
      linkedAt: iso(typeof raw.a === 'number' ? raw.a : 0),
      refreshedAt: iso(typeof raw.r === 'number' ? raw.r : 0),
      status: raw.d === 1 ? 'deleted' : 'ok',
      ...(autoLinked !== undefined ? { autoLinked } : {}),
    };
  });
  const out: LinkRecord = { links };
  if (typeof value.refreshedAt === 'number') out.refreshedAt = iso(value.refreshedAt);
  const autoLink = decodeAutoLink(value.au);
  if (autoLink) out.autoLink = autoLink;
  return out;
}

// ---- the JQL index (issue property) ------------------------------------------------------------

export interface LinkIndexJson {
  v: 2;
  count: number;
  companyNames: string[];
  contactNames: string[];
  saleNames: string[];
  entityIds: string[];
  links: { i: string; t: EntityType; n: string; d?: 1 }[];
}

const NAME_ARRAYS: Record<EntityType, 'companyNames' | 'contactNames' | 'saleNames'> = {
  company: 'companyNames',
  contact: 'contactNames',
  sale: 'saleNames',
};

export function encodeIndex(record: LinkRecord): LinkIndexJson {
  const out: LinkIndexJson = {
    v: 2,
    count: record.links.length,
    companyNames: [],
    contactNames: [],
    saleNames: [],
    entityIds: [],
    links: [],
  };
  for (const link of record.links) {
    const name = truncateText(link.name, STORED_LIMITS.nameMax);
    const names = out[NAME_ARRAYS[link.type]];
    if (!names.includes(name)) names.push(name);
    out.entityIds.push(link.id);
    out.links.push({
      i: link.id,
      t: link.type,
      n: name,
      ...(link.status === 'deleted' ? { d: 1 as const } : {}),
    });
  }
  return out;
}

/** JSON with object keys sorted: Jira need not keep the key order it was given. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value))
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Whether two records have the same JQL index (a rename changes it, a refresh time does not). */
export function sameIndex(a: LinkRecord, b: LinkRecord): boolean {
  return canonical(encodeIndex(a)) === canonical(encodeIndex(b));
}

/** True when the property is exactly the index of the record (nobody rewrote it, no write lost). */
export function indexMatches(property: unknown, record: LinkRecord): boolean {
  return canonical(property) === canonical(encodeIndex(record));
}

// ---- size and capacity -------------------------------------------------------------------------

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/** The index's bytes: the issue property is what limits how many links an issue holds. */
export function recordBytes(record: LinkRecord): number {
  return jsonBytes(encodeIndex(record));
}

function kvsBytes(record: LinkRecord): number {
  return jsonBytes(encodeRecord(record));
}

const EMPTY_BYTES = recordBytes({ links: [] });

export function fitsForAdd(record: LinkRecord): boolean {
  return recordBytes(record) <= LINK_BYTES_BUDGET && kvsBytes(record) <= KVS_BYTES_BUDGET;
}

export function fitsAtAll(record: LinkRecord): boolean {
  return recordBytes(record) <= PROPERTY_BYTES_LIMIT && kvsBytes(record) <= KVS_VALUE_BYTES_LIMIT;
}

/** What one more link like this one adds to the index, at most (its name may be listed already). */
function indexBytesOf(link: LinkedEntity): number {
  const name = truncateText(link.name, STORED_LIMITS.nameMax);
  return jsonBytes({ i: link.id, t: link.type, n: name, d: 1 }) + jsonBytes([link.id, name]);
}

export function linkCapacity(record: LinkRecord): LinkCapacity {
  const count = record.links.length;
  const bytesUsed = recordBytes(record);
  // The largest link so far, not the average: "about N more fit" must not promise one too many.
  const perLink =
    count > 0
      ? Math.max(1, (bytesUsed - EMPTY_BYTES) / count, ...record.links.map(indexBytesOf))
      : TYPICAL_LINK_BYTES;
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
