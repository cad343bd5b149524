// The inputs of a template's fields, section by section: what the create and edit forms share.
import {
  ErrorMessage,
  Heading,
  Label,
  RequiredAsterisk,
  Select,
  Stack,
  TextArea,
  Textfield,
  UserPicker,
} from '@forge/react';
import type { FieldInfo, TemplateInfo } from '../../shared/contract';
import { FORMAT_EXAMPLES, valueFormatOf } from '../../crm/values';
import { DateInput, TimestampInput } from '../shared/datetime';

/** What the inputs hold: text as typed (numbers too, so nothing typed is lost), lists for multi-select. */
export type Draft = Record<string, string | string[]>;

interface Option {
  label: string;
  value: string;
}

export interface TemplateFieldsProps {
  template: TemplateInfo;
  draft: Draft;
  fieldErrors: Record<string, string>;
  onValue: (id: string, value: string | string[]) => void;
  /** Control ids are `<idPrefix>-<field id>`. */
  idPrefix?: string;
  /** Changing it remounts the inputs, so they show a draft replaced from outside. */
  revision?: number;
}

export function TemplateFields({
  template,
  draft,
  fieldErrors,
  onValue,
  idPrefix = 'create',
  revision = 0,
}: TemplateFieldsProps) {
  return template.sections.map((section) => (
    <Stack key={section.name} space="space.100">
      <Heading size="xxsmall">{section.name}</Heading>
      {section.fields.map((field) => (
        <Stack key={`${field.id}-${revision}`} space="space.050">
          {field.type === 'user' ? null : (
            <Label labelFor={`${idPrefix}-${field.id}`}>
              {field.label}
              {field.required ? <RequiredAsterisk /> : null}
            </Label>
          )}
          <FieldInput
            field={field}
            value={draft[field.id]}
            invalid={field.id in fieldErrors}
            onValue={onValue}
            idPrefix={idPrefix}
          />
          {fieldErrors[field.id] ? <ErrorMessage>{fieldErrors[field.id]}</ErrorMessage> : null}
        </Stack>
      ))}
    </Stack>
  ));
}

/** One template field's input, by field type. */
function FieldInput({
  field,
  value,
  invalid,
  onValue,
  idPrefix = 'create',
}: {
  field: FieldInfo;
  value: string | string[] | undefined;
  invalid: boolean;
  onValue: (id: string, value: string | string[]) => void;
  idPrefix?: string;
}) {
  const id = `${idPrefix}-${field.id}`;
  const text = typeof value === 'string' ? value : '';
  const format = valueFormatOf(field);
  // What a well-formed value looks like, before anything is typed: "name@example.com".
  const hint = format ? FORMAT_EXAMPLES[format] : undefined;
  const onText = (event: { target: { value?: unknown } }) =>
    onValue(field.id, String(event.target.value ?? ''));
  switch (field.type) {
    case 'text':
      return (
        <TextArea id={id} name={field.id} value={text} isInvalid={invalid} onChange={onText} />
      );
    case 'date':
      return (
        <DateInput
          id={id}
          name={field.id}
          value={text}
          invalid={invalid}
          onValue={(date) => onValue(field.id, date)}
        />
      );
    case 'timestamp':
      return (
        <TimestampInput
          id={id}
          name={field.id}
          value={text}
          invalid={invalid}
          onValue={(instant) => onValue(field.id, instant)}
        />
      );
    case 'decimal':
      return (
        <Textfield
          id={id}
          name={field.id}
          type="number"
          value={text}
          isInvalid={invalid}
          elemAfterInput={field.currency}
          placeholder={hint}
          onChange={onText}
        />
      );
    case 'user':
      return (
        <UserPicker
          name={field.id}
          label={field.label}
          isRequired={field.required}
          defaultValue={text || undefined}
          onChange={(user) => onValue(field.id, user?.id ?? '')}
        />
      );
    case 'single-select': {
      const options: Option[] = (field.options ?? []).map((label) => ({ label, value: label }));
      return (
        <Select
          inputId={id}
          name={field.id}
          options={options}
          isClearable={!field.required}
          isInvalid={invalid}
          value={options.find((option) => option.value === text) ?? null}
          onChange={(option: Option | null) => onValue(field.id, option?.value ?? '')}
        />
      );
    }
    case 'multi-select': {
      const options: Option[] = (field.options ?? []).map((label) => ({ label, value: label }));
      const selected = Array.isArray(value) ? value : [];
      return (
        <Select
          inputId={id}
          name={field.id}
          isMulti
          options={options}
          isInvalid={invalid}
          value={options.filter((option) => selected.includes(option.value))}
          onChange={(chosen: readonly Option[] | null) =>
            onValue(
              field.id,
              (chosen ?? []).map((option) => option.value),
            )
          }
        />
      );
    }
    default:
      return (
        <Textfield
          id={id}
          name={field.id}
          value={text}
          isInvalid={invalid}
          placeholder={hint}
          onChange={onText}
        />
      );
  }
}
