// Wire shapes of answers: entities with their _links, link items and page envelopes.
import type { Entity, EntityLink, Page } from '../../src/crm/types';
import type { StoredEntity } from './store';

export const API_PREFIX = '/api/1.0';
export const APP_HOST = 'https://atlascrm.avisi-apps.com';

export class Renderer {
  /** baseUrl has no trailing slash; relativeNext makes page links path-only. */
  constructor(
    readonly baseUrl: () => string,
    private readonly relativeNext: boolean,
  ) {}

  entityUrl(id: string): string {
    return `${this.baseUrl()}${API_PREFIX}/workspace/CRM/entities/${encodeURIComponent(id)}`;
  }

  entity(e: StoredEntity): Entity {
    return {
      id: e.id,
      type: e.type,
      fields: structuredClone(e.fields),
      _links: {
        self: { href: this.entityUrl(e.id) },
        app: { href: `${APP_HOST}/app/CRM/${e.type}/${encodeURIComponent(e.id)}` },
      },
    };
  }

  link(from: string, other: StoredEntity, roles: string[]): EntityLink {
    return {
      roles: [...roles],
      entity: this.entity(other),
      _links: { self: { href: `${this.entityUrl(from)}/links/${encodeURIComponent(other.id)}` } },
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
