// The second step of a destructive action: confirm it, or step back while nothing has started.
import { Button, LoadingButton } from '@forge/react';

export function ConfirmButtons({
  label,
  busy,
  compact = false,
  onConfirm,
  onCancel,
}: {
  label: string;
  busy: boolean;
  compact?: boolean;
  onConfirm: () => unknown;
  onCancel: () => void;
}) {
  const spacing = compact ? 'compact' : undefined;
  return (
    <>
      <LoadingButton
        appearance="danger"
        spacing={spacing}
        isLoading={busy}
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
