// The record's relations to other Atlas CRM records, with roles: relate, change roles, remove.
import { createContext, useContext, useState, type ReactNode } from 'react';
import {
  Box,
  Button,
  Heading,
  Inline,
  Lozenge,
  SectionMessage,
  Stack,
  Tag,
  Text,
} from '@forge/react';
import type { AppError, EntitySummary, RelatedRecord, RelationsData } from '../../shared/contract';
import { ConfirmButtons, type ConfirmButtonsProps } from '../shared/ConfirmButtons';
import { AppErrorMessage } from '../shared/errors';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';
import { useAction } from '../shared/useAction';
import { knownRoles, RecordPicker, RolesInput, useRolesInUse } from './RecordPicker';
import { RecordNameButton } from './RecordNameButton';

export interface RelationsProps {
  entity: EntitySummary;
  related: RelatedRecord[];
  relatedTotal: number;
  /** Changes reach only records linked to this issue, as the backend allows. */
  canChange: boolean;
  onOpen: (entityId: string) => void;
}

/**
 * What is being done to one relation, or the relate form. A relation's actions sit behind one
 * compact "Edit relation" per row (its roles, and removing it): at 400 px a row of long
 * "Change roles of …" buttons was cut and could not be told apart.
 */
type Step =
  | { kind: 'idle'; focusId?: string }
  | { kind: 'relate'; other?: EntitySummary; roles: string[] }
  | { kind: 'roles'; otherId: string; roles: string[] }
  | { kind: 'remove'; otherId: string; roles: string[] };

const IDLE: Step = { kind: 'idle' };

/**
 * Whether the person may edit this issue. Without it the backend sends only the related records
 * linked to this issue too, so "none" here does not mean the record has none. Set by the panel.
 */
const MayEditIssue = createContext(true);
export const MayEditIssueProvider = MayEditIssue.Provider;

/** Shown where related records may be held back from a read-only viewer. */
const HIDDEN_FROM_VIEWER = 'Related records are shown to people who can edit this issue.';
const SOME_HIDDEN_FROM_VIEWER =
  'Only those linked to this issue too are shown here. People who can edit this issue see all related records.';

export function Relations({ entity, related, relatedTotal, canChange, onOpen }: RelationsProps) {
  // The answer of the last change: Atlas CRM's relations after it, no second read.
  const mayEditIssue = useContext(MayEditIssue);
  const [changed, setChanged] = useState<RelationsData>();
  const shown = changed ?? { related, relatedTotal };
  const [step, setStep] = useState<Step>(IDLE);
  const [done, setDone] = useState<string>();
  const [removedFocus, setRemovedFocus] = useState(false);
  const add = useAction('relations/add');
  const update = useAction('relations/update');
  const remove = useAction('relations/remove');
  const known = knownRoles(shown.related);
  const relatedIds = new Set([entity.id, ...shown.related.map((item) => item.entity.id)]);

  const finish = (data: RelationsData, message: string, focusId?: string) => {
    setChanged(data);
    setStep({ kind: 'idle', focusId });
    setDone(message);
  };
  const start = (next: Step) => {
    setRemovedFocus(false);
    add.reset();
    update.reset();
    remove.reset();
    setDone(undefined);
    setStep(next);
  };

  const relate = async (other: EntitySummary, roles: string[]) => {
    const r = await add.run({ entityId: entity.id, otherId: other.id, roles });
    if (r.ok) finish(r.data, `${other.name} is now related to ${entity.name}.`, other.id);
  };
  const saveRoles = async (other: EntitySummary, roles: string[]) => {
    const r = await update.run({ entityId: entity.id, otherId: other.id, roles });
    if (r.ok) finish(r.data, `Roles of ${other.name} saved.`, other.id);
  };
  const unrelate = async (other: EntitySummary) => {
    const r = await remove.run({ entityId: entity.id, otherId: other.id });
    if (r.ok) {
      finish(r.data, `${other.name} is no longer related to ${entity.name}.`);
      setRemovedFocus(true);
    }
  };

  return (
    <Stack space="space.075">
      <Heading size="xxsmall" as="h5">
        {/* A viewer sees only what is linked here too: the count says so, never "none exist". */}
        {mayEditIssue
          ? `Related (${shown.relatedTotal})`
          : `Related (${shown.related.length} shown)`}
      </Heading>
      {/* There before a change, so what it did is announced when it appears. */}
      <Box role="status">
        {done ? (
          <SectionMessage appearance="success">
            <Text>{done}</Text>
          </SectionMessage>
        ) : null}
      </Box>
      {shown.related.length === 0 ? (
        <Text>{mayEditIssue ? 'No related records.' : HIDDEN_FROM_VIEWER}</Text>
      ) : null}
      {/* One row per record: name, type, roles and its one compact action, side by side. */}
      {shown.related.map(({ entity: other, roles }) => (
        <Stack key={other.id} space="space.075">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <RecordNameButton id={other.id} name={other.name} onOpen={onOpen} />
            <Lozenge>{TYPE_LABELS[other.type].title}</Lozenge>
            {roles.map((role) => (
              <Tag key={role} text={role} />
            ))}
            {canChange && step.kind === 'idle' ? (
              <Button
                key={step.focusId === other.id ? 'edit-back' : 'edit'}
                appearance="subtle"
                spacing="compact"
                autoFocus={step.focusId === other.id}
                onClick={() => start({ kind: 'roles', otherId: other.id, roles })}
              >
                Edit relation
              </Button>
            ) : null}
          </Inline>
          {step.kind === 'roles' && step.otherId === other.id ? (
            <Stack space="space.075">
              <RolesInput
                id={`relation-roles-${other.id}`}
                roles={step.roles}
                known={known}
                autoFocus
                onChange={(next) => setStep({ ...step, roles: next })}
              />
              <StepButtons
                label="Save roles"
                appearance="primary"
                action={update}
                errorTitle="Roles not saved"
                onConfirm={() => saveRoles(other, step.roles)}
                onCancel={() => setStep({ kind: 'idle', focusId: other.id })}
              >
                <Button
                  appearance="subtle"
                  spacing="compact"
                  isDisabled={update.busy}
                  onClick={() => start({ kind: 'remove', otherId: other.id, roles })}
                >
                  Remove relation…
                </Button>
              </StepButtons>
            </Stack>
          ) : null}
          {step.kind === 'remove' && step.otherId === other.id ? (
            <Stack space="space.075">
              <Text>{`Remove the relation between ${entity.name} and ${other.name}? Both records stay in Atlas CRM.`}</Text>
              <StepButtons
                label="Remove relation"
                action={remove}
                errorTitle="Relation not removed"
                autoFocus
                onConfirm={() => unrelate(other)}
                onCancel={() => setStep({ kind: 'roles', otherId: other.id, roles: step.roles })}
              />
            </Stack>
          ) : null}
        </Stack>
      ))}
      {shown.relatedTotal > shown.related.length ? (
        <Text size="small" color="color.text.subtle">
          {`${shown.relatedTotal - shown.related.length} more in Atlas CRM.`}
        </Text>
      ) : null}
      {!mayEditIssue && shown.related.length > 0 ? (
        <Text size="small" color="color.text.subtle">
          {SOME_HIDDEN_FROM_VIEWER}
        </Text>
      ) : null}
      {canChange && step.kind === 'idle' ? (
        <Inline>
          {/* After a removal the row is gone: the focus comes here. */}
          <Button
            key={removedFocus ? 'relate-back' : 'relate'}
            spacing="compact"
            autoFocus={removedFocus}
            onClick={() => start({ kind: 'relate', roles: [] })}
          >
            Relate to another record
          </Button>
        </Inline>
      ) : null}
      {step.kind === 'relate' ? (
        <RelateForm
          entity={entity}
          step={step}
          setStep={setStep}
          known={known}
          excludeIds={relatedIds}
          action={add}
          onRelate={relate}
          onCancel={() => setStep(IDLE)}
        />
      ) : null}
    </Stack>
  );
}

/** "Relate to another record": pick it, choose roles (those in use on its relations offered). */
function RelateForm({
  entity,
  step,
  setStep,
  known,
  excludeIds,
  action,
  onRelate,
  onCancel,
}: {
  entity: EntitySummary;
  step: Extract<Step, { kind: 'relate' }>;
  setStep: (step: Step) => void;
  known: string[];
  excludeIds: ReadonlySet<string>;
  action: { busy: boolean; error?: AppError };
  onRelate: (other: EntitySummary, roles: string[]) => Promise<void>;
  onCancel: () => void;
}) {
  const inUse = useRolesInUse(step.other?.id);
  const offered = [...new Set([...known, ...(inUse ?? [])])].sort((a, b) => a.localeCompare(b));
  return (
    <Stack space="space.100">
      <Heading size="xxsmall" as="h5">{`Relate ${entity.name} to`}</Heading>
      {step.other ? (
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text weight="medium">{step.other.name}</Text>
          <Lozenge>{TYPE_LABELS[step.other.type].title}</Lozenge>
          <Button
            appearance="subtle"
            spacing="compact"
            isDisabled={action.busy}
            onClick={() => setStep({ ...step, other: undefined })}
          >
            Pick another
          </Button>
        </Inline>
      ) : (
        <RecordPicker
          idPrefix="relate-pick"
          types={ENTITY_TYPES.filter((type) => type !== entity.type).concat(entity.type)}
          excludeIds={excludeIds}
          autoFocus
          onPick={(other) => setStep({ ...step, other })}
        />
      )}
      <RolesInput
        id="relate-roles"
        roles={step.roles}
        known={offered}
        onChange={(roles) => setStep({ ...step, roles })}
      />
      <StepButtons
        label="Relate"
        appearance="primary"
        disabled={!step.other}
        action={action}
        errorTitle="Not related"
        onConfirm={() => step.other && onRelate(step.other, step.roles)}
        onCancel={onCancel}
      />
    </Stack>
  );
}

/** A step's buttons (and any more beside them), and under them why its last try failed. */
function StepButtons({
  action,
  errorTitle,
  children,
  ...buttons
}: Omit<ConfirmButtonsProps, 'busy' | 'compact'> & {
  action: { busy: boolean; error?: AppError };
  errorTitle: string;
  children?: ReactNode;
}) {
  return (
    <>
      <Inline space="space.100" shouldWrap>
        <ConfirmButtons {...buttons} compact busy={action.busy} />
        {children}
      </Inline>
      <AppErrorMessage error={action.error} title={errorTitle} />
    </>
  );
}
