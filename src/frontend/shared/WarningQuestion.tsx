// A question asked before something that is hard to undo: what will happen, and the buttons to go
// on or to step back.
import type { ReactNode } from 'react';
import { Inline, SectionMessage, Stack, Text } from '@forge/react';

export function WarningQuestion({
  title,
  text,
  children,
}: {
  title: string;
  text: string;
  /** The buttons. */
  children: ReactNode;
}) {
  return (
    <SectionMessage appearance="warning" title={title}>
      <Stack space="space.100">
        <Text>{text}</Text>
        <Inline space="space.100">{children}</Inline>
      </Stack>
    </SectionMessage>
  );
}
