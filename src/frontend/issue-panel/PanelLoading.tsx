// The panel while its one opening call runs: the linked records' heading and a spinner, in a box
// about as tall as a panel with one linked record, so the frame does not shrink and then grow.
import { Box, Heading, Inline, Spinner, Stack, Text, xcss } from '@forge/react';

const reserved = xcss({ minHeight: 'size.1000' });

export function PanelLoading() {
  return (
    <Box xcss={reserved}>
      <Stack space="space.200">
        <Heading size="xsmall">Linked to this issue</Heading>
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label="Loading Atlas CRM" />
          <Text color="color.text.subtle">Loading Atlas CRM…</Text>
        </Inline>
      </Stack>
    </Box>
  );
}
