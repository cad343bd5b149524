// The API's route table and handlers; transport concerns (auth, bodies, faults) live in server.ts.
import { randomUUID } from 'node:crypto';
import type { Comment } from '../../src/crm/types';
import { badRequest, notFound } from './errors';
import { parseListParams, queryEntities, queryList } from './query';
import type { Renderer } from './render';
import type { Store, StoredEntity } from './store';
import { isEntityType, ENTITY_TYPES, templateOf } from './templates';
import { applyUpdate, isPlainObject, validateCreate } from './validation';

export interface ApiRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  /** Path as asked, for page links. */
  path: string;
  body: unknown;
}

export interface Reply {
  status: number;
  body: unknown;
}

export type BodyKind = 'none' | 'json' | 'form';

export interface Route {
  method: string;
  /** Segments after /api/1.0; ':name' captures. */
  segments: string[];
  /** Stable name for stats, e.g. "GET /entities/:id". */
  name: string;
  body: BodyKind;
  handler: (req: ApiRequest) => Reply;
}

const ok = (body: unknown): Reply => ({ status: 200, body });
const created = (body: unknown): Reply => ({ status: 201, body });

function param(req: ApiRequest, name: string): string {
  return req.params[name] ?? '';
}

function requireEntity(store: Store, id: string): StoredEntity {
  const e = store.get(id);
  if (!e) throw notFound(`Entity ${id} not found`);
  return e;
}

function requireBodyObject(body: unknown): Record<string, unknown> {
  if (!isPlainObject(body)) throw badRequest('Request body must be a JSON object');
  return body;
}

function checkRoles(v: unknown): string[] {
  if (!Array.isArray(v) || !v.every((r) => typeof r === 'string'))
    throw badRequest('"roles" must be an array of strings');
  return [...new Set(v as string[])];
}

function checkIssueIds(body: unknown): string[] {
  const ids = requireBodyObject(body)['issue-ids'];
  if (
    !Array.isArray(ids) ||
    ids.length === 0 ||
    !ids.every((i) => typeof i === 'string' && i.trim() !== '')
  )
    throw badRequest('"issue-ids" must be a non-empty array of non-empty strings');
  return ids as string[];
}

function checkComment(body: unknown): Omit<Comment, 'id'> {
  const b = requireBodyObject(body);
  if (b.format !== 'plain-text')
    throw badRequest(`"format" must be "plain-text", got ${JSON.stringify(b.format ?? null)}`);
  if (typeof b.comment !== 'string' || b.comment.trim() === '')
    throw badRequest('"comment" must be a non-empty string');
  if (typeof b['account-id'] !== 'string' || b['account-id'].trim() === '')
    throw badRequest('"account-id" is required: the Atlassian account-id of the author');
  return { comment: b.comment, 'account-id': b['account-id'] };
}

export function buildRoutes(store: Store, render: Renderer): Route[] {
  const routes: Route[] = [];
  const add = (
    method: string,
    path: string,
    name: string,
    body: BodyKind,
    handler: Route['handler'],
  ) =>
    routes.push({
      method,
      segments: path.split('/').filter(Boolean),
      name: `${method} ${name}`,
      body,
      handler,
    });
  const E = 'workspace/CRM/entities';

  add('GET', 'workspace/CRM/template/:type', '/template/:type', 'none', (req) => {
    const type = param(req, 'type');
    if (!isEntityType(type))
      throw notFound(
        `No template for entity type "${type}"; entity-type is one of ${ENTITY_TYPES.join(', ')}`,
      );
    return ok(templateOf(type));
  });

  add('GET', E, '/entities', 'none', (req) => {
    const p = parseListParams(req.query);
    const r = queryEntities(store, p);
    const items = r.ids.map((id) => render.listedEntity(requireEntity(store, id)));
    return ok(render.page(req.path, req.query, items, r.total, p.page, r.hasNext));
  });

  add('POST', E, '/entities', 'json', (req) => {
    const { type, fields } = validateCreate(req.body);
    const e: StoredEntity = { id: randomUUID(), type, fields };
    store.insert(e);
    return created(render.entity(e));
  });

  add('GET', `${E}/:id`, '/entities/:id', 'none', (req) =>
    ok(render.entity(requireEntity(store, param(req, 'id')))),
  );

  add('PUT', `${E}/:id`, '/entities/:id', 'json', (req) => {
    const e = requireEntity(store, param(req, 'id'));
    const fields = applyUpdate(e.type, e.fields, req.body);
    return ok(render.entity(store.replaceFields(e.id, fields) ?? e));
  });

  add('DELETE', `${E}/:id`, '/entities/:id', 'none', (req) => {
    const e = requireEntity(store, param(req, 'id'));
    const answer = render.entity(e);
    store.remove(e.id);
    return ok(answer);
  });

  add('GET', `${E}/:id/links`, '/entities/:id/links', 'none', (req) => {
    const e = requireEntity(store, param(req, 'id'));
    const p = parseListParams(req.query);
    const linked = store.links.get(e.id) ?? new Map<string, string[]>();
    const others = [...linked.keys()]
      .map((id) => store.get(id))
      .filter((x): x is StoredEntity => x !== undefined);
    const r = queryList(others, p);
    const items = r.ids.map((id) =>
      render.listedLink(e.id, requireEntity(store, id), linked.get(id) ?? []),
    );
    return ok(render.page(req.path, req.query, items, r.total, p.page, r.hasNext));
  });

  add('POST', `${E}/:id/links`, '/entities/:id/links', 'json', (req) => {
    const e = requireEntity(store, param(req, 'id'));
    const b = requireBodyObject(req.body);
    const otherId = b['entity-id'];
    if (typeof otherId !== 'string' || otherId.trim() === '')
      throw badRequest('"entity-id" is required: the id of the entity to link to');
    if (otherId === e.id) throw badRequest('An entity can not be linked to itself');
    const other = requireEntity(store, otherId);
    const roles = b.roles === undefined ? undefined : checkRoles(b.roles);
    const existing = store.getLink(e.id, other.id);
    // Linking an existing pair is not an error: it answers the link, with roles replaced if given.
    store.setLink(e.id, other.id, roles ?? existing ?? []);
    const link = render.link(e.id, other, store.getLink(e.id, other.id) ?? []);
    return existing ? ok(link) : created(link);
  });

  const requireLink = (
    req: ApiRequest,
  ): { e: StoredEntity; other: StoredEntity; roles: string[] } => {
    const e = requireEntity(store, param(req, 'id'));
    const otherId = param(req, 'otherId');
    const roles = store.getLink(e.id, otherId);
    const other = store.get(otherId);
    if (!roles || !other) throw notFound(`Entity ${e.id} is not linked to entity ${otherId}`);
    return { e, other, roles };
  };

  add('GET', `${E}/:id/links/:otherId`, '/entities/:id/links/:otherId', 'none', (req) => {
    const { e, other, roles } = requireLink(req);
    return ok(render.link(e.id, other, roles));
  });

  add('PUT', `${E}/:id/links/:otherId`, '/entities/:id/links/:otherId', 'json', (req) => {
    const { e, other } = requireLink(req);
    const b = requireBodyObject(req.body);
    if (b.roles === undefined) throw badRequest('"roles" is required: an array of strings');
    const roles = checkRoles(b.roles);
    store.setLink(e.id, other.id, roles);
    return ok(render.link(e.id, other, roles));
  });

  add('DELETE', `${E}/:id/links/:otherId`, '/entities/:id/links/:otherId', 'none', (req) => {
    const { e, other, roles } = requireLink(req);
    store.removeLink(e.id, other.id);
    return ok(render.link(e.id, other, roles));
  });

  add('POST', `${E}/:id/issues`, '/entities/:id/issues', 'json', (req) => {
    const e = requireEntity(store, param(req, 'id'));
    return ok({ 'issue-ids': store.linkIssues(e.id, checkIssueIds(req.body)) });
  });

  add('DELETE', `${E}/:id/issues`, '/entities/:id/issues', 'json', (req) => {
    const e = requireEntity(store, param(req, 'id'));
    return ok({ 'issue-ids': store.unlinkIssues(e.id, checkIssueIds(req.body)) });
  });

  add('POST', `${E}/:id/comments`, '/entities/:id/comments', 'json', (req) => {
    const e = requireEntity(store, param(req, 'id'));
    const c: Comment = { id: randomUUID(), ...checkComment(req.body) };
    store.addComment(e.id, c);
    return created(c);
  });

  return routes;
}

export type Match =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'none' };

/** Matches a path below /api/1.0 (already split into decoded segments). */
export function matchRoute(routes: Route[], method: string, segments: string[]): Match {
  const allow: string[] = [];
  for (const route of routes) {
    if (route.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const fits = route.segments.every((s, i) => {
      const actual = segments[i] ?? '';
      if (s.startsWith(':')) {
        params[s.slice(1)] = actual;
        return actual !== '';
      }
      return s === actual;
    });
    if (!fits) continue;
    if (route.method === method) return { kind: 'route', route, params };
    allow.push(route.method);
  }
  return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'none' };
}
