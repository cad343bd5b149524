// Entity + template -> the compact EntitySummary the UI lists and the link record stores.
import { keyFieldIds, nameFieldId, type Entity, type Template } from '../../crm';
import type { EntitySummary, FieldValues } from '../../shared/contract';
import { isHttpsUrl } from '../../shared/guards';

export function entityName(entity: Entity, template: Template | undefined): string {
  const fieldId = template ? nameFieldId(entity.type, template) : `${entity.type}-name`;
  const value = fieldId ? entity.fields?.[fieldId] : undefined;
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return `Unnamed ${entity.type}`;
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
  const app = entity._links.app?.href;
  if (isHttpsUrl(app)) summary.appUrl = app;
  return summary;
}
