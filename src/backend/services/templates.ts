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

/**
 * `known`: the cache as already read with the rest of the call's storage (null: nothing fresh
 * there), so it is not read again.
 */
export async function loadTemplates(
  crm: () => CrmClient,
  known?: Templates | null,
): Promise<Templates> {
  const cached = known === undefined ? await readCachedTemplates() : known;
  if (cached) return cached;
  const client = crm();
  const [company, contact, sale] = await Promise.all(
    ENTITY_TYPES.map((type) => client.getTemplate(type)),
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

function isFieldType(type: string): type is FieldType {
  return (FIELD_TYPES as readonly string[]).includes(type);
}

export function toTemplateInfo(type: EntityType, template: Template): TemplateInfo {
  const sections = template.sections.map((section) => ({
    name: section.name,
    fields: section.fields
      .filter((field) => isFieldType(field.type))
      .map((field): FieldInfo => {
        const { operators, defaultOperator } = FIELD_OPERATORS[field.type];
        const info: FieldInfo = {
          id: field.id,
          label: field.label,
          type: field.type,
          required: field.required,
          operators: [defaultOperator, ...operators.filter((op) => op !== defaultOperator)],
          defaultOperator,
        };
        const defaultValue = field['default-value'];
        if (defaultValue !== undefined && defaultValue !== null) info.defaultValue = defaultValue;
        if (typeof field.config?.currency === 'string') info.currency = field.config.currency;
        if (
          (field.type === 'single-select' || field.type === 'multi-select') &&
          Array.isArray(field.config?.options)
        ) {
          info.options = field.config.options
            .map((option) => option.label)
            .filter((label): label is string => typeof label === 'string');
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
