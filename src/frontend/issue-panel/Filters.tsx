// Field filters for the search: field, then only that field type's operators, then a fitting input.
import {
  Box,
  Button,
  DatePicker,
  Inline,
  Select,
  Stack,
  Text,
  Textfield,
  UserPicker,
  xcss,
} from '@forge/react';
import type { FieldInfo, FilterInput, Operator, TemplateInfo } from '../../shared/contract';
import {
  DATE_FORMAT,
  DATE_PLACEHOLDER,
  fromLocalDateTime,
  TimestampInput,
} from '../shared/datetime';

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

export function operatorLabel(op: Operator, field: FieldInfo): string {
  const dated = field.type === 'date' || field.type === 'timestamp';
  switch (op) {
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

function allFields(template: TemplateInfo): FieldInfo[] {
  return template.sections.flatMap((s) => s.fields);
}

/** Complete filters only, in the contract's shape; decimal values travel as numbers. */
export function toFilterInputs(
  drafts: FilterDraft[],
  template: TemplateInfo | undefined,
): FilterInput[] {
  if (!template) return [];
  const byId = new Map(allFields(template).map((f) => [f.id, f]));
  const out: FilterInput[] = [];
  for (const d of drafts) {
    const field = d.fieldId ? byId.get(d.fieldId) : undefined;
    if (!field || d.value.trim() === '') continue;
    const operator =
      d.operator && field.operators.includes(d.operator) ? d.operator : field.defaultOperator;
    if (field.type === 'decimal') {
      const n = Number(d.value);
      if (!Number.isFinite(n)) continue;
      out.push({ fieldId: field.id, operator, value: n });
    } else if (field.type === 'timestamp') {
      // Applies once both date and time are chosen; sent as the UTC instant.
      const parsed = fromLocalDateTime(d.value);
      if (parsed.ok) out.push({ fieldId: field.id, operator, value: parsed.iso });
    } else {
      out.push({ fieldId: field.id, operator, value: d.value.trim() });
    }
  }
  return out;
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
    onChange(filters.map((f) => (f.key === key ? { ...f, ...patch } : f)));

  return (
    <Stack space="space.100">
      {filters.map((draft) => {
        const field = fields.find((f) => f.id === draft.fieldId);
        const fieldOptions: Option[] = fields.map((f) => ({ label: f.label, value: f.id }));
        const operatorOptions: Option[] = field
          ? field.operators.map((op) => ({ label: operatorLabel(op, field), value: op }))
          : [];
        const op = field ? (draft.operator ?? field.defaultOperator) : undefined;
        return (
          <Inline key={draft.key} space="space.100" alignBlock="center" shouldWrap>
            <Box xcss={fieldStyle}>
              <Select
                inputId={`filter-field-${draft.key}`}
                placeholder="Field"
                options={fieldOptions}
                value={fieldOptions.find((o) => o.value === draft.fieldId) ?? null}
                onChange={(o: Option | null) => {
                  const next = fields.find((f) => f.id === o?.value);
                  update(draft.key, {
                    fieldId: next?.id,
                    operator: next?.defaultOperator,
                    value: '',
                  });
                }}
              />
            </Box>
            {field && op ? (
              <Box xcss={operatorStyle}>
                <Select
                  inputId={`filter-operator-${draft.key}`}
                  options={operatorOptions}
                  value={operatorOptions.find((o) => o.value === op) ?? null}
                  onChange={(o: Option | null) =>
                    update(draft.key, { operator: (o?.value as Operator) ?? field.defaultOperator })
                  }
                />
              </Box>
            ) : null}
            {field ? (
              <Box xcss={valueStyle}>
                <FilterValueInput
                  field={field}
                  draft={draft}
                  onValue={(value) => update(draft.key, { value })}
                />
              </Box>
            ) : null}
            <Button
              appearance="subtle"
              spacing="compact"
              onClick={() => onChange(filters.filter((f) => f.key !== draft.key))}
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
      return (
        <DatePicker
          id={id}
          value={draft.value || undefined}
          placeholder={DATE_PLACEHOLDER}
          dateFormat={DATE_FORMAT}
          onChange={(v: string) => onValue(v ?? '')}
        />
      );
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
      const options: Option[] = (field.options ?? []).map((label) => ({ label, value: label }));
      return (
        <Select
          inputId={id}
          placeholder="Option"
          options={options}
          value={options.find((o) => o.value === draft.value) ?? null}
          onChange={(o: Option | null) => onValue(o?.value ?? '')}
        />
      );
    }
    case 'user':
      return (
        // The field Select before it already names the field: no second label in the row.
        <UserPicker
          name={id}
          label=""
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
