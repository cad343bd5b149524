// /__sim/ control endpoints: test hooks over HTTP (no auth, never faulted, not counted in stats).
import type { SimulatorControl } from './api-types';
import { HttpError, notFound } from './errors';
import { checkFaults, type FaultInjector } from './faults';
import { isListFields } from './render';
import type { Store } from './store';
import { isPlainObject } from './validation';

export interface ControlReply {
  status: number;
  body: unknown;
}

export function handleControl(
  control: SimulatorControl,
  faults: FaultInjector,
  store: Store,
  method: string,
  segments: string[],
  body: unknown,
): ControlReply {
  const path = segments.join('/');
  const ok = (b: unknown): ControlReply => ({ status: 200, body: b });
  const [a, id, c] = segments;
  if (path === 'stats' && method === 'GET') return ok(control.stats());
  if (path === 'stats/reset' && method === 'POST') {
    control.resetStats();
    return ok(control.stats());
  }
  if (path === 'faults') {
    if (method === 'GET') return ok(faults.current);
    if (method === 'POST') {
      try {
        control.setFaults(checkFaults(body ?? {}));
      } catch (e) {
        throw new HttpError(400, e instanceof Error ? e.message : String(e));
      }
      return ok(faults.current);
    }
    if (method === 'DELETE') {
      control.clearFaults();
      return ok(faults.current);
    }
  }
  if (path === 'list-fields') {
    if (method === 'POST') {
      const shape = isPlainObject(body) ? body.listFields : undefined;
      if (!isListFields(shape))
        throw new HttpError(400, 'Send {"listFields": "omit"} or {"listFields": "include"}');
      control.setListFields(shape);
    }
    if (method === 'POST' || method === 'GET') return ok({ listFields: control.listFields() });
  }
  if (path === 'tokens/expire' && method === 'POST') {
    control.expireAllTokens();
    return ok({ expired: true });
  }
  if (segments.length === 3 && a === 'entities' && id !== undefined && method === 'GET') {
    if (c === 'issues') return ok({ 'issue-ids': control.issueIdsOf(id) });
    if (c === 'comments') return ok({ comments: store.comments.get(id) ?? [] });
  }
  if (
    segments.length === 3 &&
    a === 'issues' &&
    id !== undefined &&
    c === 'entities' &&
    method === 'GET'
  )
    return ok({ 'entity-ids': control.entitiesLinkedToIssue(id) });
  throw notFound(`No simulator control endpoint ${method} /__sim/${path}`);
}
