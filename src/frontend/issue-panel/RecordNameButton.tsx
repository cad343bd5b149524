// A record's name as what it is: a button, the way to its details, Edit, comments and relations.
// Callers remount it (`key`) when it must take the focus again, e.g. once its Link button is gone.
import { Button } from '@forge/react';

export interface RecordNameButtonProps {
  id: string;
  name: string;
  autoFocus?: boolean;
  onOpen: (id: string) => void;
}

export function RecordNameButton({ id, name, autoFocus = false, onOpen }: RecordNameButtonProps) {
  return (
    <Button spacing="compact" autoFocus={autoFocus} onClick={() => onOpen(id)}>
      {name}
    </Button>
  );
}
