// The two or three fields shown beside an entity's name, formatted with its template.
import { Fragment } from 'react';
import { Text, User } from '@forge/react';
import type { EntitySummary, FieldInfo, TemplateInfo, TemplatesInfo } from '../../shared/contract';
import { formatField } from '../shared/format';

export function fieldsById(template: TemplateInfo | undefined): Map<string, FieldInfo> {
  return new Map((template?.sections ?? []).flatMap((s) => s.fields).map((f) => [f.id, f]));
}

export interface KeyFieldText {
  id: string;
  label: string;
  text: string;
  /** Set for people fields: shown as a User (name and avatar), never as the raw account id. */
  accountId?: string;
}

export function keyFieldTexts(
  entity: EntitySummary,
  templates: TemplatesInfo | undefined,
): KeyFieldText[] {
  const template = templates?.[entity.type];
  const byId = fieldsById(template);
  const ids = template?.keyFieldIds ?? Object.keys(entity.keyFields);
  const out: KeyFieldText[] = [];
  for (const id of ids) {
    const value = entity.keyFields[id];
    if (
      value === undefined ||
      value === null ||
      value === '' ||
      (Array.isArray(value) && value.length === 0)
    )
      continue;
    const field = byId.get(id);
    // Without a template (CRM unreachable) values are shown raw rather than hidden.
    out.push({
      id,
      label: field?.label ?? id,
      text: field
        ? formatField(field, value)
        : Array.isArray(value)
          ? value.join(', ')
          : String(value),
      ...(field?.type === 'user' && typeof value === 'string' ? { accountId: value } : {}),
    });
  }
  return out;
}

/** "Industry: Logistics · Owner: (user)", small and subtle; people as UI Kit User elements. */
export function KeyFields({ fields }: { fields: KeyFieldText[] }) {
  if (fields.length === 0) return null;
  return (
    <Text size="small" color="color.text.subtle">
      {fields.map((f, i) => (
        <Fragment key={f.id}>
          {`${i > 0 ? ' · ' : ''}${f.label}: `}
          {f.accountId ? <User accountId={f.accountId} /> : f.text}
        </Fragment>
      ))}
    </Text>
  );
}
