// Entity + template -> the compact EntitySummary the UI lists and the link record stores, and the
// "Open in Atlas CRM" links, which only ever point into the configured CRM's app.
import { keyFieldIds, nameFieldId, type Entity, type EntityType, type Template } from '../../crm';
import type { EntitySummary, FieldValues } from '../../shared/contract';
import { isHttpsUrl } from '../../shared/guards';
import { isEntityId } from '../../shared/ids';
import { DEFAULT_CRM_BASE_URL, crmBaseUrl } from './crm';

/**
 * Where the configured CRM's app lives: the origin of its API base URL. A base URL that is not
 * https (a local CRM simulator) serves no app of its own; its records open in the hosted app.
 */
export function crmAppOrigin(): string {
  try {
    const base = new URL(crmBaseUrl());
    if (base.protocol === 'https:') return base.origin;
  } catch {
    // An unreadable base URL: the hosted app, as below.
  }
  return new URL(DEFAULT_CRM_BASE_URL).origin;
}

/** "Open in Atlas CRM" for a stored link: built from the app origin, never from stored text. */
export function appUrlOf(type: EntityType, id: string): string | undefined {
  if (!isEntityId(id)) return undefined;
  return `${crmAppOrigin()}/app/CRM/${type}/${encodeURIComponent(id)}`;
}

/** The CRM's own app link of an entity, only when it is https and points into the CRM's app. */
function appLinkOf(entity: Entity): string | undefined {
  const href = entity._links?.app?.href;
  if (!isHttpsUrl(href)) return undefined;
  return new URL(href).origin === crmAppOrigin() ? href : undefined;
}

/** The entity's name field, if it holds a name. */
function nameOf(entity: Entity, template: Template | undefined): string | undefined {
  const fieldId = template ? nameFieldId(entity.type, template) : `${entity.type}-name`;
  const value = fieldId ? entity.fields?.[fieldId] : undefined;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return undefined;
}

export function entityName(entity: Entity, template: Template | undefined): string {
  return nameOf(entity, template) ?? `Unnamed ${entity.type}`;
}

export function toSummary(entity: Entity, template: Template | undefined): EntitySummary {
  const keyFields: FieldValues = {};
  if (template) {
    for (const id of keyFieldIds(entity.type, template)) {
      const value = entity.fields?.[id];
      if (value !== undefined && value !== null) keyFields[id] = value;
    }
  }
  const summary: EntitySummary = {
    id: entity.id,
    type: entity.type,
    name: entityName(entity, template),
    keyFields,
  };
  const app = appLinkOf(entity);
  if (app !== undefined) summary.appUrl = app;
  return summary;
}

/**
 * The names of the companies among a contact's linked entities, in Atlas CRM's order. A company
 * listed without its fields is named by `known` (names already stored, e.g. linked to the issue);
 * undefined when one is not known either: its name would take another request.
 */
export function companyNamesOf(
  entities: readonly Entity[],
  template: Template | undefined,
  known: ReadonlyMap<string, string> = new Map(),
): string[] | undefined {
  const names: string[] = [];
  for (const entity of entities) {
    if (entity.type !== 'company') continue;
    const name = entity.fields === undefined ? known.get(entity.id) : nameOf(entity, template);
    if (entity.fields === undefined && name === undefined) return undefined;
    // A company without a name says nothing on a card.
    if (name !== undefined) names.push(name);
  }
  return names;
}
