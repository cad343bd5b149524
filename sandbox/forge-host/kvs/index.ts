// In-memory Forge KVS and Custom Entity Store, answering the wire protocol @forge/kvs 1.6.5 speaks
// through global.__forge_fetch__({ type: 'kvs', provider: 'app', remote: 'kvs' }, path,
// { method: 'POST', body }). Request and response bodies follow
// node_modules/@forge/kvs/out/storage-api.js and its tests.
// Served: get, set, delete (values, secrets, entity items), query (values, and entity items on
// their declared indexes), batch get/set/delete and transactions. Queries answer in no promised
// order (see order.ts); setFaults refuses calls with 429 on demand.
import { isRecord } from '../../../src/shared/guards';
import type { Reply } from '../http';
import { conditionsHold, parseConditions, type Conditions } from './conditions';
import { queryEntity } from './entity-query';
import { FaultPlan, type KvsFaults } from './faults';
import { defaultQuerySeed } from './order';
import { metadataFieldsOf, queryValues } from './query';
import {
  checkEntityValue,
  entityRegistry,
  isReply,
  resolveEntity,
  type EntityDeclaration,
  type EntityRegistry,
} from './entities';
import {
  KVS_LIMITS,
  badRequest,
  checkKey,
  checkSetOptions,
  checkTtlOptions,
  checkValue,
  jsonBytes,
  keyNotFound,
  kvsError,
  type TtlUnit,
} from './rules';
import {
  EntryStore,
  entityNamespace,
  entryView,
  type KvsSnapshot,
  type KvsSnapshotV1,
  type Namespace,
} from './store';

export { KVS_LIMITS, type TtlUnit } from './rules';
export type { KvsSnapshot, KvsSnapshotV1 } from './store';
export type { KvsFaults } from './faults';
export {
  ATTRIBUTE_TYPES,
  entitiesFromManifest,
  parseEntityDeclarations,
  type AttributeType,
  type EntityDeclaration,
  type IndexDeclaration,
} from './entities';

export interface InMemoryKvsOptions {
  /** Clock in epoch ms; tests pass a fake one to expire TTLs without sleeping. */
  now?: () => number;
  /**
   * The custom entities the app declares (manifest.yml app.storage.entities, see
   * entitiesFromManifest); items of any other entity are refused, as Forge refuses them.
   */
  entities?: readonly EntityDeclaration[];
  /**
   * Seeds the order queries answer in (Forge promises none): random unless given, so that nothing
   * may depend on it. Ask for a seed to replay one order.
   */
  querySeed?: string;
}

/** `/api/v1/{op}` for values, `/api/v1/secret/{op}` for secrets, `/api/v1/entity/{op}` for items. */
const OPERATION = /^\/api\/v1\/(?:(secret|entity)\/)?(get|set|delete|query)$/;
const BATCH = /^\/api\/v1\/batch\/(get|set|delete)$/;

/** Where an operation lands: a namespace, and the entity declaration for entity items. */
interface Target {
  ns: Namespace;
  entity?: EntityDeclaration;
}

type SetOptions = {
  ttl?: { value: number; unit: TtlUnit };
  keyPolicy?: string;
  returnValue?: string;
};

/** A validated transaction operation, applied only once every operation has passed. */
interface PlannedOperation {
  kind: 'set' | 'delete' | 'check';
  key: string;
  target: Target;
  value?: unknown;
  ttl?: { value: number; unit: TtlUnit };
  conditions?: Conditions;
}

export class InMemoryKvs {
  private readonly store: EntryStore;
  private readonly entities: EntityRegistry;
  private calls: Record<string, number> = {};
  private faults = new FaultPlan();
  private orderSeed: string;

  constructor(options: InMemoryKvsOptions = {}) {
    this.store = new EntryStore(options.now ?? Date.now);
    this.entities = entityRegistry(options.entities ?? []);
    this.orderSeed = options.querySeed ?? defaultQuerySeed();
  }

  /** The seed of this store's query order. */
  get querySeed(): string {
    return this.orderSeed;
  }

  /** Reorders every later query answer (cursors issued before no longer fit). */
  setQuerySeed(seed: string): void {
    this.orderSeed = seed;
  }

  /** Refuses calls with 429 RATE_LIMIT_EXCEEDED as planned; `{}` switches faults off. */
  setFaults(faults: KvsFaults): void {
    this.faults = new FaultPlan(faults);
  }

  // ---- wire protocol -------------------------------------------------------------------------

  /** Answers one KVS API call (path such as `/api/v1/get`, body already parsed from JSON). */
  handle(path: string, body: unknown): Reply {
    // One call per request: a batch or a transaction counts once, as Forge rates it.
    this.calls[path] = (this.calls[path] ?? 0) + 1;
    // A refused call still made its round trip: it is counted above.
    const refused = this.faults.refuse(path);
    if (refused) return refused;
    if (path === '/api/v1/transaction') return this.wireTransaction(body);
    const batch = BATCH.exec(path);
    if (batch) return this.wireBatch(batch[1] as 'get' | 'set' | 'delete', body);
    const operation = OPERATION.exec(path);
    const op = operation?.[2];
    if (!operation || !op) return kvsError(404, 'NOT_FOUND', `Unknown KVS operation ${path}`);
    if (op === 'query') {
      // Secrets are never listed.
      if (operation[1] === 'secret')
        return kvsError(404, 'NOT_FOUND', `Unknown KVS operation ${path}`);
      if (operation[1] !== 'entity')
        return queryValues(this.store.liveEntries('values'), this.orderSeed, body);
    }
    if (!isRecord(body)) return badRequest();
    let target: Target | Reply;
    if (operation[1] === 'entity') {
      target = this.entityTarget(body.entityName);
      if ('status' in target) return target;
    } else {
      target = { ns: operation[1] === 'secret' ? 'secrets' : 'values' };
    }
    switch (op) {
      case 'query': {
        const { ns, entity } = target;
        if (!entity) return badRequest();
        return queryEntity(entity, this.store.liveEntries(ns), this.orderSeed, body);
      }
      case 'get':
        return this.wireGet(target, body);
      case 'set':
        return this.wireSet(target, body);
      default:
        return this.wireDelete(target, body);
    }
  }

  private entityTarget(entityName: unknown): Target | Reply {
    const entity = resolveEntity(this.entities, entityName);
    return isReply(entity) ? entity : { ns: entityNamespace(entity.name), entity };
  }

  /** A batch or transaction item: a plain value, or an entity item when entityName is given. */
  private itemTarget(entityName: unknown): Target | Reply {
    return entityName === undefined ? { ns: 'values' } : this.entityTarget(entityName);
  }

  private wireGet(target: Target, body: Record<string, unknown>): Reply {
    const bad = checkKey(body.key);
    if (bad) return bad;
    const key = body.key as string;
    const entry = this.store.live(target.ns, key);
    if (!entry) return keyNotFound();
    // The real API answers with the value and its metadata; the client picks the fields asked for.
    return { status: 200, body: this.view(target, key, entryView(key, entry, 'all')) };
  }

  private wireSet(target: Target, body: Record<string, unknown>): Reply {
    const bad =
      checkKey(body.key) ??
      checkValue(body.value) ??
      (target.entity ? checkEntityValue(body.value, target.entity) : undefined) ??
      checkSetOptions(body.options);
    if (bad) return bad;
    const key = body.key as string;
    const options = body.options as SetOptions | undefined;
    const previous = this.store.live(target.ns, key);
    if (options?.keyPolicy === 'FAIL_IF_EXISTS' && previous) {
      return kvsError(409, 'KEY_CONFLICT', 'Provided key already exists');
    }
    const previousView = previous ? entryView(key, previous, 'all') : undefined;
    const entry = this.store.write(target.ns, key, body.value, options?.ttl);
    if (options?.returnValue === 'LATEST')
      return { status: 200, body: this.view(target, key, entryView(key, entry, 'all')) };
    if (options?.returnValue === 'PREVIOUS' && previousView)
      return { status: 200, body: this.view(target, key, previousView) };
    return { status: 204 };
  }

  private wireDelete(target: Target, body: Record<string, unknown>): Reply {
    const bad = checkKey(body.key);
    if (bad) return bad;
    // @forge/kvs treats KEY_NOT_FOUND on delete as success.
    if (!this.store.live(target.ns, body.key as string)) return keyNotFound();
    this.store.delete(target.ns, body.key as string);
    return { status: 204 };
  }

  /** Entity answers also name the entity (EntityGetResponse in @forge/kvs). */
  private view(
    target: Target,
    key: string,
    view: Record<string, unknown>,
  ): Record<string, unknown> {
    return target.entity ? { ...view, entityName: target.entity.name } : view;
  }

  /**
   * batchGet / batchSet / batchDelete: a bare array of { key, entityName?, value?, options? }.
   * The whole batch is refused (400) when empty, over 25 items or 1 MB, malformed, or naming a
   * key twice; otherwise each item succeeds or fails on its own. Secrets are never in batches.
   */
  private wireBatch(op: 'get' | 'set' | 'delete', body: unknown): Reply {
    if (!Array.isArray(body)) return badRequest();
    if (body.length === 0) return badRequest('A batch must contain at least one key');
    if (body.length > KVS_LIMITS.batchMaxItems)
      return badRequest(`A batch can contain at most ${KVS_LIMITS.batchMaxItems} keys`);
    if (jsonBytes(body) > KVS_LIMITS.multiPayloadMaxBytes)
      return badRequest('The batch payload exceeds the maximum size');
    const seen = new Set<string>();
    for (const item of body as unknown[]) {
      if (!isRecord(item) || typeof item.key !== 'string') return badRequest();
      if (item.entityName !== undefined && typeof item.entityName !== 'string') return badRequest();
      const id = JSON.stringify([item.entityName ?? null, item.key]);
      if (seen.has(id)) return badRequest(`The batch names key ${item.key} more than once`);
      seen.add(id);
      // Invalid metadata fields fail the whole batchGet (as in @forge/kvs's own tests).
      if (op === 'get' && metadataFieldsOf(item.options) === undefined) return badRequest();
    }

    const successfulKeys: Record<string, unknown>[] = [];
    const failedKeys: Record<string, unknown>[] = [];
    for (const item of body as Record<string, unknown>[]) {
      const key = item.key as string;
      const ref: Record<string, unknown> =
        item.entityName === undefined ? { key } : { key, entityName: item.entityName };
      const fail = (reply: Reply) => failedKeys.push({ ...ref, error: reply.body });
      const target = this.itemTarget(item.entityName);
      if ('status' in target) {
        fail(target);
        continue;
      }
      const badKey = checkKey(key);
      if (badKey) {
        fail(badKey);
        continue;
      }
      const entry = this.store.live(target.ns, key);
      if (op === 'get') {
        // The client passes these through untouched: answer only the metadata asked for.
        if (entry)
          successfulKeys.push({
            ...ref,
            ...entryView(key, entry, metadataFieldsOf(item.options) ?? []),
          });
        else fail(batchKeyNotFound());
      } else if (op === 'delete') {
        if (!entry) {
          fail(batchKeyNotFound());
          continue;
        }
        this.store.delete(target.ns, key);
        successfulKeys.push(ref);
      } else {
        const bad =
          checkValue(item.value) ??
          (target.entity ? checkEntityValue(item.value, target.entity) : undefined) ??
          checkTtlOptions(item.options);
        if (bad) {
          fail(bad);
          continue;
        }
        this.store.write(target.ns, key, item.value, (item.options as SetOptions | undefined)?.ttl);
        successfulKeys.push(ref);
      }
    }
    return { status: 200, body: { successfulKeys, failedKeys } };
  }

  /**
   * A transaction: { set?, delete?, check? }, all or nothing. Every operation is checked first
   * (400 on the first that does not fit), then every condition (409 CONDITIONAL_CHECK_FAILED on
   * the first that fails), and only then is anything written.
   */
  private wireTransaction(body: unknown): Reply {
    if (!isRecord(body)) return badRequest();
    const extra = Object.keys(body).filter((k) => !['set', 'delete', 'check'].includes(k));
    if (extra.length > 0) return badRequest(`Unknown transaction fields: ${extra.join(', ')}`);
    const lists = { set: body.set ?? [], delete: body.delete ?? [], check: body.check ?? [] };
    if (!Array.isArray(lists.set) || !Array.isArray(lists.delete) || !Array.isArray(lists.check))
      return badRequest();
    const total = lists.set.length + lists.delete.length + lists.check.length;
    if (total === 0) return badRequest('A transaction needs at least one operation');
    if (total > KVS_LIMITS.transactionMaxOperations) {
      return badRequest(
        `A transaction can contain at most ${KVS_LIMITS.transactionMaxOperations} operations`,
      );
    }
    if (jsonBytes(body) > KVS_LIMITS.multiPayloadMaxBytes)
      return badRequest('The transaction payload exceeds the maximum size');

    const plan: PlannedOperation[] = [];
    const seen = new Set<string>();
    for (const kind of ['set', 'delete', 'check'] as const) {
      for (const raw of lists[kind] as unknown[]) {
        const planned = this.planOperation(kind, raw);
        if ('status' in planned) return planned;
        // Each key (per entity, or plain) at most once, whatever the operation.
        const id = JSON.stringify([planned.target.entity?.name ?? null, planned.key]);
        if (seen.has(id))
          return badRequest(`Each key can only be used once in a transaction: ${planned.key}`);
        seen.add(id);
        plan.push(planned);
      }
    }

    for (const op of plan) {
      if (!op.conditions) continue;
      const current = this.store.live(op.target.ns, op.key)?.value;
      if (!conditionsHold(op.conditions, current)) {
        return kvsError(
          409,
          'CONDITIONAL_CHECK_FAILED',
          `The transaction was cancelled: the conditions on ${op.target.entity?.name ?? ''} ${op.key} were not met`,
        );
      }
    }

    for (const op of plan) {
      if (op.kind === 'set') this.store.write(op.target.ns, op.key, op.value, op.ttl);
      // A delete succeeds whether the key exists or not.
      else if (op.kind === 'delete') this.store.delete(op.target.ns, op.key);
    }
    return { status: 204 };
  }

  private planOperation(kind: PlannedOperation['kind'], raw: unknown): PlannedOperation | Reply {
    if (!isRecord(raw)) return badRequest();
    if (kind === 'check' && (raw.entityName === undefined || raw.conditions === undefined))
      return badRequest('A check needs an entityName and conditions');
    const target = this.itemTarget(raw.entityName);
    if ('status' in target) return target;
    const badKey = checkKey(raw.key);
    if (badKey) return badKey;
    const planned: PlannedOperation = { kind, key: raw.key as string, target };
    if (raw.conditions !== undefined) {
      if (!target.entity) return badRequest('Conditions are only allowed on entity items');
      const conditions = parseConditions(raw.conditions, target.entity);
      if ('status' in conditions) return conditions;
      planned.conditions = conditions;
    }
    if (kind === 'set') {
      const bad =
        checkValue(raw.value) ??
        (target.entity ? checkEntityValue(raw.value, target.entity) : undefined) ??
        checkTtlOptions(raw.options);
      if (bad) return bad;
      planned.value = raw.value;
      const ttl = (raw.options as SetOptions | undefined)?.ttl;
      if (ttl) planned.ttl = ttl;
    }
    return planned;
  }

  // ---- direct access for tests, seeding and persistence --------------------------------------

  /** Current (unexpired) value of a key, bypassing the wire and the call counters. */
  peek(key: string): unknown {
    return this.store.live('values', key)?.value;
  }

  peekSecret(key: string): unknown {
    return this.store.live('secrets', key)?.value;
  }

  /** Current (unexpired) value of an entity item, bypassing the wire and the call counters. */
  peekEntity(entityName: string, key: string): unknown {
    return this.store.live(entityNamespace(entityName), key)?.value;
  }

  keys(): string[] {
    return this.store.keys('values');
  }

  secretKeys(): string[] {
    return this.store.keys('secrets');
  }

  /** Keys of an entity's unexpired items, sorted. */
  entityKeys(entityName: string): string[] {
    return this.store.keys(entityNamespace(entityName));
  }

  /** Seeds a value as if the app had stored it. */
  seed(key: string, value: unknown, options: { secret?: boolean } = {}): void {
    this.store.write(options.secret ? 'secrets' : 'values', key, value);
  }

  /**
   * Seeds an entity item as if the app had stored it. Throws when Forge would have refused it, so
   * a test cannot start from a state the real store could never be in.
   */
  seedEntity(entityName: string, key: string, value: Record<string, unknown>): void {
    const entity = resolveEntity(this.entities, entityName);
    const bad = isReply(entity)
      ? entity
      : (checkKey(key) ?? checkValue(value) ?? checkEntityValue(value, entity));
    if (bad) throw new Error(`seedEntity(${entityName}, ${key}): ${JSON.stringify(bad.body)}`);
    this.store.write(entityNamespace(entityName), key, value);
  }

  clear(): void {
    this.store.clear();
  }

  /** JSON-safe copy of everything stored, secrets and entity items included (it is a sandbox). */
  snapshot(): KvsSnapshot {
    return this.store.snapshot();
  }

  /** Restores a snapshot of this version (2) or of the one before entities (1). */
  restore(snapshot: KvsSnapshot | KvsSnapshotV1): void {
    this.store.restore(snapshot);
  }

  /** Calls answered, in total and per API path (e.g. `/api/v1/secret/get`). */
  counts(): { total: number; byPath: Record<string, number> } {
    const byPath = { ...this.calls };
    return { total: Object.values(byPath).reduce((a, b) => a + b, 0), byPath };
  }

  resetCounts(): void {
    this.calls = {};
  }
}

/** A missing key in a batch: a failed key, as @forge/kvs's own batch tests show it. */
function batchKeyNotFound(): Reply {
  return kvsError(404, 'KEY_NOT_FOUND', 'Key does not exist');
}
