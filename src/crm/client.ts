// The Atlas CRM API client: one method per endpoint of the spec. Transport, auth and query
// building live in their own modules; this file adds paths, bodies and response shape checks.

import {
  MemoryTokenCache,
  TokenProvider,
  type CachedToken,
  type CredentialsSource,
  type CrmCredentials,
  type TokenCache,
} from './auth';
import { mapWithLimit } from './concurrency';
import { CrmBadResponseError, CrmNotFoundError, CrmTokenRejectedError } from './errors';
import {
  DEFAULT_MAX_RESPONSE_BYTES,
  defaultSleep,
  errorFromResponse,
  isOk,
  parseJsonBody,
  pathOf,
  sendWithRetry,
  type FetchLike,
  type RequestInfo,
  type TransportConfig,
} from './http';
import {
  DEFAULT_PAGE_SIZE,
  PAGE_SIZE_PARAM,
  buildListQuery,
  clampPageSize,
  type ListQuery,
} from './query';
import {
  asComment,
  asEntity,
  asEntityLink,
  asIssueIds,
  asPage,
  asTemplate,
  badResponse,
  checkIssueIds,
} from './responses';
import type { Comment, Entity, EntityLink, EntityType, FieldValues, Page, Template } from './types';

export interface CrmClientOptions {
  baseUrl: string;
  fetch: FetchLike;
  credentials: CredentialsSource;
  tokenCache?: TokenCache;
  timeoutMs?: number;
  /** GET retries on 429 / 5xx / network errors. Writes are never retried. */
  maxRetries?: number;
  retryBaseDelayMs?: number;
  /** A longer Retry-After is surfaced as CrmRateLimitError instead of being slept on. */
  maxRetryDelayMs?: number;
  tokenRefreshMarginMs?: number;
  /** Answers larger than this are refused (CrmBadResponseError). Default 5 MB. */
  maxResponseBytes?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for backoff; injectable for deterministic tests. */
  random?: () => number;
  /**
   * Time left for the whole call (e.g. a platform's per-invocation limit). Every request timeout,
   * retry pause and token wait is bounded by it; with too little left a call fails with
   * CrmDeadlineError instead of starting. Default: no limit.
   */
  remainingMs?: () => number;
  onRequest?: (info: RequestInfo) => void;
}

export const API_PREFIX = '/api/1.0/workspace/CRM';
/**
 * Entity reads in flight at once when a list answer carries no fields (as the API reference shows
 * it): a default page of 20 is one parallel round, while a 100-item page still stays polite to
 * the CRM's rate limit (429s are retried).
 */
const WITH_FIELDS_FAN_OUT = 20;
/** Stops a server that keeps answering with a next link from looping us forever. */
const MAX_PAGES = 10_000;

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

const seg = encodeURIComponent;

/** The page size a list request asks for; the service's default when it names none. */
function sizeOf(query: ListQuery): number {
  return query.size === undefined ? DEFAULT_PAGE_SIZE : clampPageSize(query.size);
}

/** The page size a next link asks for (it carries the first request's size parameter). */
function sizeInUrl(url: string): number {
  const size = new URL(url).searchParams.get(PAGE_SIZE_PARAM);
  return size === null || size.trim() === '' ? DEFAULT_PAGE_SIZE : clampPageSize(Number(size));
}

export class CrmClient {
  private readonly baseUrl: string;
  private readonly origin: string;
  private readonly transport: TransportConfig;
  private readonly auth: TokenProvider;

  constructor(opts: CrmClientOptions) {
    // Parsing here rejects a malformed base URL at construction, not at the first call.
    const base = new URL(opts.baseUrl);
    this.origin = base.origin;
    this.baseUrl = base.toString().replace(/\/+$/, '');
    this.transport = {
      fetch: opts.fetch,
      timeoutMs: opts.timeoutMs ?? 10_000,
      maxRetries: opts.maxRetries ?? 2,
      retryBaseDelayMs: opts.retryBaseDelayMs ?? 200,
      maxRetryDelayMs: opts.maxRetryDelayMs ?? 2000,
      maxResponseBytes: opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
      now: opts.now ?? Date.now,
      sleep: opts.sleep ?? defaultSleep,
      random: opts.random ?? Math.random,
      ...(opts.remainingMs ? { remainingMs: opts.remainingMs } : {}),
      ...(opts.onRequest ? { onRequest: opts.onRequest } : {}),
    };
    this.auth = new TokenProvider({
      baseUrl: this.baseUrl,
      transport: this.transport,
      credentials: opts.credentials,
      cache: opts.tokenCache ?? new MemoryTokenCache(),
      refreshMarginMs: opts.tokenRefreshMarginMs ?? 60_000,
    });
  }

  /** With explicit credentials: tests them without touching the cache (admin save/test). */
  requestToken(credentials?: CrmCredentials): Promise<CachedToken> {
    return this.auth.requestToken(credentials);
  }

  async getTemplate(type: EntityType): Promise<Template> {
    return asTemplate(await this.call('GET', `/template/${seg(type)}`));
  }

  // ---- entities ----

  /** At most the page size asked for (default 20): extra items from the server are dropped. */
  async listEntities(query: ListQuery = {}): Promise<Page<Entity>> {
    return asPage(
      await this.call('GET', `/entities${buildListQuery(query)}`),
      asEntity,
      sizeOf(query),
    );
  }

  async listEntitiesPage(nextHref: string): Promise<Page<Entity>> {
    const url = this.resolveHref(nextHref);
    return asPage(await this.callUrl('GET', url), asEntity, sizeInUrl(url));
  }

  iterateEntities(query: ListQuery = {}): AsyncIterable<Entity> {
    return this.iterate(
      () => this.listEntities(query),
      (href) => this.listEntitiesPage(href),
    );
  }

  async createEntity(input: { type: EntityType; fields: FieldValues }): Promise<Entity> {
    return asEntity(
      await this.call('POST', '/entities', { type: input.type, fields: input.fields }),
    );
  }

  async getEntity(id: string): Promise<Entity> {
    return asEntity(await this.call('GET', `/entities/${seg(id)}`));
  }

  async updateEntity(id: string, fields: FieldValues): Promise<Entity> {
    return asEntity(await this.call('PUT', `/entities/${seg(id)}`, { fields }));
  }

  async deleteEntity(id: string): Promise<Entity> {
    return asEntity(await this.call('DELETE', `/entities/${seg(id)}`));
  }

  // ---- links between entities ----

  async listLinks(entityId: string, query: ListQuery = {}): Promise<Page<EntityLink>> {
    return asPage(
      await this.call('GET', `/entities/${seg(entityId)}/links${buildListQuery(query)}`),
      asEntityLink,
      sizeOf(query),
    );
  }

  async listLinksPage(nextHref: string): Promise<Page<EntityLink>> {
    const url = this.resolveHref(nextHref);
    return asPage(await this.callUrl('GET', url), asEntityLink, sizeInUrl(url));
  }

  iterateLinks(entityId: string, query: ListQuery = {}): AsyncIterable<EntityLink> {
    return this.iterate(
      () => this.listLinks(entityId, query),
      (href) => this.listLinksPage(href),
    );
  }

  async addLink(entityId: string, otherEntityId: string, roles?: string[]): Promise<EntityLink> {
    const body: Record<string, unknown> = { 'entity-id': otherEntityId };
    if (roles !== undefined) body.roles = roles;
    return asEntityLink(await this.call('POST', `/entities/${seg(entityId)}/links`, body));
  }

  async getLink(entityId: string, otherEntityId: string): Promise<EntityLink> {
    return asEntityLink(
      await this.call('GET', `/entities/${seg(entityId)}/links/${seg(otherEntityId)}`),
    );
  }

  async updateLinkRoles(
    entityId: string,
    otherEntityId: string,
    roles: string[],
  ): Promise<EntityLink> {
    return asEntityLink(
      await this.call('PUT', `/entities/${seg(entityId)}/links/${seg(otherEntityId)}`, { roles }),
    );
  }

  async deleteLink(entityId: string, otherEntityId: string): Promise<EntityLink> {
    return asEntityLink(
      await this.call('DELETE', `/entities/${seg(entityId)}/links/${seg(otherEntityId)}`),
    );
  }

  // ---- Jira issues and comments ----

  async linkIssues(entityId: string, issueIds: string[]): Promise<string[]> {
    checkIssueIds(issueIds);
    return asIssueIds(
      await this.call('POST', `/entities/${seg(entityId)}/issues`, { 'issue-ids': issueIds }),
    );
  }

  async unlinkIssues(entityId: string, issueIds: string[]): Promise<string[]> {
    checkIssueIds(issueIds);
    return asIssueIds(
      await this.call('DELETE', `/entities/${seg(entityId)}/issues`, { 'issue-ids': issueIds }),
    );
  }

  async createComment(
    entityId: string,
    input: { comment: string; accountId: string },
  ): Promise<Comment> {
    return asComment(
      await this.call('POST', `/entities/${seg(entityId)}/comments`, {
        format: 'plain-text',
        comment: input.comment,
        'account-id': input.accountId,
      }),
    );
  }

  /**
   * List answers of the real service may omit `fields`; those entities are fetched by id, up to
   * WITH_FIELDS_FAN_OUT at a time. Order is kept; an entity deleted in the meantime (404) is dropped.
   */
  async withFields(entities: Entity[]): Promise<Entity[]> {
    const missing = entities.filter((entity) => entity.fields === undefined);
    const fetched = await mapWithLimit(missing, WITH_FIELDS_FAN_OUT, async (entity) => {
      try {
        return await this.getEntity(entity.id);
      } catch (err) {
        if (err instanceof CrmNotFoundError) return undefined;
        throw err;
      }
    });
    let nextFetched = 0;
    return entities
      .map((entity) => (entity.fields === undefined ? fetched[nextFetched++] : entity))
      .filter((entity): entity is Entity => entity !== undefined);
  }

  // ---- plumbing ----

  /**
   * Resolves a `_links.next` href (absolute, root-relative or relative) against the base URL and
   * refuses other origins, so the bearer token is never sent to another host.
   */
  resolveHref(href: string): string {
    let url: URL;
    try {
      url = new URL(href, `${this.baseUrl}/`);
    } catch {
      throw badResponse(`next link '${href.slice(0, 200)}' is not a URL`);
    }
    if (url.origin !== this.origin) {
      throw new CrmBadResponseError(`Refusing to follow a link to another host (${url.origin})`);
    }
    return url.toString();
  }

  private async *iterate<T>(
    first: () => Promise<Page<T>>,
    page: (href: string) => Promise<Page<T>>,
  ): AsyncGenerator<T> {
    let current = await first();
    const seen = new Set<string>();
    for (let pages = 0; ; pages++) {
      yield* current.items;
      const href = current._links.next?.href;
      if (href === undefined || href === '') return;
      const resolved = this.resolveHref(href);
      if (seen.has(resolved) || pages >= MAX_PAGES)
        throw badResponse('paging does not end (next link repeats)');
      seen.add(resolved);
      current = await page(resolved);
    }
  }

  private call(method: Method, pathAndQuery: string, body?: unknown): Promise<unknown> {
    return this.callUrl(method, `${this.baseUrl}${API_PREFIX}${pathAndQuery}`, body);
  }

  /** One API call: bearer token, JSON headers, GET retries, and on 401 one retry with a new token. */
  private async callUrl(method: Method, url: string, body?: unknown): Promise<unknown> {
    const path = pathOf(url);
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const send = (token: string) =>
      sendWithRetry(
        this.transport,
        {
          method,
          url,
          headers: {
            // The service errors without this header, even on GET and DELETE.
            'Content-Type': 'application/json',
            Accept: 'application/json',
            Authorization: `Bearer ${token}`,
          },
          ...(payload !== undefined ? { body: payload } : {}),
        },
        method === 'GET',
      );
    let token = await this.auth.getToken();
    let res = await send(token);
    if (res.status === 401) {
      // A 401 means the call was not executed, so a retry is safe for writes too.
      await this.auth.invalidate(token);
      token = await this.auth.getToken();
      res = await send(token);
      if (res.status === 401) {
        // Marked apart from a rejected client id/secret: the token endpoint just worked.
        const { message } = errorFromResponse(res, method, path, this.transport.now());
        throw new CrmTokenRejectedError(message);
      }
    }
    if (!isOk(res.status)) throw errorFromResponse(res, method, path, this.transport.now());
    return parseJsonBody(res, method, path);
  }
}
