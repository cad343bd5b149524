// Pick another Atlas CRM record by name (for a relation), and choose the roles it gets.
import { useState } from 'react';
import { Button, Inline, Label, Lozenge, Select, Stack, Text, Textfield } from '@forge/react';
import type { EntitySummary, EntityType, RelatedRecord } from '../../shared/contract';
import { LIMITS, RELATION_LIMITS } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { TYPE_LABELS } from '../shared/format';
import { useDebounced } from '../shared/useDebounced';
import { useResolver } from '../shared/useResolver';
import { SearchInputs } from './SearchInputs';
import { SEARCH_DEBOUNCE_MS } from './useSearch';

const PICK_PAGE_SIZE = 5;

export interface RecordPickerProps {
  /** Types offered; the first is searched first. */
  types: readonly EntityType[];
  /** Records that can not be picked (already related, the record itself). */
  excludeIds: ReadonlySet<string>;
  onPick: (entity: EntitySummary) => void;
  /** Prefix of the inputs' ids, so two pickers on a screen stay apart. */
  idPrefix: string;
  /** The text box takes the focus: the picker was just opened. */
  autoFocus?: boolean;
}

export function RecordPicker({
  types,
  excludeIds,
  onPick,
  idPrefix,
  autoFocus,
}: RecordPickerProps) {
  const [type, setType] = useState<EntityType>(types[0] ?? 'company');
  const [text, setText] = useState('');
  const query = useDebounced(text.trim(), SEARCH_DEBOUNCE_MS);
  const ready = query.length >= LIMITS.searchTextMin;
  const { data, error, loading, retry } = useResolver(
    'entities/search',
    ready ? { type, text: query.slice(0, LIMITS.searchTextMax), pageSize: PICK_PAGE_SIZE } : null,
  );
  const items = ready ? (data?.items ?? []).filter((item) => !excludeIds.has(item.id)) : [];

  return (
    <Stack space="space.100">
      <SearchInputs
        idPrefix={idPrefix}
        types={types}
        search={{ type, setType, text, setText }}
        placeholder={`Find ${TYPE_LABELS[type].many.toLowerCase()} by name`}
        searching={loading}
        autoFocus={autoFocus}
      />
      {!ready && text.trim() !== '' ? (
        <Text size="small" color="color.text.subtle">
          {`Type at least ${LIMITS.searchTextMin} characters.`}
        </Text>
      ) : null}
      <AppErrorMessage error={error} title="Search failed" onRetry={retry} />
      {ready && !loading && !error && data && items.length === 0 ? (
        <Text>{`No ${TYPE_LABELS[type].many.toLowerCase()} match this search.`}</Text>
      ) : null}
      {items.map((item) => (
        <Inline key={item.id} space="space.100" alignBlock="center">
          <Button spacing="compact" onClick={() => onPick(item)}>
            {`Pick ${item.name}`}
          </Button>
          <Lozenge>{TYPE_LABELS[item.type].title}</Lozenge>
        </Inline>
      ))}
    </Stack>
  );
}

// Roles seen in the relations this panel has read (details answers): offered in every picker.
const seenRoles = new Set<string>();

/** Remembers the roles of these relations; answers all roles seen so far, sorted. */
export function knownRoles(related: readonly RelatedRecord[]): string[] {
  for (const { roles } of related) for (const role of roles) seenRoles.add(role);
  return [...seenRoles].sort((a, b) => a.localeCompare(b));
}

/**
 * The roles in use on a record's relations in Atlas CRM, read from its details: a new relation
 * to it is offered them, so the same role is not spelled two ways. Undefined while reading.
 */
export function useRolesInUse(entityId: string | undefined): string[] | undefined {
  const { data } = useResolver('entities/get', entityId ? { entityId } : null);
  return data ? knownRoles(data.related) : undefined;
}

interface RoleOption {
  label: string;
  value: string;
}

export interface RolesInputProps {
  id: string;
  roles: string[];
  onChange: (roles: string[]) => void;
  /** Roles already used in Atlas CRM, as far as this panel has seen them. */
  known: readonly string[];
  /** The roles take the focus: the relation's editor was just opened. */
  autoFocus?: boolean;
}

/** Choose roles already used, or type a new one. */
export function RolesInput({ id, roles, onChange, known, autoFocus }: RolesInputProps) {
  const [typed, setTyped] = useState('');
  const all = [...new Set([...known, ...roles])];
  const options: RoleOption[] = all.map((role) => ({ label: role, value: role }));
  const newRole = typed.trim();
  const tooLong = [...newRole].length > RELATION_LIMITS.roleMax;
  const full = roles.length >= RELATION_LIMITS.rolesMax;
  const addTyped = () => {
    if (newRole === '' || tooLong || full) return;
    if (!roles.some((role) => role.toLowerCase() === newRole.toLowerCase()))
      onChange([...roles, newRole]);
    setTyped('');
  };
  return (
    <Stack space="space.075">
      <Label labelFor={id}>Roles</Label>
      <Select
        inputId={id}
        autoFocus={autoFocus}
        isMulti
        placeholder={all.length > 0 ? 'Choose roles in use' : 'No roles in use: type one below'}
        options={options}
        value={options.filter((option) => roles.includes(option.value))}
        onChange={(chosen: RoleOption[] | null) =>
          onChange((chosen ?? []).map((option) => option.value))
        }
      />
      <Inline space="space.100" alignBlock="center">
        <Textfield
          id={`${id}-new`}
          placeholder="Or type a new role"
          value={typed}
          onChange={(e) => setTyped(String(e.target.value ?? ''))}
        />
        <Button spacing="compact" isDisabled={newRole === '' || tooLong || full} onClick={addTyped}>
          Add role
        </Button>
      </Inline>
      {tooLong ? (
        <Text size="small" color="color.text.danger">
          {`A role can be at most ${RELATION_LIMITS.roleMax} characters.`}
        </Text>
      ) : null}
    </Stack>
  );
}
