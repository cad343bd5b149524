// Field filters for the search: field, then only that field type's operators, then a fitting input.
import {
  Box,
  Button,
  Inline,
  Label,
  Select,
  Stack,
  Text,
  Textfield,
  UserPicker,
  xcss,
} from '@forge/react';
import { allFields } from '../../crm/template';
import type { FieldInfo, FilterInput, Operator, TemplateInfo } from '../../shared/contract';
import { isEmptyValue } from '../../shared/guards';
import { isValidDate } from '../../crm/values';
import { DateInput, fromLocalDateTime, TimestampInput } from '../shared/datetime';
import { formatOption } from '../shared/format';

// Fixed widths keep every filter row aligned: inputs neither stretch nor shrink to their text.
const fieldStyle = xcss({ width: 'size.1000' });
const operatorStyle = xcss({ width: 'size.1000' });
const valueStyle = xcss({ minWidth: 'size.1000' });

export interface FilterDraft {
  key: number;
  fieldId?: string;
  operator?: Operator;
  value: string;
}

interface Option {
  label: string;
  value: string;
}

export function operatorLabel(operator: Operator, field: FieldInfo): string {
  const dated = field.type === 'date' || field.type === 'timestamp';
  switch (operator) {
    case 'eq':
      return 'is';
    case 'contains':
      return field.type === 'multi-select' ? 'includes' : 'contains';
    case 'gte':
      return dated ? 'on or after' : 'at least';
    case 'lte':
      return dated ? 'on or before' : 'at most';
  }
}

/** Complete filters only, in the contract's shape; decimal values travel as numbers. */
export function toFilterInputs(
  drafts: FilterDraft[],
  template: TemplateInfo | undefined,
): FilterInput[] {
  if (!template) return [];
  const byId = new Map(allFields(template).map((field) => [field.id, field]));
  const inputs: FilterInput[] = [];
  for (const draft of drafts) {
    const field = draft.fieldId ? byId.get(draft.fieldId) : undefined;
    if (!field || isEmptyValue(draft.value)) continue;
    const operator =
      draft.operator && field.operators.includes(draft.operator)
        ? draft.operator
        : field.defaultOperator;
    if (field.type === 'decimal') {
      const number = Number(draft.value);
      if (!Number.isFinite(number)) continue;
      inputs.push({ fieldId: field.id, operator, value: number });
    } else if (field.type === 'date') {
      // DateInput hands over yyyy-mm-dd once it can read the text; until then no filter.
      if (isValidDate(draft.value.trim()))
        inputs.push({ fieldId: field.id, operator, value: draft.value.trim() });
    } else if (field.type === 'timestamp') {
      // Applies once both date and time are chosen; sent as the UTC instant.
      const parsed = fromLocalDateTime(draft.value);
      if (parsed.ok) inputs.push({ fieldId: field.id, operator, value: parsed.iso });
    } else {
      inputs.push({ fieldId: field.id, operator, value: draft.value.trim() });
    }
  }
  return inputs;
}

export interface FiltersProps {
  template: TemplateInfo;
  filters: FilterDraft[];
  onChange: (filters: FilterDraft[]) => void;
}

let nextKey = 1;

export function Filters({ template, filters, onChange }: FiltersProps) {
  const fields = allFields(template);
  const update = (key: number, patch: Partial<FilterDraft>) =>
    onChange(filters.map((filter) => (filter.key === key ? { ...filter, ...patch } : filter)));

  return (
    <Stack space="space.100">
      {filters.map((draft) => {
        const field = fields.find((candidate) => candidate.id === draft.fieldId);
        const fieldOptions: Option[] = fields.map((each) => ({
          label: each.label,
          value: each.id,
        }));
        const operatorOptions: Option[] = field
          ? field.operators.map((each) => ({ label: operatorLabel(each, field), value: each }))
          : [];
        const operator = field ? (draft.operator ?? field.defaultOperator) : undefined;
        return (
          <Inline key={draft.key} space="space.100" alignBlock="end" shouldWrap>
            <Box xcss={fieldStyle}>
              <Stack space="space.025">
                <Label labelFor={`filter-field-${draft.key}`}>Field</Label>
                <Select
                  inputId={`filter-field-${draft.key}`}
                  placeholder="Field"
                  options={fieldOptions}
                  value={fieldOptions.find((option) => option.value === draft.fieldId) ?? null}
                  onChange={(option: Option | null) => {
                    const next = fields.find((candidate) => candidate.id === option?.value);
                    update(draft.key, {
                      fieldId: next?.id,
                      operator: next?.defaultOperator,
                      value: '',
                    });
                  }}
                />
              </Stack>
            </Box>
            {field && operator ? (
              <Box xcss={operatorStyle}>
                <Stack space="space.025">
                  <Label labelFor={`filter-operator-${draft.key}`}>Condition</Label>
                  <Select
                    inputId={`filter-operator-${draft.key}`}
                    options={operatorOptions}
                    value={operatorOptions.find((option) => option.value === operator) ?? null}
                    onChange={(option: Option | null) =>
                      update(draft.key, {
                        operator: (option?.value as Operator) ?? field.defaultOperator,
                      })
                    }
                  />
                </Stack>
              </Box>
            ) : null}
            {field ? (
              <Box xcss={valueStyle}>
                <Stack space="space.025">
                  {/* A person picker brings its own label. */}
                  {field.type === 'user' ? null : (
                    <Label labelFor={`filter-value-${draft.key}`}>Value</Label>
                  )}
                  <FilterValueInput
                    field={field}
                    draft={draft}
                    onValue={(value) => update(draft.key, { value })}
                  />
                </Stack>
              </Box>
            ) : null}
            <Button
              appearance="subtle"
              spacing="compact"
              onClick={() => onChange(filters.filter((filter) => filter.key !== draft.key))}
            >
              Remove filter
            </Button>
          </Inline>
        );
      })}
      <Inline space="space.100" alignBlock="center">
        <Button
          appearance="subtle"
          spacing="compact"
          onClick={() => onChange([...filters, { key: nextKey++, value: '' }])}
        >
          Add filter
        </Button>
        {filters.length > 0 ? (
          <Text size="small" color="color.text.subtle">
            Filters apply once they have a value.
          </Text>
        ) : null}
      </Inline>
    </Stack>
  );
}

function FilterValueInput({
  field,
  draft,
  onValue,
}: {
  field: FieldInfo;
  draft: FilterDraft;
  onValue: (value: string) => void;
}) {
  const id = `filter-value-${draft.key}`;
  switch (field.type) {
    case 'date':
      return <DateInput id={id} name={id} value={draft.value} invalid={false} onValue={onValue} />;
    case 'decimal':
      return (
        <Textfield
          id={id}
          type="number"
          placeholder="Number"
          value={draft.value}
          onChange={(e) => onValue(String(e.target.value ?? ''))}
        />
      );
    case 'single-select':
    case 'multi-select': {
      const options: Option[] = (field.options ?? []).map((label) => ({
        label: formatOption(label),
        value: label,
      }));
      return (
        <Select
          inputId={id}
          placeholder="Option"
          options={options}
          value={options.find((option) => option.value === draft.value) ?? null}
          onChange={(option: Option | null) => onValue(option?.value ?? '')}
        />
      );
    }
    case 'user':
      return (
        <UserPicker
          name={id}
          label="Value"
          placeholder="Choose a person"
          defaultValue={draft.value || undefined}
          onChange={(user) => onValue(user?.id ?? '')}
        />
      );
    case 'timestamp':
      return (
        <TimestampInput id={id} name={id} value={draft.value} invalid={false} onValue={onValue} />
      );
    default:
      return (
        <Textfield
          id={id}
          placeholder="Value"
          value={draft.value}
          onChange={(e) => onValue(String(e.target.value ?? ''))}
        />
      );
  }
}
