// The user actions the bench measures, and the least possible chain of round trips for each under
// both shapes of list answers: with fields ('include') and as documented ('omit': a list names the
// entities only, so the fields of the entities a page shows take one more, parallel, round of reads).
import type { EntityDetails, SearchResult } from '../src/shared/contract';
import { customerSpecs, prepareCustomerData, type CustomerData } from './customer-actions';
import { GATE, type ActionSpec } from './spec';
import type { BenchWorld } from './world';

export interface BenchData {
  /** Company ids, the first three linked to the bench issue. */
  ids: string[];
  /** A company with related records, for the details view. */
  detailsId: string;
  relatedShown: number;
  search: { type: 'contact'; text: string; pageSize: number };
  searchPageItems: number;
  customer: CustomerData;
}

/** Entities, links and a search with more than one page; made before latency is injected. */
export async function prepareBenchData(w: BenchWorld): Promise<BenchData> {
  const page = await w.ok<SearchResult>('entities/search', { type: 'company', pageSize: 30 });
  const ids = page.items.map((i) => i.id);
  for (const id of ids.slice(0, 3)) await w.ok('links/add', { entityId: id });
  const search = { type: 'contact' as const, text: 'an', pageSize: 10 };
  const probe = await w.ok<SearchResult>('entities/search', search);
  if (!probe.nextCursor) throw new Error('the bench search needs more than one page of results');
  // The company with the most related records: the details view then shows a full related list.
  let detailsId = '';
  let relatedShown = 0;
  for (const id of ids) {
    const details = await w.ok<EntityDetails>('entities/get', { entityId: id });
    if (details.related.length > relatedShown) {
      detailsId = id;
      relatedShown = details.related.length;
    }
  }
  if (relatedShown < 5) throw new Error('the bench needs a company with five related records');
  const customer = await prepareCustomerData(w, ids.slice(0, 3));
  return { ids, detailsId, relatedShown, search, searchPageItems: probe.items.length, customer };
}

export function actionSpecs(w: BenchWorld, d: BenchData): ActionSpec[] {
  const { ids, search } = d;
  const toLink = (i: number) => ids[3 + i] as string;
  let cursor = '';
  let created = 0;
  const pageRound = `the ${d.searchPageItems} entities of the page, read by id in one parallel round`;
  const gate = GATE;
  return [
    {
      name: 'open panel (cold)',
      least: {
        chain: ['kvs', 'kvs', 'crm', 'kvs'],
        why: 'one KVS batch (settings, cache, record) finds no templates; the cached token; the three templates (CRM) in one round, beside permission and policy groups (Jira); the template cache written',
      },
      prepare: async () => w.forget('cache:templates:v1'),
      run: () => w.call('panel/open'),
    },
    {
      name: 'open panel (warm)',
      least: {
        chain: ['kvs', 'jira'],
        why: `${gate}; templates and the link record come in the same KVS batch`,
      },
      run: () => w.call('panel/open'),
    },
    {
      name: 'refresh',
      least: {
        chain: ['kvs', 'jira', 'crm', 'kvs'],
        why: `${gate}; the linked entities (3, one parallel round of reads by id); one record write (no index write: no name changed)`,
      },
      run: () => w.call('links/refresh'),
    },
    {
      name: 'search',
      least: {
        chain: ['kvs', 'jira', 'crm'],
        why: `${gate}, before any CRM request (the token is admin-level; its cache is read in the same round); one list request`,
      },
      omit: {
        chain: ['kvs', 'jira', 'crm', 'crm'],
        why: `${gate}; one list request; ${pageRound}`,
      },
      run: () => w.call('entities/search', search),
    },
    {
      name: 'load more',
      least: { chain: ['kvs', 'jira', 'crm'], why: `${gate}, then the next page` },
      omit: {
        chain: ['kvs', 'jira', 'crm', 'crm'],
        why: `${gate}; the next page; ${pageRound}`,
      },
      prepare: async () => {
        const first = await w.ok<SearchResult>('entities/search', search);
        cursor = first.nextCursor as string;
      },
      run: () => w.call('entities/search', { ...search, cursor }),
    },
    {
      name: 'record details',
      least: {
        chain: ['kvs', 'jira', 'crm'],
        why: `${gate}; the entity, its related records (one link list, ${d.relatedShown} shown) and the comment log (KVS) beside each other`,
      },
      omit: {
        chain: ['kvs', 'jira', 'crm', 'crm'],
        why: `${gate}; the entity beside the link list and the comment log; the ${d.relatedShown} related entities shown, read by id in one parallel round`,
      },
      run: () => w.call('entities/get', { entityId: d.detailsId }),
    },
    {
      name: 'link',
      least: {
        chain: ['kvs', 'jira', 'crm', 'kvs', 'crm', 'kvs'],
        why: `${gate}; the entity (summary, size check); the record written with the link in its outbox; link in the CRM beside the index write (Jira); the outbox settled`,
      },
      run: (i) => w.call('links/add', { entityId: toLink(i) }),
    },
    {
      name: 'unlink',
      least: {
        chain: ['kvs', 'jira', 'kvs', 'crm', 'kvs'],
        why: `${gate}; the record written with the unlink in its outbox; unlink in the CRM beside the index write (Jira); the outbox settled`,
      },
      run: (i) => w.call('links/remove', { entityId: toLink(i) }),
    },
    {
      name: 'comment',
      least: {
        chain: ['kvs', 'jira', 'crm', 'kvs'],
        why: `${gate}, then one comment request; the comment kept in the log (KVS)`,
      },
      run: () => w.call('comments/add', { entityId: ids[0], comment: 'Called the customer back.' }),
    },
    // Before create: that one leaves new links on the issue until the pass ends.
    ...customerSpecs(w, d.customer),
    {
      name: 'create (and link)',
      least: {
        chain: ['kvs', 'jira', 'crm', 'crm', 'kvs', 'crm', 'kvs'],
        why: `${gate}; the duplicate check (the name as written and its accent-free parts: two list requests side by side); create; the record written with the link in its outbox; link in the CRM beside the index write; the outbox settled`,
      },
      omit: {
        chain: ['kvs', 'jira', 'crm', 'crm', 'kvs', 'crm', 'kvs'],
        why: 'as with fields: nothing matches the new name, so no matched entities are read by id',
      },
      // A new name every run (both shapes): a name made before would be answered as a duplicate.
      run: () =>
        w.call('entities/create', {
          type: 'company',
          fields: { 'company-name': `Bench Company ${++created}` },
          linkToIssue: true,
        }),
    },
  ];
}
