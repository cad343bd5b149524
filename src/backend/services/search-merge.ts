// One page of a search that asked several lists side by side (search-plan.ts): their records in
// the plan's order without repeats, those an ask compares afterwards checked, and what the total
// can honestly say. Pure: no I/O.
import type { Entity, Page } from '../../crm';
import { isEntityId } from '../../shared/ids';
import type { FieldAsk } from './search-plan';

/** An ask, or none for a search without text (every listed record is a match). */
export type ListAsk = FieldAsk | undefined;

export interface Candidates {
  /** Each listed record once, in the plan's order: what to read when lists carry no fields. */
  items: Entity[];
  /** Whether a record, with its fields, matches one of the asks that listed it. */
  matches: (entity: Entity) => boolean;
  /** Listed records in all (repeats included). */
  listed: number;
}

export function candidatesOf(
  asks: readonly ListAsk[],
  pages: readonly (Page<Entity> | undefined)[],
): Candidates {
  const items = new Map<string, Entity>();
  const listedBy = new Map<string, ListAsk[]>();
  let listed = 0;
  pages.forEach((page, index) => {
    for (const item of page?.items ?? []) {
      listed++;
      // An id the app would refuse from the browser is not sent back to Atlas CRM either (`..`
      // would reach another endpoint with the admin token); such a record can not be opened.
      if (!isEntityId(item.id)) continue;
      if (!items.has(item.id)) items.set(item.id, item);
      listedBy.set(item.id, [...(listedBy.get(item.id) ?? []), asks[index]]);
    }
  });
  const matches = (entity: Entity) =>
    (listedBy.get(entity.id) ?? []).some(
      (ask) => !ask?.keep || ask.keep(entity.fields?.[ask.fieldId]),
    );
  return { items: [...items.values()], matches, listed };
}

export interface PageTotal {
  total: number;
  estimate: boolean;
}

/**
 * One list taken as listed keeps the CRM's total. Otherwise a first page that holds every list
 * whole counts what it shows; anything else is an estimate: the lists' totals less the repeats
 * and near misses this page saw.
 */
export function pageTotal(
  asks: readonly ListAsk[],
  pages: readonly (Page<Entity> | undefined)[],
  listed: number,
  shown: number,
  firstPage: boolean,
): PageTotal {
  const [only] = pages;
  if (asks.length === 1 && !asks[0]?.keep) return { total: only?.total ?? shown, estimate: false };
  const more = pages.some((page) => page?._links.next?.href !== undefined);
  if (firstPage && !more) return { total: shown, estimate: false };
  const totals = pages.reduce((sum, page) => sum + (page?.total ?? 0), 0);
  return { total: Math.max(shown, totals - (listed - shown)), estimate: true };
}
