// "Edit": the record's values in the create form's inputs. Only changed fields are sent, each with
// the value the form showed, so a change made in Atlas CRM meanwhile is shown, not overwritten.
import { useState } from 'react';
import {
  Button,
  Heading,
  Inline,
  LoadingButton,
  SectionMessage,
  Stack,
  Text,
  User,
} from '@forge/react';
import type {
  EntityDetails,
  FieldInfo,
  FieldValue,
  FieldValues,
  TemplateInfo,
  UpdateConflict,
  UpdateResult,
} from '../../shared/contract';
import { allFields } from '../../crm/template';
import { DiscardConfirm, useDiscardQuestion } from '../shared/DiscardConfirm';
import { AppErrorMessage } from '../shared/errors';
import { formatField } from '../shared/format';
import { toLocalDateTime, useViewerLocale } from '../shared/datetime';
import { useAction } from '../shared/useAction';
import { toFieldValues } from './CreateForm';
import { TemplateFields } from './TemplateFields';
import { useUnsavedDraft } from './unsavedDraft';
import { timeErrorKey, useTemplateDraft, type Draft } from './useTemplateDraft';

/** A stored value as the create form's input holds it. */
export function toDraftValue(field: FieldInfo, value: FieldValue | undefined): string | string[] {
  if (field.type === 'multi-select') return Array.isArray(value) ? [...value] : [];
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (field.type === 'timestamp') return toLocalDateTime(String(value));
  return String(value);
}

function toDraft(template: TemplateInfo, values: FieldValues): Draft {
  return Object.fromEntries(
    allFields(template).map((field) => [field.id, toDraftValue(field, values[field.id])]),
  );
}

function sameInput(a: string | string[] | undefined, b: string | string[] | undefined): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');
  return a === b;
}

/** The values of a record's details, by field id. */
export function detailValues(details: EntityDetails): FieldValues {
  return Object.fromEntries(
    details.sections.flatMap((section) => section.fields.map((field) => [field.id, field.value])),
  );
}

/** The details as they are after a save: the written values and Atlas CRM's new summary. */
export function withSaved(
  details: EntityDetails,
  { conflict: _conflict, links: _links, ...entity }: UpdateResult,
  fields: FieldValues,
): EntityDetails {
  const sections = details.sections.map((section) => ({
    ...section,
    fields: section.fields.map((field) =>
      Object.hasOwn(fields, field.id) ? { ...field, value: fields[field.id] ?? null } : field,
    ),
  }));
  return { ...details, entity, sections };
}

export interface Changes {
  /** Changed fields only; an emptied field is null, which clears it in Atlas CRM. */
  fields: FieldValues;
  /** What the form showed for each of them. */
  expected: FieldValues;
  problems: Record<string, string>;
}

/** What the person changed, checked as the create form checks its values. */
export function changesOf(
  template: TemplateInfo,
  draft: Draft,
  start: Draft,
  shown: FieldValues,
  locale?: string,
): Changes {
  const changed = allFields(template).filter(
    (field) => !sameInput(draft[field.id], start[field.id]),
  );
  const only = { ...template, sections: [{ name: '', fields: changed }] };
  const { fields, problems } = toFieldValues(only, draft, locale);
  const expected: FieldValues = {};
  for (const field of changed) {
    const refused =
      Object.hasOwn(problems, field.id) || Object.hasOwn(problems, timeErrorKey(field.id));
    if (!Object.hasOwn(fields, field.id) && !refused) fields[field.id] = null;
    expected[field.id] = shown[field.id] ?? null;
  }
  return { fields, expected, problems };
}

export interface EditFormProps {
  details: EntityDetails;
  /** `fields` are the values that were written. */
  onSaved: (result: UpdateResult, fields: FieldValues) => void;
  onCancel: () => void;
}

export function EditForm({ details, onSaved, onCancel }: EditFormProps) {
  const { template, entity } = details;
  const [shown, setShown] = useState<FieldValues>(() => detailValues(details));
  const [start, setStart] = useState<Draft>(() => toDraft(template, shown));
  const form = useTemplateDraft(start);
  // Remounts the inputs when values are replaced from outside (UserPicker keeps its own state).
  const [revision, setRevision] = useState(0);
  const [conflict, setConflict] = useState<UpdateConflict>();
  const updateAction = useAction('entities/update');
  const error = form.formError ?? updateAction.error;
  const byId = new Map(allFields(template).map((field) => [field.id, field]));
  const locale = useViewerLocale();
  const pending = changesOf(template, form.draft, start, shown, locale);
  const nothingChanged =
    Object.keys(pending.fields).length === 0 && Object.keys(pending.problems).length === 0;
  // Back (or opening another record) asks before unsaved changes are dropped.
  useUnsavedDraft(`edit-${entity.id}`, !nothingChanged);

  // Cancel asks first when something was changed, as the create form does.
  const discard = useDiscardQuestion(!nothingChanged, onCancel);

  const setFieldValue = (id: string, value: string | string[]) => {
    form.setValue(id, value);
    discard.keep();
    form.clearFieldError(id);
  };

  const submit = async (baseline: FieldValues = shown, from: Draft = start) => {
    const { fields, expected, problems } = changesOf(template, form.draft, from, baseline, locale);
    if (form.showProblems(problems)) return;
    setConflict(undefined);
    if (Object.keys(fields).length === 0) return;
    const result = await updateAction.run({ entityId: entity.id, fields, expected });
    if (!result.ok) {
      // Everything typed stays; the problems are shown at their fields and at the button.
      form.setFieldErrors(result.error.fieldErrors ?? {});
      return;
    }
    if (result.data.conflict) setConflict(result.data.conflict);
    else onSaved(result.data, fields);
  };

  /** Atlas CRM's values become what the form started from, so they are not reported again. */
  const acceptTheirs = (replaceInputs: boolean) => {
    if (!conflict) return { baseline: shown, from: start };
    const theirs = Object.fromEntries(
      Object.entries(conflict.fields).map(([id, { theirs: value }]) => [id, value]),
    );
    const baseline = { ...shown, ...theirs };
    const from = { ...start };
    for (const [id, value] of Object.entries(theirs)) {
      const field = byId.get(id);
      if (field) from[id] = toDraftValue(field, value);
    }
    setShown(baseline);
    setStart(from);
    setConflict(undefined);
    if (replaceInputs) {
      form.setDraft((current) => ({ ...current, ...pick(from, Object.keys(theirs)) }));
      setRevision((count) => count + 1);
    }
    return { baseline, from };
  };

  const keepTheirs = () => acceptTheirs(true);
  const saveMine = () => {
    const { baseline, from } = acceptTheirs(false);
    void submit(baseline, from);
  };

  return (
    <Stack space="space.200">
      <Heading size="xsmall">{`Edit ${entity.name}`}</Heading>
      <Text size="small" color="color.text.subtle">
        Only the fields you change are saved. Fields marked with an asterisk are required.
      </Text>
      <TemplateFields
        template={template}
        form={form}
        onValue={setFieldValue}
        idPrefix="edit"
        revision={revision}
        headingLevel="h6"
        focusFirst
      />
      {conflict ? (
        <ConflictMessage
          conflict={conflict}
          fields={byId}
          busy={updateAction.busy}
          onSaveMine={saveMine}
          onKeepTheirs={keepTheirs}
        />
      ) : null}
      {error ? (
        <AppErrorMessage
          error={error}
          title={error.code === 'VALIDATION' ? 'Nothing was saved' : undefined}
          onRetry={() => void submit()}
        />
      ) : null}
      <Inline space="space.100" alignBlock="center">
        <LoadingButton
          appearance="primary"
          isLoading={updateAction.busy}
          isDisabled={nothingChanged || conflict !== undefined}
          onClick={() => void submit()}
        >
          Save changes
        </LoadingButton>
        {/* Remounted focused after "Keep editing": the focus returns where it was. */}
        <Button
          key={`cancel-${discard.kept}`}
          appearance="subtle"
          isDisabled={updateAction.busy || discard.asking}
          autoFocus={discard.kept > 0}
          onClick={discard.cancel}
        >
          Cancel
        </Button>
        {nothingChanged && !conflict ? (
          <Text size="small" color="color.text.subtle">
            No changes to save
          </Text>
        ) : null}
      </Inline>
      <DiscardConfirm
        question={discard}
        title={'Discard your changes?'}
        text="They are not saved in Atlas CRM and will be lost."
        discardLabel="Discard changes"
      />
    </Stack>
  );
}

function pick(draft: Draft, ids: string[]): Draft {
  return Object.fromEntries(
    ids.filter((id) => Object.hasOwn(draft, id)).map((id) => [id, draft[id] ?? '']),
  );
}

function ShownValue({ field, value }: { field: FieldInfo | undefined; value: FieldValue }) {
  if (field?.type === 'user' && typeof value === 'string' && value.trim() !== '')
    return <User accountId={value} />;
  return <Text>{field ? formatField(field, value) : String(value ?? '—')}</Text>;
}

function ConflictMessage({
  conflict,
  fields,
  busy,
  onSaveMine,
  onKeepTheirs,
}: {
  conflict: UpdateConflict;
  fields: Map<string, FieldInfo>;
  busy: boolean;
  onSaveMine: () => void;
  onKeepTheirs: () => void;
}) {
  return (
    <SectionMessage appearance="warning" title="Changed in Atlas CRM since you opened this form">
      <Stack space="space.150">
        <Text>{conflict.message}</Text>
        {Object.entries(conflict.fields).map(([id, { yours, theirs }]) => {
          const field = fields.get(id);
          return (
            <Stack key={id} space="space.050">
              <Text weight="bold">{field?.label ?? id}</Text>
              <Inline space="space.100" alignBlock="center">
                <Text>Yours:</Text>
                <ShownValue field={field} value={yours} />
              </Inline>
              <Inline space="space.100" alignBlock="center">
                <Text>In Atlas CRM now:</Text>
                <ShownValue field={field} value={theirs} />
              </Inline>
            </Stack>
          );
        })}
        <Inline space="space.100">
          <LoadingButton appearance="warning" isLoading={busy} onClick={onSaveMine}>
            Save mine over theirs
          </LoadingButton>
          <Button appearance="subtle" isDisabled={busy} onClick={onKeepTheirs}>
            Keep theirs
          </Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}
