// Templates: fetched from the CRM (all three in parallel) when the KVS cache is cold, and turned
// into what the UI needs (TemplateInfo) with operators from the spec's filter table.
import {
  ENTITY_TYPES,
  FIELD_OPERATORS,
  FIELD_TYPES,
  keyFieldIds,
  nameFieldId,
  type CrmClient,
  type EntityType,
  type FieldType,
  type Template,
} from '../../crm';
import type { FieldInfo, TemplateInfo, TemplatesInfo } from '../../shared/contract';
import {
  readCachedTemplates,
  writeCachedTemplates,
  type Templates,
} from '../storage/template-cache';

export async function loadTemplates(crm: () => CrmClient): Promise<Templates> {
  const cached = await readCachedTemplates();
  if (cached) return cached;
  const client = crm();
  const [company, contact, sale] = await Promise.all(
    ENTITY_TYPES.map((t) => client.getTemplate(t)),
  );
  const templates: Templates = {
    company: company as Template,
    contact: contact as Template,
    sale: sale as Template,
  };
  try {
    await writeCachedTemplates(templates);
  } catch (err) {
    console.warn(
      `[atlas-crm] caching templates failed: ${err instanceof Error ? err.name : 'unknown error'}`,
    );
  }
  return templates;
}

function isFieldType(t: string): t is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(t);
}

export function toTemplateInfo(type: EntityType, template: Template): TemplateInfo {
  const sections = template.sections.map((s) => ({
    name: s.name,
    fields: s.fields
      .filter((f) => isFieldType(f.type))
      .map((f): FieldInfo => {
        const ops = FIELD_OPERATORS[f.type];
        const info: FieldInfo = {
          id: f.id,
          label: f.label,
          type: f.type,
          required: f.required,
          operators: [
            ops.defaultOperator,
            ...ops.operators.filter((o) => o !== ops.defaultOperator),
          ],
          defaultOperator: ops.defaultOperator,
        };
        const dv = f['default-value'];
        if (dv !== undefined && dv !== null) info.defaultValue = dv;
        if (typeof f.config?.currency === 'string') info.currency = f.config.currency;
        if (
          (f.type === 'single-select' || f.type === 'multi-select') &&
          Array.isArray(f.config?.options)
        ) {
          info.options = f.config.options
            .map((o) => o.label)
            .filter((l): l is string => typeof l === 'string');
        }
        return info;
      }),
  }));
  return {
    type,
    nameFieldId: nameFieldId(type, template) ?? '',
    keyFieldIds: keyFieldIds(type, template),
    sections,
  };
}

export function toTemplatesInfo(templates: Templates): TemplatesInfo {
  return {
    company: toTemplateInfo('company', templates.company),
    contact: toTemplateInfo('contact', templates.contact),
    sale: toTemplateInfo('sale', templates.sale),
  };
}
