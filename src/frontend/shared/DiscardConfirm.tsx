// "Discard what you typed?" under a form's Cancel: typed input is never dropped without asking.
import { Button, Inline, SectionMessage, Stack, Text } from '@forge/react';

export interface DiscardConfirmProps {
  title: string;
  text: string;
  discardLabel: string;
  onDiscard: () => void;
  onKeep: () => void;
}

export function DiscardConfirm({
  title,
  text,
  discardLabel,
  onDiscard,
  onKeep,
}: DiscardConfirmProps) {
  return (
    <SectionMessage appearance="warning" title={title}>
      <Stack space="space.100">
        <Text>{text}</Text>
        <Inline space="space.100">
          <Button appearance="danger" onClick={onDiscard}>
            {discardLabel}
          </Button>
          <Button appearance="subtle" onClick={onKeep}>
            Keep editing
          </Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}
