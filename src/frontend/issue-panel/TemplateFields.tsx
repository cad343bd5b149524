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
import { formatOption } from '../shared/format';
import { timeErrorKey, type Draft, type TemplateDraft } from './useTemplateDraft';

export type { Draft };

interface Option {
  label: string;
  value: string;
}

export interface TemplateFieldsProps {
  template: TemplateInfo;
  /** The values shown, and the problems at their fields. */
  form: Pick<TemplateDraft, 'draft' | 'fieldErrors'>;
  onValue: (id: string, value: string | string[]) => void;
  /** Control ids are `<idPrefix>-<field id>`. */
  idPrefix?: string;
  /** Changing it remounts the inputs, so they show a draft replaced from outside. */
  revision?: number;
  /** The sections' heading level: one below the form's own heading. */
  headingLevel?: 'h5' | 'h6';
  /** The first input takes the focus: the form was just opened. */
  focusFirst?: boolean;
}

/** "Balance (EUR)": an amount's label says its currency, as the value will be shown. */
function labelOf(field: FieldInfo): string {
  return field.type === 'decimal' && field.currency
    ? `${field.label} (${field.currency})`
    : field.label;
}

export function TemplateFields({
  template,
  form: { draft, fieldErrors },
  onValue,
  idPrefix = 'create',
  revision = 0,
  headingLevel = 'h5',
  focusFirst = false,
}: TemplateFieldsProps) {
  const firstId = template.sections[0]?.fields[0]?.id;
  return template.sections.map((section) => (
    <Stack key={section.name} space="space.100">
      <Heading size="xxsmall" as={headingLevel}>
        {section.name}
      </Heading>
      {section.fields.map((field) => {
        const timeError =
          field.type === 'timestamp' ? fieldErrors[timeErrorKey(field.id)] : undefined;
        return (
          <Stack key={`${field.id}-${revision}`} space="space.050">
            {field.type === 'user' ? null : (
              <Label labelFor={`${idPrefix}-${field.id}`}>
                {labelOf(field)}
                {field.required ? <RequiredAsterisk /> : null}
              </Label>
            )}
            <FieldInput
              field={field}
              value={draft[field.id]}
              invalid={field.id in fieldErrors}
              timeInvalid={timeError !== undefined}
              onValue={onValue}
              idPrefix={idPrefix}
              autoFocus={focusFirst && field.id === firstId}
            />
            {fieldErrors[field.id] ? <ErrorMessage>{fieldErrors[field.id]}</ErrorMessage> : null}
            {/* A timestamp's time says its own problem, after the date's. */}
            {timeError ? <ErrorMessage>{timeError}</ErrorMessage> : null}
          </Stack>
        );
      })}
    </Stack>
  ));
}

function optionsOf(field: FieldInfo): Option[] {
  return (field.options ?? []).map((option) => ({ label: formatOption(option), value: option }));
}

/** One template field's input, by field type. */
function FieldInput({
  field,
  value,
  invalid,
  timeInvalid,
  onValue,
  idPrefix = 'create',
  autoFocus = false,
}: {
  field: FieldInfo;
  value: string | string[] | undefined;
  invalid: boolean;
  timeInvalid: boolean;
  onValue: (id: string, value: string | string[]) => void;
  idPrefix?: string;
  autoFocus?: boolean;
}) {
  const id = `${idPrefix}-${field.id}`;
  const text = typeof value === 'string' ? value : '';
  const format = valueFormatOf(field);
  // What a well-formed value looks like, before anything is typed: "name@example.com".
  const hint = format ? FORMAT_EXAMPLES[format] : undefined;
  const onText = (event: { target: { value?: unknown } }) =>
    onValue(field.id, String(event.target.value ?? ''));
  // Every input that holds text: its control id, and the field's id as its name.
  const named = { id, name: field.id, ...(autoFocus ? { autoFocus } : {}) };
  switch (field.type) {
    case 'text':
      return <TextArea {...named} value={text} isInvalid={invalid} onChange={onText} />;
    case 'date':
    case 'timestamp': {
      // The same props (TypedInputProps): each reads what is typed its own way.
      const TypedInput = field.type === 'date' ? DateInput : TimestampInput;
      return (
        <TypedInput
          {...named}
          value={text}
          invalid={invalid}
          timeInvalid={timeInvalid}
          onValue={(typed) => onValue(field.id, typed)}
        />
      );
    }
    case 'decimal':
      return (
        <Textfield
          {...named}
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
      // Shown as the value will read ("Open"), stored as the template spells it ("open").
      const options = optionsOf(field);
      return (
        <Select
          inputId={id}
          name={field.id}
          autoFocus={autoFocus}
          options={options}
          isClearable={!field.required}
          isInvalid={invalid}
          value={options.find((option) => option.value === text) ?? null}
          onChange={(option: Option | null) => onValue(field.id, option?.value ?? '')}
        />
      );
    }
    case 'multi-select': {
      const options = optionsOf(field);
      const selected = Array.isArray(value) ? value : [];
      return (
        <Select
          inputId={id}
          name={field.id}
          autoFocus={autoFocus}
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
          {...named}
          value={text}
          isInvalid={invalid}
          placeholder={hint}
          onChange={onText}
        />
      );
  }
}
