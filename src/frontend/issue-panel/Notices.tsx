// What the last link changes did, where a screen reader hears it: one persistent live region
// holds the latest message and a line with Undo for each recent unlink, so several quick unlinks
// can each be undone.
import { Box, Inline, LoadingButton, SectionMessage, Stack, Text } from '@forge/react';
import type { AppError, LinksData } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { useAction } from '../shared/useAction';
import type { LinkChange } from './useLinkRecord';

/** The newest undoable unlinks kept; older ones are linked again from the search. */
export const UNDO_KEPT = 5;

export interface Notice {
  text: string;
  warning?: AppError;
}

export interface NoticesProps {
  notice?: Notice;
  /** Unlinks that can still be undone, oldest first. */
  unlinked: LinkChange[];
  canUndo: boolean;
  /** The unlink just made: its Undo takes the focus. */
  focusId?: string;
  onLinked: (data: LinksData, change: LinkChange) => void;
}

export function Notices({ notice, unlinked, canUndo, focusId, onLinked }: NoticesProps) {
  return (
    // Always rendered, so what appears in it is announced (a new live region is not).
    <Box role="status">
      <Stack space="space.100">
        {unlinked.map((change) => (
          <UndoLine
            key={change.entityId}
            change={change}
            canUndo={canUndo}
            focus={change.entityId === focusId}
            onLinked={onLinked}
          />
        ))}
        {notice ? (
          <SectionMessage appearance="success">
            <Text>{notice.text}</Text>
          </SectionMessage>
        ) : null}
        <AppErrorMessage
          error={notice?.warning}
          title="Created, but not linked"
          appearance="warning"
        />
      </Stack>
    </Box>
  );
}

/** One unlink with its own Undo: each line links its record again, however many there are. */
function UndoLine({
  change,
  canUndo,
  focus,
  onLinked,
}: {
  change: LinkChange;
  canUndo: boolean;
  /** The newest unlink: its Undo is where the person's next step is. */
  focus: boolean;
  onLinked: (data: LinksData, change: LinkChange) => void;
}) {
  const relink = useAction('links/add');
  const undo = async () => {
    const result = await relink.run({ entityId: change.entityId });
    if (result.ok) onLinked(result.data, { ...change, kind: 'linked' });
  };
  return (
    <Stack space="space.050">
      <SectionMessage appearance="success">
        <Stack space="space.100">
          <Text>{`${change.name} was unlinked from this issue. Nothing changed in Atlas CRM.`}</Text>
          {canUndo ? (
            <Inline>
              <LoadingButton
                spacing="compact"
                autoFocus={focus}
                isLoading={relink.busy}
                onClick={() => void undo()}
              >
                Undo
              </LoadingButton>
            </Inline>
          ) : null}
        </Stack>
      </SectionMessage>
      <AppErrorMessage
        error={relink.error}
        title={`Could not link ${change.name} again`}
        onRetry={() => void undo()}
      />
    </Stack>
  );
}
