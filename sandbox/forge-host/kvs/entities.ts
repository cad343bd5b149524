// Custom entities: the declarations manifest.yml makes (app.storage.entities, with their indexes)
// and what the Custom Entity Store accepts for them: declared entity names only, object values
// whose attributes are declared and of their declared type.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isRecord } from '../../../src/shared/guards';
import type { Reply } from '../http';
import { badRequest, kvsError } from './rules';

export const ATTRIBUTE_TYPES = ['string', 'integer', 'float', 'boolean', 'any'] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];

/**
 * An index of an entity. The manifest's string form `- rev` is an index named `rev` ranged by the
 * attribute `rev`; the object form names its range attribute and optional partition attributes.
 */
export interface IndexDeclaration {
  name: string;
  range: string;
  partition: readonly string[];
}

export interface EntityDeclaration {
  name: string;
  /** Attribute name -> declared type. */
  attributes: Readonly<Record<string, AttributeType>>;
  /** The indexes queries may use; none when omitted. */
  indexes?: readonly IndexDeclaration[];
}

export type EntityRegistry = ReadonlyMap<string, EntityDeclaration>;

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
// Documented float range: 0, or a magnitude from 1E-130 to 9.99...E+125 (38 nines). That upper
// bound rounds to the double 1e126, which itself is out of range: hence `<` below.
const FLOAT_MIN_MAGNITUDE = 1e-130;
const FLOAT_MAX_MAGNITUDE_EXCLUSIVE = 1e126;

// From the Custom Entity Store error table (handling-errors-customentities).
const ENTITY_NAME_PATTERN = /^(?![.-])(?!.*\.{2})[a-z0-9:\-.]*(?<![.])$/;
const ENTITY_NAME_MIN = 3;
const ENTITY_NAME_MAX = 60;

/** The entities declared in `appDir`/manifest.yml; none when there is no manifest. */
export function entitiesFromManifest(appDir: string): EntityDeclaration[] {
  const file = path.join(appDir, 'manifest.yml');
  if (!existsSync(file)) return [];
  return parseEntityDeclarations(parse(readFileSync(file, 'utf8')));
}

/**
 * app.storage.entities of a parsed manifest. An attribute type Forge does not know is an error
 * here, as `forge deploy` would refuse the manifest.
 */
export function parseEntityDeclarations(manifest: unknown): EntityDeclaration[] {
  const app = isRecord(manifest) ? manifest.app : undefined;
  const storage = isRecord(app) ? app.storage : undefined;
  const entities = isRecord(storage) ? storage.entities : undefined;
  if (!Array.isArray(entities)) return [];
  return entities.map((raw: unknown) => {
    if (!isRecord(raw) || typeof raw.name !== 'string')
      throw new Error('manifest.yml: every app.storage.entities item needs a name');
    const attributes: Record<string, AttributeType> = {};
    const declared = isRecord(raw.attributes) ? raw.attributes : {};
    for (const [attr, spec] of Object.entries(declared)) {
      const type = isRecord(spec) ? spec.type : undefined;
      if (!ATTRIBUTE_TYPES.includes(type as AttributeType))
        throw new Error(`manifest.yml: entity ${raw.name} attribute ${attr} has unknown type`);
      attributes[attr] = type as AttributeType;
    }
    return { name: raw.name, attributes, indexes: parseIndexes(raw.name, raw.indexes, attributes) };
  });
}

/** The indexes of one entity; a malformed one is an error here, as `forge deploy` refuses it. */
function parseIndexes(
  entity: string,
  raw: unknown,
  attributes: Record<string, AttributeType>,
): IndexDeclaration[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new Error(`manifest.yml: entity ${entity} indexes must be a list`);
  const fail = (why: string): never => {
    throw new Error(`manifest.yml: entity ${entity}: ${why}`);
  };
  const declared = (attr: unknown): string =>
    typeof attr === 'string' && attr in attributes
      ? attr
      : fail(`index attribute ${String(attr)} is not declared`);
  const indexes = raw.map((item: unknown): IndexDeclaration => {
    if (typeof item === 'string') return { name: item, range: declared(item), partition: [] };
    if (!isRecord(item) || typeof item.name !== 'string') return fail('an index needs a name');
    const range = Array.isArray(item.range) ? item.range : [];
    // One range attribute per index, as the documented syntax shows.
    if (range.length !== 1) return fail(`index ${item.name} needs exactly one range attribute`);
    const partition = item.partition === undefined ? [] : item.partition;
    if (!Array.isArray(partition)) return fail(`index ${item.name} partition must be a list`);
    return { name: item.name, range: declared(range[0]), partition: partition.map(declared) };
  });
  const names = indexes.map((index) => index.name);
  // "Each index name within an entity must be unique" (custom-entities).
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated !== undefined) fail(`index name ${repeated} is used twice`);
  return indexes;
}

export function entityRegistry(declarations: readonly EntityDeclaration[]): EntityRegistry {
  return new Map(declarations.map((d) => [d.name, d]));
}

/** The declaration of `entityName`, or the error reply Forge-style. */
export function resolveEntity(
  registry: EntityRegistry,
  entityName: unknown,
): EntityDeclaration | Reply {
  if (typeof entityName !== 'string') return badRequest();
  if (entityName.length < ENTITY_NAME_MIN)
    return kvsError(400, 'ENTITY_TYPE_TOO_SHORT', 'The provided entity name is too short.');
  if (entityName.length > ENTITY_NAME_MAX) {
    return kvsError(
      400,
      'ENTITY_TYPE_TOO_LARGE',
      `The provided entity name has exceeded the maximum ${ENTITY_NAME_MAX} characters.`,
    );
  }
  if (!ENTITY_NAME_PATTERN.test(entityName)) {
    return kvsError(
      400,
      'INVALID_ENTITY_TYPE',
      `The provided entity name does not match the regex: ${ENTITY_NAME_PATTERN.source}`,
    );
  }
  // Forge's answer for a well-formed but undeclared name is not documented: a plain 400.
  return (
    registry.get(entityName) ??
    badRequest(`Entity "${entityName}" is not declared in manifest.yml (app.storage.entities)`)
  );
}

export function isReply(value: EntityDeclaration | Reply): value is Reply {
  return 'status' in value;
}

/** An entity value: an object with declared attributes only, each of its declared type. */
export function checkEntityValue(value: unknown, entity: EntityDeclaration): Reply | undefined {
  const invalid = (message: string) => kvsError(400, 'INVALID_ENTITY_VALUE', message);
  if (!isRecord(value)) return invalid(`A value of entity ${entity.name} must be an object`);
  for (const [attr, attrValue] of Object.entries(value)) {
    const type = entity.attributes[attr];
    if (!type) return invalid(`Attribute ${attr} is not declared for entity ${entity.name}`);
    if (!fitsType(attrValue, type))
      return invalid(`Attribute ${attr} of entity ${entity.name} must be of type ${type}`);
  }
  return undefined;
}

export function fitsType(value: unknown, type: AttributeType): boolean {
  switch (type) {
    case 'integer':
      return (
        Number.isInteger(value) && (value as number) >= INT32_MIN && (value as number) <= INT32_MAX
      );
    case 'float': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return false;
      const magnitude = Math.abs(value);
      return (
        magnitude === 0 ||
        (magnitude >= FLOAT_MIN_MAGNITUDE && magnitude < FLOAT_MAX_MAGNITUDE_EXCLUSIVE)
      );
    }
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'any':
      // Anything JSON can carry (the body arrived as JSON), null included.
      return value !== undefined;
  }
}
