// "Relate to a company" (new contacts and sales) and "Relate to contacts" (new sales): picked in
// the create form, sent with the create. A relation that fails is shown before the form closes.
import { useState } from 'react';
import { Button, Heading, Inline, Lozenge, SectionMessage, Stack, Text } from '@forge/react';
import type {
  CreatePayload,
  CreateResult,
  EntitySummary,
  EntityType,
  RelateTo,
} from '../../shared/contract';
import { RELATION_LIMITS } from '../../shared/contract';
import { TYPE_LABELS } from '../shared/format';
import { knownRoles, RecordPicker, RolesInput, useRolesInUse } from './RecordPicker';

interface Pick {
  entity: EntitySummary;
  roles: string[];
}

/** Which records a new one of this type can be related to in the same step. */
const RELATE_TYPES: Record<EntityType, EntityType[]> = {
  company: [],
  contact: ['company'],
  sale: ['company', 'contact'],
};

export interface CreateRelationsState {
  type: EntityType;
  picks: Pick[];
  setPicks: (picks: Pick[]) => void;
  /** A created record some of whose relations failed: shown until the person goes on. */
  created?: CreateResult;
  /** Goes on to the panel, as after any create. */
  proceed: () => void;
  /** Hand created records here: one with failed relations waits for the person to read why. */
  onCreated: (result: CreateResult) => void;
  /** The create action, sending the picked relations with every create (also "Create anyway"). */
  wrap: <S extends { run: (payload: CreatePayload) => unknown }>(state: S) => S;
  /** The picks differ from what the form started with. */
  changed: boolean;
}

export function useCreateRelations(
  type: EntityType,
  onCreated: (result: CreateResult) => void,
  /** The issue's company: where a new contact or sale is most likely to belong. */
  issueCompany?: EntitySummary,
): CreateRelationsState {
  const [initial] = useState<Pick[]>(() =>
    issueCompany && RELATE_TYPES[type].includes('company')
      ? [{ entity: issueCompany, roles: [] }]
      : [],
  );
  const [picks, setPicks] = useState<Pick[]>(initial);
  const [created, setCreated] = useState<CreateResult>();
  const relateTo: RelateTo[] = picks.map(({ entity, roles }) => ({ entityId: entity.id, roles }));
  return {
    type,
    picks,
    setPicks,
    created,
    proceed: () => created && onCreated(created),
    onCreated: (result) => (result.relateFailures?.length ? setCreated(result) : onCreated(result)),
    changed: JSON.stringify(picks) !== JSON.stringify(initial),
    wrap: (state) => ({
      ...state,
      // Created already: a second click must not create the record twice.
      run: (payload: CreatePayload) =>
        created ? undefined : state.run(relateTo.length > 0 ? { ...payload, relateTo } : payload),
    }),
  };
}

/** The relate sections of the create form, or what failed once the record was created. */
export function CreateRelations({ state }: { state: CreateRelationsState }) {
  const { type, picks, setPicks, created } = state;
  if (created) {
    const nameOf = (id: string) => picks.find((pick) => pick.entity.id === id)?.entity.name ?? id;
    return (
      <SectionMessage appearance="warning" title={`${created.entity.name} was created`}>
        <Stack space="space.100">
          {(created.relateFailures ?? []).map((failure) => (
            <Text key={failure.entityId}>
              {`It is not related to ${nameOf(failure.entityId)}: ${failure.message} You can relate it from its details.`}
            </Text>
          ))}
          <Inline>
            <Button onClick={state.proceed}>Continue</Button>
          </Inline>
        </Stack>
      </SectionMessage>
    );
  }
  const picked = new Set(picks.map((pick) => pick.entity.id));
  const full = picks.length >= RELATION_LIMITS.relateToMax;
  const replace = (id: string, next?: Pick) =>
    setPicks(picks.flatMap((pick) => (pick.entity.id === id ? (next ? [next] : []) : [pick])));
  return (
    <>
      {RELATE_TYPES[type].map((other) => {
        const many = other === 'contact';
        const ofType = picks.filter((pick) => pick.entity.type === other);
        const canPick = !full && (many || ofType.length === 0);
        return (
          <Stack key={other} space="space.100">
            {/* One level below the form's "New …" heading. */}
            <Heading size="xxsmall" as="h5">
              {many ? 'Relate to contacts' : `Relate to a ${TYPE_LABELS[other].one}`}
            </Heading>
            {ofType.map((pick) => (
              <PickedRecord
                key={pick.entity.id}
                pick={pick}
                onChange={(roles) => replace(pick.entity.id, { ...pick, roles })}
                onRemove={() => replace(pick.entity.id)}
              />
            ))}
            {canPick ? (
              <RecordPicker
                idPrefix={`create-relate-${other}`}
                types={[other]}
                excludeIds={picked}
                onPick={(entity) => setPicks([...picks, { entity, roles: [] }])}
              />
            ) : null}
          </Stack>
        );
      })}
    </>
  );
}

/** A record the new one will be related to, with the roles in use on its relations offered. */
function PickedRecord({
  pick,
  onChange,
  onRemove,
}: {
  pick: Pick;
  onChange: (roles: string[]) => void;
  onRemove: () => void;
}) {
  const inUse = useRolesInUse(pick.entity.id);
  return (
    <Stack space="space.075">
      <Inline space="space.100" alignBlock="center" shouldWrap>
        <Text weight="medium">{pick.entity.name}</Text>
        <Lozenge>{TYPE_LABELS[pick.entity.type].title}</Lozenge>
        <Button appearance="subtle" spacing="compact" onClick={onRemove}>
          {`Do not relate to ${pick.entity.name}`}
        </Button>
      </Inline>
      <RolesInput
        id={`create-relate-roles-${pick.entity.id}`}
        roles={pick.roles}
        known={inUse ?? knownRoles([])}
        onChange={onChange}
      />
    </Stack>
  );
}
