// Saving one section of the admin page: the save answers with the new settings, which replace the
// page's, and the section says it was saved until something in it changes.
import { useState } from 'react';
import type { AdminSettings, AppError, Result } from '../../shared/contract';
import { FormFooter, type FormFooterProps, type Outcome } from '../shared/FormFooter';

/** What a section that saves settings gets from the page. */
export interface SettingsSectionProps {
  settings: AdminSettings;
  onSaved: (settings: AdminSettings) => void;
}

/** useAction's state for a key that takes a payload and answers with the new settings. */
export interface SaveAction<P> {
  run: (payload: P) => Promise<Result<AdminSettings>>;
  busy: boolean;
  error?: AppError;
  reset: () => void;
}

export interface SettingsSave<P> {
  action: SaveAction<P>;
  /** The last save worked, and nothing in the section has changed since. */
  saved: boolean;
  setSaved: (saved: boolean) => void;
  /** `whenSaved` runs first when the save worked, e.g. to empty the inputs. */
  save: (payload: P, whenSaved?: () => void) => Promise<void>;
}

export function useSettingsSave<P>(
  action: SaveAction<P>,
  onSaved: (settings: AdminSettings) => void,
): SettingsSave<P> {
  const [saved, setSaved] = useState(false);
  const save = async (payload: P, whenSaved?: () => void) => {
    setSaved(false);
    const result = await action.run(payload);
    if (result.ok) {
      whenSaved?.();
      setSaved(true);
      onSaved(result.data);
    }
  };
  return { action, saved, setSaved, save };
}

export type SaveFooterProps<P> = Pick<
  FormFooterProps,
  'label' | 'errorTitle' | 'disabled' | 'onRun'
> & {
  saving: SettingsSave<P>;
  /** Shown once saved. */
  outcome: Outcome;
};

/** The section's Save button, under what came of the last save. */
export function SaveFooter<P>({ saving, outcome, ...footer }: SaveFooterProps<P>) {
  return (
    <FormFooter
      {...footer}
      action={saving.action}
      outcome={saving.saved ? outcome : undefined}
      messagesFirst
    />
  );
}
