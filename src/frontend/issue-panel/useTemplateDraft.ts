// What the create and edit forms hold: the draft, the problems shown at its fields, and the
// form's own error, which stands in for Atlas CRM's while the form's checks find problems.
import { useState, type Dispatch, type SetStateAction } from 'react';
import type { AppError } from '../../shared/contract';
import { fieldProblemsError } from '../shared/errors';

/** What the inputs hold: text as typed (numbers too, so nothing typed is lost), lists for multi-select. */
export type Draft = Record<string, string | string[]>;

/** Problems by field id; a timestamp's time has its own key (timeErrorKey). */
export type FieldErrors = Record<string, string>;

const TIME_SUFFIX = '#time';

/** The key of a timestamp's time problem: shown under the time, apart from the date's. */
export function timeErrorKey(fieldId: string): string {
  return `${fieldId}${TIME_SUFFIX}`;
}

/** The field a problem's key belongs to. */
export function fieldOfErrorKey(key: string): string {
  return key.endsWith(TIME_SUFFIX) ? key.slice(0, -TIME_SUFFIX.length) : key;
}

export interface TemplateDraft {
  draft: Draft;
  setDraft: Dispatch<SetStateAction<Draft>>;
  /** A typed value. */
  setValue: (id: string, value: string | string[]) => void;
  /** Shown at the fields: the form's own problems, or Atlas CRM's. */
  fieldErrors: FieldErrors;
  setFieldErrors: (errors: FieldErrors) => void;
  /** The field was typed in again: its problem no longer applies. */
  clearFieldError: (id: string) => void;
  formError?: AppError;
  setFormError: (error: AppError | undefined) => void;
  /** Shows the problems the form found itself, or clears the last ones; true when there are some. */
  showProblems: (problems: FieldErrors) => boolean;
}

export function useTemplateDraft(initial: Draft | (() => Draft)): TemplateDraft {
  const [draft, setDraft] = useState<Draft>(initial);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<AppError>();

  const showProblems = (problems: FieldErrors) => {
    if (Object.keys(problems).length > 0) {
      setFieldErrors(problems);
      setFormError(fieldProblemsError(problems));
      return true;
    }
    setFormError(undefined);
    setFieldErrors({});
    return false;
  };

  return {
    draft,
    setDraft,
    setValue: (id, value) => setDraft((current) => ({ ...current, [id]: value })),
    fieldErrors,
    setFieldErrors,
    clearFieldError: (id) =>
      setFieldErrors(({ [id]: _fixed, [timeErrorKey(id)]: _time, ...rest }) => rest),
    formError,
    setFormError,
    showProblems,
  };
}
