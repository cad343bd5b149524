// Helpers over an entity template: field lookup, which fields name and summarise an entity, and
// validation of create/update forms with the spec's per-type value formats.

import { isEmptyValue } from '../shared/guards';
import type { EntityType, FieldValues, Template, TemplateField } from './types';
import { fieldInputProblem, valueFormatOf, type ValueFormat } from './values';

export { fieldValueProblem } from './values';
export {
  FORMAT_EXAMPLES,
  fieldInputProblem,
  formatProblem,
  valueFormatOf,
  type ValueFormat,
} from './values';

/** Every field of a template, section by section. Generic so any sectioned template shape fits. */
export function allFields<F>(template: { sections: readonly { fields: readonly F[] }[] }): F[] {
  return template.sections.flatMap((section) => section.fields);
}

export function findField(template: Template, id: string): TemplateField | undefined {
  return allFields(template).find((f) => f.id === id);
}

/**
 * The first field whose values have `format` (see valueFormatOf), in the template's order: the
 * email, website or phone field of a demo or custom template alike. Undefined when there is none.
 */
export function fieldOfFormat(template: Template, format: ValueFormat): TemplateField | undefined {
  return allFields(template).find((field) => valueFormatOf(field) === format);
}

/** `${type}-name` if present, else the first required string field, else the first string field. */
export function nameFieldId(type: EntityType, template: Template): string | undefined {
  const fields = allFields(template);
  return (
    fields.find((f) => f.id === `${type}-name`)?.id ??
    fields.find((f) => f.type === 'string' && f.required)?.id ??
    fields.find((f) => f.type === 'string')?.id
  );
}

const KEY_FIELD_SUFFIXES: Record<EntityType, string[]> = {
  contact: ['-email', '-phone'],
  company: ['-website', '-industry'],
  sale: ['-status', '-balance'],
};

/**
 * The fields shown next to an entity's name in lists. Found by id suffix (custom templates may
 * rename the prefix); when missing, the first other fields fill the gap.
 */
export function keyFieldIds(type: EntityType, template: Template): string[] {
  const fields = allFields(template);
  const name = nameFieldId(type, template);
  const wanted = KEY_FIELD_SUFFIXES[type];
  const picked: string[] = [];
  for (const suffix of wanted) {
    const field =
      fields.find((f) => f.id === `${type}${suffix}`) ??
      fields.find((f) => f.id.endsWith(suffix) && f.id !== name);
    if (field && !picked.includes(field.id)) picked.push(field.id);
  }
  for (const f of fields) {
    if (picked.length >= wanted.length) break;
    if (f.id !== name && !picked.includes(f.id)) picked.push(f.id);
  }
  return picked;
}

/**
 * Problems of a create/update form, keyed by field id (empty object = valid). On create every
 * required field needs a value; on update only the given fields are checked and null clears a
 * value, except for required fields.
 */
export function validateFieldValues(
  template: Template,
  fields: FieldValues,
  opts: { forCreate: boolean },
): Record<string, string> {
  // A Map and own-property checks: a field id like `constructor` is data, not Object.prototype.
  const problems = new Map<string, string>();
  const byId = new Map(allFields(template).map((f) => [f.id, f]));
  for (const [id, value] of Object.entries(fields)) {
    const field = byId.get(id);
    if (!field) {
      problems.set(id, 'unknown field');
      continue;
    }
    if (isEmptyValue(value)) {
      if (field.required) problems.set(id, `${field.label} is required`);
      continue;
    }
    const problem = fieldInputProblem(field, value);
    if (problem) problems.set(id, `${field.label} ${problem}`);
  }
  if (opts.forCreate) {
    for (const field of byId.values()) {
      if (field.required && !Object.hasOwn(fields, field.id))
        problems.set(field.id, `${field.label} is required`);
    }
  }
  return Object.fromEntries(problems);
}
