// Which field of a template holds an email address or a website: by the same convention the forms
// use to check values (valueFormatOf), so a workspace's renamed fields are found too.
import { allFields, type Template, type ValueFormat, valueFormatOf } from '../../../crm';

/** The first string field of the template with this value format, if any. */
export function fieldOfFormat(template: Template, format: ValueFormat): string | undefined {
  return allFields(template).find(
    (field) => field.type === 'string' && valueFormatOf(field) === format,
  )?.id;
}
