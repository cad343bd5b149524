// "New company / contact / sale": a form generated from the CRM template, every field type.
import { useState } from 'react';
import { Button, Checkbox, Heading, Inline, LoadingButton, Stack, Text } from '@forge/react';
import type {
  AppError,
  CreateResult,
  EntitySummary,
  EntityType,
  FieldValue,
  FieldValues,
  TemplateInfo,
} from '../../shared/contract';
import { allFields } from '../../crm/template';
import { isEmptyValue } from '../../shared/guards';
import { DiscardConfirm, useDiscardQuestion } from '../shared/DiscardConfirm';
import { AppErrorMessage } from '../shared/errors';
import { TYPE_LABELS } from '../shared/format';
import { formatProblem, parseDecimal, valueFormatOf } from '../../crm/values';
import {
  isoOrTypedDateProblem,
  readLocalDateTime,
  useViewerLocale,
  toLocalDateTime,
} from '../shared/datetime';
import { CreateRelations, useCreateRelations } from './CreateRelations';
import { DuplicatesFound, useCreateOrDuplicates } from './DuplicatesFound';
import { TemplateFields } from './TemplateFields';
import { fieldOfErrorKey, timeErrorKey, useTemplateDraft, type Draft } from './useTemplateDraft';

export type { Draft };

function initialDraft(template: TemplateInfo): Draft {
  const draft: Draft = {};
  for (const field of allFields(template)) {
    const preset = field.defaultValue;
    if (preset === undefined || preset === null)
      draft[field.id] = field.type === 'multi-select' ? [] : '';
    else if (Array.isArray(preset)) draft[field.id] = [...preset];
    else if (field.type === 'timestamp') draft[field.id] = toLocalDateTime(String(preset));
    else draft[field.id] = String(preset);
  }
  return draft;
}

/** The payload's fields, and the problems the form can see before asking the CRM. */
export function toFieldValues(
  template: TemplateInfo,
  draft: Draft,
  locale?: string,
): { fields: FieldValues; problems: Record<string, string> } {
  const fields: FieldValues = {};
  const problems: Record<string, string> = {};
  for (const field of allFields(template)) {
    const raw = draft[field.id];
    if (raw === undefined || isEmptyValue(raw)) {
      if (field.required) problems[field.id] = `${field.label} is required.`;
      continue;
    }
    let value: FieldValue;
    if (Array.isArray(raw)) value = raw;
    else if (field.type === 'decimal') {
      const number = parseDecimal(raw);
      if (number === undefined) {
        problems[field.id] = `${field.label} must be a number.`;
        continue;
      }
      value = number;
    } else if (field.type === 'date') {
      // DateInput hands over yyyy-mm-dd once it can read the text; anything else is refused.
      const problem = isoOrTypedDateProblem(raw, locale);
      if (problem) {
        problems[field.id] = `${field.label}: ${problem}`;
        continue;
      }
      value = raw.trim();
    } else if (field.type === 'timestamp') {
      // The inputs hold the viewer's local date and time; the CRM gets the instant in UTC.
      // The date and the time each have their own problem, said under each.
      const parsed = readLocalDateTime(raw, locale);
      if (!parsed.ok) {
        if (parsed.date) problems[field.id] = `${field.label}: ${parsed.date}`;
        if (parsed.time) problems[timeErrorKey(field.id)] = `${field.label}: ${parsed.time}`;
        continue;
      }
      value = parsed.iso;
    } else value = field.type === 'text' ? raw : raw.trim();
    // Email, web address, phone and count: the same rules the server checks (crm/values.ts).
    const format = valueFormatOf(field);
    const formatted = format ? formatProblem(format, value) : undefined;
    if (formatted) {
      problems[field.id] = `${field.label} ${formatted}.`;
      continue;
    }
    fields[field.id] = value;
  }
  return { fields, problems };
}

export interface CreateFormProps {
  type: EntityType;
  template: TemplateInfo;
  /** The issue's one linked company: new contacts and sales start related to it. */
  issueCompany?: EntitySummary;
  onCreated: (result: CreateResult) => void;
  onCancel: () => void;
}

export function CreateForm({ type, template, issueCompany, onCreated, onCancel }: CreateFormProps) {
  const form = useTemplateDraft(() => initialDraft(template));
  const [linkToIssue, setLinkToIssue] = useState(true);
  const relating = useCreateRelations(type, onCreated, issueCompany);
  const createAction = relating.wrap(useCreateOrDuplicates(type, template, relating.onCreated));
  const locale = useViewerLocale();
  const saving = createAction.busy;
  // Problems the form found itself, before asking the CRM; they take the place of the CRM's.
  const error = form.formError ?? createAction.error;
  const { fieldErrors } = form;

  // Cancel asks first when something was typed: a half-filled form is not dropped silently.
  const [initial] = useState(form.draft);
  const typed = JSON.stringify(form.draft) !== JSON.stringify(initial) || relating.changed;
  const discard = useDiscardQuestion(typed, onCancel);

  const setFieldValue = (id: string, value: string | string[]) => {
    form.setValue(id, value);
    discard.keep();
    createAction.dismiss();
    form.clearFieldError(id);
    // The last highlighted field is fixed: "check the highlighted fields" no longer applies.
    const keys = Object.keys(fieldErrors);
    const lastFixed = keys.length > 0 && keys.every((key) => fieldOfErrorKey(key) === id);
    if (lastFixed && error?.code === 'VALIDATION') {
      form.setFormError(undefined);
      createAction.reset();
    }
  };

  const submit = async (allowDuplicates?: boolean) => {
    const { fields, problems } = toFieldValues(template, form.draft, locale);
    if (form.showProblems(problems)) return;
    // Records like this one are shown instead of creating, until "Create anyway".
    const failed = await createAction.run({ type, fields, linkToIssue, allowDuplicates });
    // Everything typed stays; the CRM's problems are shown at their fields and at the button.
    if (failed) form.setFieldErrors(failed.fieldErrors ?? {});
  };

  const title = TYPE_LABELS[type].one;
  const formFieldIds = new Set(allFields(template).map((field) => field.id));
  const unplaced = Object.entries(fieldErrors).filter(
    ([key]) => !formFieldIds.has(fieldOfErrorKey(key)),
  );
  const summary = error ? summaryMessage(error, fieldErrors, unplaced) : undefined;

  return (
    <Stack space="space.200">
      <Heading size="small">{`New ${title}`}</Heading>
      <Text size="small" color="color.text.subtle">
        Fields marked with an asterisk are required.
      </Text>
      <TemplateFields template={template} form={form} onValue={setFieldValue} focusFirst />
      <CreateRelations state={relating} />
      <Checkbox
        name="link-to-issue"
        label="Link to this issue"
        isChecked={linkToIssue}
        onChange={(e) => setLinkToIssue(Boolean(e.target.checked))}
      />
      {error ? (
        <AppErrorMessage
          error={{ ...error, message: summary ?? error.message }}
          title={error.code === 'VALIDATION' ? `The ${title} was not created` : undefined}
          onRetry={() => void submit()}
        />
      ) : null}
      <DuplicatesFound state={createAction} onCreateAnyway={() => void submit(true)} />
      <Inline space="space.100">
        <LoadingButton appearance="primary" isLoading={saving} onClick={() => void submit()}>
          {`Create ${title}`}
        </LoadingButton>
        {/* Remounted focused after "Keep editing": the focus returns where it was. */}
        <Button
          key={`cancel-${discard.kept}`}
          appearance="subtle"
          isDisabled={saving || discard.asking}
          autoFocus={discard.kept > 0}
          onClick={discard.cancel}
        >
          Cancel
        </Button>
      </Inline>
      <DiscardConfirm
        question={discard}
        title={`Discard this ${title}?`}
        text="What you typed is not saved anywhere and will be lost."
        discardLabel="Discard"
      />
    </Stack>
  );
}

/** A VALIDATION error's message at the button: what to do, by label, never a raw field id. */
function summaryMessage(
  error: AppError,
  shown: Record<string, string>,
  unplaced: [string, string][],
): string | undefined {
  if (error.code !== 'VALIDATION' || !error.fieldErrors) return undefined;
  const placed = Object.keys(shown).length > unplaced.length;
  const parts = placed ? ['Check the highlighted fields.'] : [];
  for (const [id, message] of unplaced) {
    const label = humanise(id);
    // Problems usually start with the field's label already ("Name is required").
    parts.push(
      message.toLowerCase().startsWith(label.toLowerCase())
        ? sentence(message)
        : `${label}: ${sentence(message)}`,
    );
  }
  return parts.length > 0 ? parts.join(' ') : 'Check the highlighted fields.';
}

/** "contact-last-contacted" -> "Last contacted": for ids that are not on the form. */
function humanise(id: string): string {
  const words = id
    .replace(/^(company|contact|sale)-/, '')
    .replace(/[-_]+/g, ' ')
    .trim();
  return words ? words[0]!.toUpperCase() + words.slice(1) : 'A field';
}

function sentence(text: string): string {
  return /[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`;
}
