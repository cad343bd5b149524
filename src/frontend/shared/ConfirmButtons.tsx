// An action's button with Cancel beside it, which steps back while nothing has started: the second
// step of a destructive action, or the save of a small inline form.
import { Button, LoadingButton } from '@forge/react';

export interface ConfirmButtonsProps {
  label: string;
  busy: boolean;
  compact?: boolean;
  appearance?: 'danger' | 'primary';
  disabled?: boolean;
  /** The action button takes the focus when it appears: the person's next step is here. */
  autoFocus?: boolean;
  onConfirm: () => unknown;
  onCancel: () => void;
}

export function ConfirmButtons({
  label,
  busy,
  compact = false,
  appearance = 'danger',
  disabled,
  autoFocus = false,
  onConfirm,
  onCancel,
}: ConfirmButtonsProps) {
  const spacing = compact ? 'compact' : undefined;
  return (
    <>
      <LoadingButton
        appearance={appearance}
        spacing={spacing}
        isLoading={busy}
        isDisabled={disabled}
        autoFocus={autoFocus}
        onClick={() => void onConfirm()}
      >
        {label}
      </LoadingButton>
      <Button appearance="subtle" spacing={spacing} isDisabled={busy} onClick={onCancel}>
        Cancel
      </Button>
    </>
  );
}
