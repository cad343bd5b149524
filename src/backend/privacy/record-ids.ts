// The account ids in an issue's link record and the edit that erases closed ones. Pure.
import { allFields, type EntityType, type FieldValue } from '../../crm';
import { FORMER_USER } from '../../shared/privacy';
import type { LinkRecord } from '../storage/link-record-format';
import type { Templates } from '../storage/template-cache';
import { addStored, type StoredIds } from './account-ids';

/** Per entity type, the ids of its people fields (their values are account ids). */
export type UserFields = Record<EntityType, ReadonlySet<string>>;

export const NO_USER_FIELDS: UserFields = {
  company: new Set(),
  contact: new Set(),
  sale: new Set(),
};

export function userFieldsOf(templates: Templates): UserFields {
  const of = (type: EntityType) =>
    new Set(
      allFields(templates[type])
        .filter((field) => field.type === 'user')
        .map((field) => field.id),
    );
  return { company: of('company'), contact: of('contact'), sale: of('sale') };
}

function ms(iso: string): number {
  return Date.parse(iso);
}

/**
 * Who linked each record (`linkedBy`, stored when linked) and the people fields among the key
 * fields cached from Atlas CRM (stored when last read).
 */
export function idsOfRecord(record: LinkRecord, userFields: UserFields): StoredIds {
  const ids: StoredIds = new Map();
  for (const link of record.links) {
    addStored(ids, link.linkedBy, ms(link.linkedAt));
    for (const fieldId of userFields[link.type]) {
      addStored(ids, link.keyFields[fieldId], ms(link.refreshedAt));
    }
  }
  return ids;
}

function erased(value: FieldValue | undefined, closed: ReadonlySet<string>): boolean {
  return typeof value === 'string' && closed.has(value);
}

/**
 * The record with every closed account replaced by FORMER_USER, wherever it stands as a whole
 * value: who linked, and a cached key field. Everything else is left as it is.
 */
export function eraseFromRecord(record: LinkRecord, closed: ReadonlySet<string>): LinkRecord {
  return {
    ...record,
    links: record.links.map((link) => {
      const keyFields = Object.fromEntries(
        Object.entries(link.keyFields).map(([id, value]) => [
          id,
          erased(value, closed) ? FORMER_USER : value,
        ]),
      );
      return {
        ...link,
        linkedBy: closed.has(link.linkedBy) ? FORMER_USER : link.linkedBy,
        keyFields,
      };
    }),
  };
}
