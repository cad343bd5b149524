// What the panel's record lists share: the card outline, and a failed link said under the list.
import { xcss } from '@forge/react';
import { AppErrorMessage } from '../shared/errors';
import type { LinkRecord } from './useLinkRecord';

/** One record's card: the same outline in the linked list and among the suggestions. */
export const recordCardStyle = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.100',
});

/** The last link that failed, with Retry; placed under the list so no row moves under the pointer. */
export function LinkFailureMessage({ linking }: { linking: LinkRecord }) {
  const { failure, link } = linking;
  if (!failure) return null;
  return (
    <AppErrorMessage
      error={failure.error}
      title={`Could not link ${failure.name}`}
      onRetry={() => void link({ entityId: failure.entityId, name: failure.name })}
    />
  );
}
