// The record's relations to other Atlas CRM records, with roles: relate, change roles, remove.
import { createContext, useContext, useState } from 'react';
import { Button, Heading, Inline, Lozenge, SectionMessage, Stack, Tag, Text } from '@forge/react';
import type { AppError, EntitySummary, RelatedRecord, RelationsData } from '../../shared/contract';
import { ConfirmButtons, type ConfirmButtonsProps } from '../shared/ConfirmButtons';
import { AppErrorMessage } from '../shared/errors';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';
import { useAction } from '../shared/useAction';
import { knownRoles, RecordPicker, RolesInput } from './RecordPicker';

export interface RelationsProps {
  entity: EntitySummary;
  related: RelatedRecord[];
  relatedTotal: number;
  /** Changes reach only records linked to this issue, as the backend allows. */
  canChange: boolean;
  onOpen: (entityId: string) => void;
}

/** What is being done to one relation, or the relate form. */
type Step =
  | { kind: 'idle' }
  | { kind: 'relate'; other?: EntitySummary; roles: string[] }
  | { kind: 'roles'; otherId: string; roles: string[] }
  | { kind: 'remove'; otherId: string };

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
  const add = useAction('relations/add');
  const update = useAction('relations/update');
  const remove = useAction('relations/remove');
  const known = knownRoles(shown.related);
  const relatedIds = new Set([entity.id, ...shown.related.map((item) => item.entity.id)]);

  const finish = (data: RelationsData, message: string) => {
    setChanged(data);
    setStep(IDLE);
    setDone(message);
  };
  const start = (next: Step) => {
    add.reset();
    update.reset();
    remove.reset();
    setDone(undefined);
    setStep(next);
  };

  const relate = async (other: EntitySummary, roles: string[]) => {
    const r = await add.run({ entityId: entity.id, otherId: other.id, roles });
    if (r.ok) finish(r.data, `${other.name} is now related to ${entity.name}.`);
  };
  const saveRoles = async (other: EntitySummary, roles: string[]) => {
    const r = await update.run({ entityId: entity.id, otherId: other.id, roles });
    if (r.ok) finish(r.data, `Roles of ${other.name} saved.`);
  };
  const unrelate = async (other: EntitySummary) => {
    const r = await remove.run({ entityId: entity.id, otherId: other.id });
    if (r.ok) finish(r.data, `${other.name} is no longer related to ${entity.name}.`);
  };

  return (
    <Stack space="space.075">
      <Heading size="xxsmall">
        {/* A viewer sees only what is linked here too: the count says so, never "none exist". */}
        {mayEditIssue
          ? `Related (${shown.relatedTotal})`
          : `Related (${shown.related.length} shown)`}
      </Heading>
      {done ? (
        <SectionMessage appearance="success">
          <Text>{done}</Text>
        </SectionMessage>
      ) : null}
      {shown.related.length === 0 ? (
        <Text>{mayEditIssue ? 'No related records.' : HIDDEN_FROM_VIEWER}</Text>
      ) : null}
      {/* One row per record: name, type and roles side by side (a TagGroup took its own line). */}
      {shown.related.map(({ entity: other, roles }) => (
        <Stack key={other.id} space="space.075">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Button appearance="subtle" spacing="compact" onClick={() => onOpen(other.id)}>
              {other.name}
            </Button>
            <Lozenge>{TYPE_LABELS[other.type].title}</Lozenge>
            {roles.map((role) => (
              <Tag key={role} text={role} />
            ))}
          </Inline>
          {/* Actions on their own line, so long names never push them between the roles. */}
          {canChange && step.kind === 'idle' ? (
            <Inline space="space.100" shouldWrap>
              <Button
                appearance="subtle"
                spacing="compact"
                onClick={() => start({ kind: 'roles', otherId: other.id, roles })}
              >
                {`Change roles of ${other.name}`}
              </Button>
              <Button
                appearance="subtle"
                spacing="compact"
                onClick={() => start({ kind: 'remove', otherId: other.id })}
              >
                {`Remove relation to ${other.name}`}
              </Button>
            </Inline>
          ) : null}
          {step.kind === 'roles' && step.otherId === other.id ? (
            <Stack space="space.075">
              <RolesInput
                id={`relation-roles-${other.id}`}
                roles={step.roles}
                known={known}
                onChange={(next) => setStep({ ...step, roles: next })}
              />
              <StepButtons
                label="Save roles"
                appearance="primary"
                action={update}
                errorTitle="Roles not saved"
                onConfirm={() => saveRoles(other, step.roles)}
                onCancel={() => setStep(IDLE)}
              />
            </Stack>
          ) : null}
          {step.kind === 'remove' && step.otherId === other.id ? (
            <Stack space="space.075">
              <Text>{`Remove the relation between ${entity.name} and ${other.name}? Both records stay in Atlas CRM.`}</Text>
              <StepButtons
                label="Remove relation"
                action={remove}
                errorTitle="Relation not removed"
                onConfirm={() => unrelate(other)}
                onCancel={() => setStep(IDLE)}
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
          <Button spacing="compact" onClick={() => start({ kind: 'relate', roles: [] })}>
            Relate to another record
          </Button>
        </Inline>
      ) : null}
      {step.kind === 'relate' ? (
        <Stack space="space.100">
          <Heading size="xxsmall">{`Relate ${entity.name} to`}</Heading>
          {step.other ? (
            <Inline space="space.100" alignBlock="center" shouldWrap>
              <Text weight="medium">{step.other.name}</Text>
              <Lozenge>{TYPE_LABELS[step.other.type].title}</Lozenge>
              <Button
                appearance="subtle"
                spacing="compact"
                isDisabled={add.busy}
                onClick={() => setStep({ ...step, other: undefined })}
              >
                Pick another
              </Button>
            </Inline>
          ) : (
            <RecordPicker
              idPrefix="relate-pick"
              types={ENTITY_TYPES.filter((type) => type !== entity.type).concat(entity.type)}
              excludeIds={relatedIds}
              onPick={(other) => setStep({ ...step, other })}
            />
          )}
          <RolesInput
            id="relate-roles"
            roles={step.roles}
            known={known}
            onChange={(roles) => setStep({ ...step, roles })}
          />
          <StepButtons
            label="Relate"
            appearance="primary"
            disabled={!step.other}
            action={add}
            errorTitle="Not related"
            onConfirm={() => step.other && relate(step.other, step.roles)}
            onCancel={() => setStep(IDLE)}
          />
        </Stack>
      ) : null}
    </Stack>
  );
}

/** A step's buttons, and under them why its last try failed. */
function StepButtons({
  action,
  errorTitle,
  ...buttons
}: Omit<ConfirmButtonsProps, 'busy' | 'compact'> & {
  action: { busy: boolean; error?: AppError };
  errorTitle: string;
}) {
  return (
    <>
      <Inline space="space.100">
        <ConfirmButtons {...buttons} compact busy={action.busy} />
      </Inline>
      <AppErrorMessage error={action.error} title={errorTitle} />
    </>
  );
}
