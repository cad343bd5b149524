// The admin page's "choose some Jira things" picker (groups, projects): what is chosen as tags to
// remove, and a search-as-you-type field whose results can be added. Saving stays with the caller.
import { useEffect, useState, type Dispatch, type SetStateAction } from 'react';
import { Button, Inline, Label, Spinner, Tag, Text, Textfield } from '@forge/react';
import type { FunctionKey } from '../../shared/contract';
import type { ArgsOf, DataOf } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';
import { useDebounced } from '../shared/useDebounced';
import { useResolver, type RequestArgs } from '../shared/useResolver';

export const PICKER_SEARCH_DEBOUNCE_MS = 300;

/** Resolvers the picker can ask: those whose payload may be just `{ query }`. */
export type FindKey = {
  [K in FunctionKey]: [{ query: string }] extends ArgsOf<K> ? K : never;
}[FunctionKey];

/**
 * The chosen items being edited: they start as (and follow) the saved ones, and are dirty when
 * they differ from them in anything but order.
 */
export function useChosenDraft<T>(
  saved: T[],
  idOf: (item: T) => string,
): [draft: T[], setDraft: Dispatch<SetStateAction<T[]>>, dirty: boolean] {
  const [draft, setDraft] = useState<T[]>(saved);
  useEffect(() => setDraft(saved), [saved]);
  const ids = new Set(draft.map(idOf));
  const dirty = draft.length !== saved.length || saved.some((item) => !ids.has(idOf(item)));
  return [draft, setDraft, dirty];
}

export interface PickerWording {
  /** The field's label, e.g. "Add a project". */
  label: string;
  placeholder: string;
  /** Read out while a search runs, e.g. "Searching projects". */
  searching: string;
  /** Title of the error when a search fails, e.g. "Projects could not be searched". */
  errorTitle: string;
  /** Said when a search found nothing, e.g. "No projects match.". */
  noMatch: string;
}

export interface ChosenPickerProps<T, K extends FindKey> {
  chosen: T[];
  /** Gets an update of the chosen list, as React state setters take it. */
  onChange: (update: (current: T[]) => T[]) => void;
  findKey: K;
  results: (data: DataOf<K>) => T[];
  idOf: (item: T) => string;
  /** How an item is shown, in its tag and in the results. */
  labelOf: (item: T) => string;
  /** The chosen item's tag, when it should differ from its label (a tag cuts long text short). */
  tagOf?: (item: T) => string;
  /** How the Add and Remove buttons name an item. */
  nameOf: (item: T) => string;
  /** The search field's id, also what its label points at. */
  inputId: string;
  wording: PickerWording;
}

export function ChosenPicker<T, K extends FindKey>({
  chosen,
  onChange,
  findKey,
  results,
  idOf,
  labelOf,
  tagOf = labelOf,
  nameOf,
  inputId,
  wording,
}: ChosenPickerProps<T, K>) {
  const [query, setQuery] = useState('');
  const debounced = useDebounced(query.trim(), PICKER_SEARCH_DEBOUNCE_MS);
  // FindKey guarantees `{ query }` is a valid payload; TypeScript cannot see that through K.
  const payload = [debounced === '' ? null : { query: debounced }] as RequestArgs<K>;
  const search = useResolver(findKey, ...payload);
  const found = search.data ? results(search.data) : [];
  const chosenIds = new Set(chosen.map(idOf));

  return (
    <>
      {chosen.map((item) => (
        <Inline key={idOf(item)} space="space.100" alignBlock="center">
          <Tag text={tagOf(item)} />
          <Button
            appearance="subtle"
            spacing="compact"
            onClick={() => onChange((current) => current.filter((c) => idOf(c) !== idOf(item)))}
          >
            {`Remove ${nameOf(item)}`}
          </Button>
        </Inline>
      ))}
      <Label labelFor={inputId}>{wording.label}</Label>
      <Inline space="space.100" alignBlock="center">
        <Textfield
          id={inputId}
          placeholder={wording.placeholder}
          value={query}
          onChange={(e) => setQuery(String(e.target.value ?? ''))}
        />
        {search.loading ? <Spinner size="small" label={wording.searching} /> : null}
      </Inline>
      <AppErrorMessage error={search.error} title={wording.errorTitle} />
      {debounced !== '' && !search.loading && !search.error && found.length === 0 ? (
        <Text>{wording.noMatch}</Text>
      ) : null}
      {found.map((item) => (
        <Inline key={idOf(item)} space="space.100" alignBlock="center">
          <Text>{labelOf(item)}</Text>
          {chosenIds.has(idOf(item)) ? (
            <Text size="small" color="color.text.subtle">
              Added
            </Text>
          ) : (
            <Button spacing="compact" onClick={() => onChange((current) => [...current, item])}>
              {`Add ${nameOf(item)}`}
            </Button>
          )}
        </Inline>
      ))}
    </>
  );
}
