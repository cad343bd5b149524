// Checks entity write payloads against the template, with messages that name the problem.
import type { EntityType, FieldValue, FieldValues, TemplateField } from '../../src/crm/types';
import { badRequest } from './errors';
import { isValidDate, timestampMillis } from './formats';
import { fieldsOf, isEntityType, optionLabels, ENTITY_TYPES } from './templates';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Normalises one non-null value or throws a 400 naming field and expected format. */
export function checkFieldValue(field: TemplateField, value: unknown): FieldValue {
  const where = `Field "${field.id}" (${field.label}, ${field.type})`;
  switch (field.type) {
    case 'string':
    case 'text':
      if (typeof value !== 'string') throw badRequest(`${where} must be a string`);
      return value;
    case 'date':
      if (typeof value !== 'string' || !isValidDate(value))
        throw badRequest(
          `${where} must be a date formatted yyyy-mm-dd, got ${JSON.stringify(value)}`,
        );
      return value;
    case 'timestamp':
      if (typeof value !== 'string' || timestampMillis(value) === undefined)
        throw badRequest(`${where} must be an ISO 8601 datetime, got ${JSON.stringify(value)}`);
      return value;
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw badRequest(`${where} must be a number, got ${JSON.stringify(value)}`);
      return value;
    case 'user':
      if (typeof value !== 'string' || value.trim() === '')
        throw badRequest(`${where} must be a non-empty Atlassian account-id`);
      return value;
    case 'single-select': {
      const labels = optionLabels(field);
      if (typeof value !== 'string' || !labels.includes(value))
        throw badRequest(
          `${where} must be one of the option labels ${labels.map((l) => `"${l}"`).join(', ')}, got ${JSON.stringify(value)}`,
        );
      return value;
    }
    case 'multi-select': {
      const labels = optionLabels(field);
      if (!Array.isArray(value)) throw badRequest(`${where} must be an array of option labels`);
      for (const item of value) {
        if (typeof item !== 'string' || !labels.includes(item))
          throw badRequest(
            `${where}: ${JSON.stringify(item)} is not one of the option labels ${labels.map((l) => `"${l}"`).join(', ')}`,
          );
      }
      return [...new Set(value as string[])];
    }
  }
}

// Blank text is a value to the server (only the app's forms trim), so this is not the app's isEmptyValue.
function isEmpty(v: FieldValue | undefined): boolean {
  return v === undefined || v === null || (Array.isArray(v) && v.length === 0);
}

function requireFieldsObject(body: Record<string, unknown>): Record<string, unknown> {
  if (body.fields === undefined) return {};
  if (!isPlainObject(body.fields))
    throw badRequest('"fields" must be an object mapping field-id to value');
  return body.fields;
}

/** Changes to apply: a value to set, or null to remove. */
function checkFields(type: EntityType, raw: Record<string, unknown>): Record<string, FieldValue> {
  const template = fieldsOf(type);
  const out: Record<string, FieldValue> = {};
  for (const [id, value] of Object.entries(raw)) {
    const field = template.get(id);
    if (!field) throw badRequest(`Unknown field "${id}" for entity type ${type}`);
    out[id] = value === null ? null : checkFieldValue(field, value);
  }
  return out;
}

function requiredMessage(field: TemplateField): string {
  return `Field "${field.id}" (${field.label}) is required`;
}

export function validateCreate(body: unknown): { type: EntityType; fields: FieldValues } {
  if (!isPlainObject(body))
    throw badRequest('Request body must be a JSON object with "type" and "fields"');
  if (body.type === undefined)
    throw badRequest(`"type" is required: one of ${ENTITY_TYPES.join(', ')}`);
  if (!isEntityType(body.type))
    throw badRequest(
      `"type" must be one of ${ENTITY_TYPES.join(', ')}, got ${JSON.stringify(body.type)}`,
    );
  const type = body.type;
  const changes = checkFields(type, requireFieldsObject(body));
  const fields: FieldValues = {};
  for (const field of fieldsOf(type).values()) {
    let v = changes[field.id];
    if (isEmpty(v) && field['default-value'] !== undefined && field['default-value'] !== null)
      v = structuredClone(field['default-value']);
    if (v !== undefined && !isEmpty(v)) fields[field.id] = v;
    else if (field.required) throw badRequest(requiredMessage(field));
  }
  if (
    typeof fields[`${type}-name`] === 'string' &&
    (fields[`${type}-name`] as string).trim() === ''
  )
    throw badRequest(`Field "${type}-name" (Name) must not be empty`);
  return { type, fields };
}

/** Applies a PUT body to the current fields; only supplied fields change, null removes. */
export function applyUpdate(type: EntityType, current: FieldValues, body: unknown): FieldValues {
  if (!isPlainObject(body)) throw badRequest('Request body must be a JSON object with "fields"');
  if (body.type !== undefined && body.type !== type)
    throw badRequest(`The type of an entity can not be changed (it is ${type})`);
  if (!isPlainObject(body.fields))
    throw badRequest('"fields" is required: an object mapping field-id to value');
  const changes = checkFields(type, body.fields);
  const next: FieldValues = { ...current };
  for (const [id, v] of Object.entries(changes)) {
    const field = fieldsOf(type).get(id);
    if (isEmpty(v)) {
      if (field?.required) throw badRequest(`${requiredMessage(field)} and can not be removed`);
      delete next[id];
    } else {
      next[id] = v;
    }
  }
  const name = next[`${type}-name`];
  if (typeof name === 'string' && name.trim() === '')
    throw badRequest(`Field "${type}-name" (Name) must not be empty`);
  return next;
}
