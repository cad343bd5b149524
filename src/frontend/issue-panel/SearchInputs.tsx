// The inputs of a search for Atlas CRM records: which type (when there is a choice), the text, and
// a spinner while it searches. The panel's search and the record picker both start with them.
import { Inline, Label, Select, Spinner, Textfield } from '@forge/react';
import type { EntityType } from '../../shared/contract';
import { TYPE_LABELS } from '../shared/format';
import type { SearchState } from './useSearch';

interface TypeOption {
  label: string;
  value: EntityType;
}

export interface SearchInputsProps {
  /** Control ids are `<idPrefix>-type` and `<idPrefix>-text`, so two searches on a screen stay apart. */
  idPrefix: string;
  /** Types offered; with only one there is nothing to choose. */
  types: readonly EntityType[];
  /** The type and text searched for, and their setters, as useSearch keeps them. */
  search: Pick<SearchState, 'type' | 'setType' | 'text' | 'setText'>;
  placeholder: string;
  searching: boolean;
  disabled?: boolean;
  /** The text box takes the focus when it appears (a picker just opened). */
  autoFocus?: boolean;
}

export function SearchInputs({
  idPrefix,
  types,
  search: { type, setType, text, setText },
  placeholder,
  searching,
  disabled,
  autoFocus,
}: SearchInputsProps) {
  const options: TypeOption[] = types.map((value) => ({ label: TYPE_LABELS[value].many, value }));
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      {types.length > 1 ? (
        // Labelled in words: a placeholder or a selected value is no label to a screen reader.
        <Inline space="space.100" alignBlock="center">
          <Label labelFor={`${idPrefix}-type`}>Find</Label>
          <Select
            inputId={`${idPrefix}-type`}
            options={options}
            value={options.find((option) => option.value === type) ?? null}
            onChange={(option: TypeOption | null) => option && setType(option.value)}
            isDisabled={disabled}
          />
        </Inline>
      ) : null}
      <Textfield
        id={`${idPrefix}-text`}
        placeholder={placeholder}
        value={text}
        isDisabled={disabled}
        autoFocus={autoFocus}
        onChange={(e) => setText(String(e.target.value ?? ''))}
      />
      {searching ? <Spinner size="small" label="Searching" /> : null}
    </Inline>
  );
}
