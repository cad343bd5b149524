// Wire shapes of answers: entities with their _links, link items and page envelopes.
import type { Entity, EntityLink, EntityLinks, Page } from '../../src/crm/types';
import type { StoredEntity } from './store';

export const API_PREFIX = '/api/1.0';

/**
 * How list answers carry entities: 'omit' as the API reference documents them (id, type and
 * _links only), 'include' with their fields as well.
 */
export type ListFields = 'omit' | 'include';
export const LIST_FIELDS: readonly ListFields[] = ['omit', 'include'];

export function isListFields(v: unknown): v is ListFields {
  return v === 'omit' || v === 'include';
}
/** The public origin of the service the simulator stands in for (its API and its app). */
export const ATLAS_CRM_ORIGIN = 'https://atlascrm.avisi-apps.com';
export const APP_HOST = ATLAS_CRM_ORIGIN;

export class Renderer {
  /**
   * baseUrl has no trailing slash; relativeNext makes page links path-only; appOrigin is where
   * the app links of entities point.
   */
  constructor(
    readonly baseUrl: () => string,
    private readonly relativeNext: boolean,
    public listFields: ListFields = 'include',
    readonly appOrigin: () => string = () => APP_HOST,
  ) {}

  entityUrl(id: string): string {
    return `${this.baseUrl()}${API_PREFIX}/workspace/CRM/entities/${encodeURIComponent(id)}`;
  }

  entity(e: StoredEntity): Entity {
    return { id: e.id, type: e.type, fields: structuredClone(e.fields), _links: this.links(e) };
  }

  /** An item of GET /entities; without fields under 'omit'. */
  listedEntity(e: StoredEntity): Entity {
    if (this.listFields === 'include') return this.entity(e);
    return { id: e.id, type: e.type, _links: this.links(e) };
  }

  private links(e: StoredEntity): EntityLinks {
    return {
      self: { href: this.entityUrl(e.id) },
      app: { href: `${this.appOrigin()}/app/CRM/${e.type}/${encodeURIComponent(e.id)}` },
    };
  }

  link(from: string, other: StoredEntity, roles: string[]): EntityLink {
    return this.linkWith(from, this.entity(other), roles);
  }

  /** An item of GET /entities/{id}/links; its entity without fields under 'omit'. */
  listedLink(from: string, other: StoredEntity, roles: string[]): EntityLink {
    return this.linkWith(from, this.listedEntity(other), roles);
  }

  private linkWith(from: string, entity: Entity, roles: string[]): EntityLink {
    return {
      roles: [...roles],
      entity,
      _links: { self: { href: `${this.entityUrl(from)}/links/${encodeURIComponent(entity.id)}` } },
    };
  }

  /** self = the query as asked; next = the same query with page + 1 (absent on the last page). */
  page<T>(
    path: string,
    query: URLSearchParams,
    items: T[],
    total: number,
    pageNo: number,
    hasNext: boolean,
  ): Page<T> {
    const href = (p: number | undefined, relative: boolean): string => {
      const q = new URLSearchParams(query);
      if (p === undefined) q.delete('page');
      else q.set('page', String(p));
      const qs = q.toString();
      return `${relative ? '' : this.baseUrl()}${path}${qs ? `?${qs}` : ''}`;
    };
    return {
      items,
      total,
      _links: {
        self: { href: href(query.has('page') ? pageNo : undefined, this.relativeNext) },
        ...(hasNext ? { next: { href: href(pageNo + 1, this.relativeNext) } } : {}),
      },
    };
  }
}
