// "Suggested for this issue": records the issue's reporter, participants or text point to, each with
// the reason in plain words, a one-click Link and Dismiss.
import { useState } from 'react';
import {
  Box,
  Button,
  Heading,
  Inline,
  LoadingButton,
  Lozenge,
  Stack,
  Text,
  xcss,
} from '@forge/react';
import type { Suggestion, TemplatesInfo } from '../../shared/contract';
import { AppErrorMessage, waitHint } from '../shared/errors';
import { TYPE_LABELS } from '../shared/format';
import { KeyFields, keyFieldTexts, sharedNames } from './keyFields';
import { useLinkRecord, type OnLinksChanged, type RecordViewProps } from './useLinkRecord';
import type { SuggestionsState } from './useSuggestions';

const rowStyle = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.100',
});

const TITLE = 'Suggested for this issue';

export interface SuggestionsProps extends RecordViewProps {
  suggestions: SuggestionsState;
  templates?: TemplatesInfo;
}

export function Suggestions({
  suggestions,
  templates,
  linkedIds,
  canEdit,
  onOpen,
  onLinksChanged,
}: SuggestionsProps) {
  // Linked from here: the row stays, saying "Linked", so the next row never slides under the
  // pointer. Records linked any other way (search, a record's page) simply leave the list.
  const [linkedHere, setLinkedHere] = useState<ReadonlySet<string>>(new Set());
  const afterLink: OnLinksChanged = (data, change) => {
    if (change?.kind === 'linked')
      setLinkedHere((current) => new Set(current).add(change.entityId));
    onLinksChanged(data, change);
  };
  const { link, linkingId, failure: linkFailure } = useLinkRecord(afterLink);
  const { load, dismiss, dismissFailure } = suggestions;

  // Loading shows nothing here (the panel shows a small spinner elsewhere): a placeholder that
  // vanished when nothing is found would move the linked list twice.
  if (load.status === 'off' || load.status === 'loading') return null;
  if (load.status === 'error') {
    const hint = waitHint(load.error);
    return (
      <Stack space="space.100">
        <Heading size="xsmall">{TITLE}</Heading>
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text size="small" color="color.text.subtle">
            {`Suggestions could not be loaded. ${load.error.message}${hint ? ` ${hint}` : ''}`}
          </Text>
          <Button appearance="subtle" spacing="compact" onClick={suggestions.retry}>
            Try again
          </Button>
        </Inline>
      </Stack>
    );
  }

  const items = load.items.filter(
    ({ entity }) => !linkedIds.has(entity.id) || linkedHere.has(entity.id),
  );
  if (items.length === 0 && load.notes.length === 0 && !dismissFailure) return null;
  const sameName = sharedNames(items.map(({ entity }) => entity));

  return (
    <Stack space="space.100">
      <Heading size="xsmall">{TITLE}</Heading>
      {items.map((suggestion) => (
        <SuggestionRow
          key={suggestion.entity.id}
          suggestion={suggestion}
          templates={templates}
          sameName={sameName.has(suggestion.entity.name)}
          linked={linkedIds.has(suggestion.entity.id)}
          canEdit={canEdit}
          linkingId={linkingId}
          onOpen={onOpen}
          onLink={() => void link({ entityId: suggestion.entity.id, name: suggestion.entity.name })}
          onDismiss={() => void dismiss(suggestion)}
        />
      ))}
      {load.notes.map((note) => (
        <Text key={note} size="small" color="color.text.subtle">
          {note}
        </Text>
      ))}
      {/* Under the rows: a failure must not push them down under the pointer. */}
      {linkFailure ? (
        <AppErrorMessage
          error={linkFailure.error}
          title={`Could not link ${linkFailure.name}`}
          onRetry={() => void link({ entityId: linkFailure.entityId, name: linkFailure.name })}
        />
      ) : null}
      {dismissFailure ? (
        <AppErrorMessage
          error={dismissFailure.error}
          title={`Could not dismiss ${dismissFailure.suggestion.entity.name}`}
          onRetry={() => void dismiss(dismissFailure.suggestion)}
        />
      ) : null}
    </Stack>
  );
}

interface SuggestionRowProps {
  suggestion: Suggestion;
  templates?: TemplatesInfo;
  sameName: boolean;
  linked: boolean;
  canEdit: boolean;
  /** The record being linked from this section right now, if any. */
  linkingId?: string;
  onOpen: (entityId: string) => void;
  onLink: () => void;
  onDismiss: () => void;
}

function SuggestionRow({
  suggestion: { entity, reason },
  templates,
  sameName,
  linked,
  canEdit,
  linkingId,
  onOpen,
  onLink,
  onDismiss,
}: SuggestionRowProps) {
  const linking = linkingId === entity.id;
  return (
    <Box xcss={rowStyle}>
      {/* The same order as a linked record's card: name, details, then the actions. */}
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Lozenge>{TYPE_LABELS[entity.type].title}</Lozenge>
          <Button appearance="subtle" spacing="compact" onClick={() => onOpen(entity.id)}>
            {entity.name}
          </Button>
        </Inline>
        <KeyFields
          fields={keyFieldTexts(entity, templates)}
          sameNameId={sameName ? entity.id : undefined}
        />
        <Text size="small">{reason}</Text>
        {linked ? (
          <Inline>
            <Lozenge appearance="success">Linked</Lozenge>
          </Inline>
        ) : canEdit ? (
          <Inline space="space.100" alignBlock="center">
            <LoadingButton
              spacing="compact"
              isLoading={linking}
              // One link at a time, here as in the search.
              isDisabled={linkingId !== undefined && !linking}
              onClick={onLink}
            >
              Link
            </LoadingButton>
            <Button appearance="subtle" spacing="compact" isDisabled={linking} onClick={onDismiss}>
              Dismiss
            </Button>
          </Inline>
        ) : null}
      </Stack>
    </Box>
  );
}
