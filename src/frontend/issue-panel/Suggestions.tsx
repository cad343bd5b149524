// "Suggested for this issue": records the issue's reporter, participants or text point to, each with
// the reason in plain words, a one-click Link and Dismiss (with Undo).
import { useState } from 'react';
import {
  Box,
  Button,
  Heading,
  Inline,
  LoadingButton,
  Lozenge,
  Spinner,
  Stack,
  Text,
} from '@forge/react';
import type { Suggestion, TemplatesInfo } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { TYPE_LABELS } from '../shared/format';
import { KeyFields, keyFieldTexts, sharedNames } from './keyFields';
import { useLinkRecord, type OnLinksChanged, type RecordViewProps } from './useLinkRecord';
import type { DismissStep, SuggestionsState } from './useSuggestions';
import { LinkFailureMessage, recordCardStyle } from './recordCards';
import { RecordNameButton } from './RecordNameButton';

const TITLE = 'Suggested for this issue';

export interface SuggestionsProps extends RecordViewProps {
  suggestions: SuggestionsState;
  templates?: TemplatesInfo;
  /** The suggestion whose name takes the focus: its page was just left. */
  focusId?: string;
}

/**
 * Shown only where suggestions are asked for at all. Its heading and first line are there from the
 * first paint (looking, then the cards or a quiet "none"), so the linked list below does not jump
 * when the answer comes.
 */
export function Suggestions({
  suggestions,
  templates,
  linkedIds,
  canEdit,
  onOpen,
  onLinksChanged,
  focusId,
}: SuggestionsProps) {
  // Linked from here: the row stays, saying "Linked", so the next row never slides under the
  // pointer. Records linked any other way (search, a record's page) simply leave the list.
  const [linkedHere, setLinkedHere] = useState<ReadonlySet<string>>(new Set());
  const afterLink: OnLinksChanged = (data, change) => {
    if (change?.kind === 'linked')
      setLinkedHere((current) => new Set(current).add(change.entityId));
    onLinksChanged(data, change);
  };
  const linking = useLinkRecord(afterLink);
  const { link, linkingId, linkedId } = linking;
  // Undo of a dismissal brings the card back with the focus on its Dismiss, where it was.
  const [restored, setRestored] = useState<string>();
  // Dismissed in this visit: its Undo takes the focus (not again when the panel is back).
  const [justDismissed, setJustDismissed] = useState<string>();
  const { load, dismissed, dismiss, restore, failure, restoreEarlier, restoringEarlier } =
    suggestions;

  if (load.status === 'off') return null;
  if (load.status === 'loading')
    return (
      <Stack space="space.100">
        <Heading size="xsmall">{TITLE}</Heading>
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label="Loading suggestions" />
          <Text size="small" color="color.text.subtle">
            Looking for customers this issue names…
          </Text>
        </Inline>
      </Stack>
    );
  if (load.status === 'error')
    return (
      <Stack space="space.100">
        <Heading size="xsmall">{TITLE}</Heading>
        <AppErrorMessage
          error={load.error}
          title="Suggestions could not be loaded"
          onRetry={suggestions.retry}
        />
      </Stack>
    );

  const items = load.items.filter(
    ({ entity }) => !linkedIds.has(entity.id) || linkedHere.has(entity.id),
  );
  const sameName = sharedNames(items.map(({ entity }) => entity));

  return (
    <Stack space="space.100">
      <Heading size="xsmall">{TITLE}</Heading>
      {items.map((suggestion) => {
        const { id, name } = suggestion.entity;
        const step = dismissed.get(id);
        return (
          // One live region per suggestion, there before it changes: a dismissal, its Undo and
          // a link are announced where they happen.
          <Box key={id} role="status">
            {step ? (
              <DismissedLine
                name={name}
                step={step}
                focus={justDismissed === id}
                onUndo={() => {
                  setRestored(id);
                  void restore(suggestion);
                }}
              />
            ) : (
              <SuggestionRow
                suggestion={suggestion}
                templates={templates}
                sameName={sameName.has(name)}
                linked={linkedIds.has(id)}
                canEdit={canEdit}
                linkingId={linkingId}
                focus={
                  id === linkedId || id === focusId
                    ? 'name'
                    : id === restored
                      ? 'dismiss'
                      : undefined
                }
                onOpen={onOpen}
                onLink={() => void link({ entityId: id, name })}
                onDismiss={() => {
                  setJustDismissed(id);
                  void dismiss(suggestion);
                }}
              />
            )}
          </Box>
        );
      })}
      {items.length === 0 && load.notes.length === 0 ? (
        <Text size="small" color="color.text.subtle">
          No suggestions for this issue.
        </Text>
      ) : null}
      {load.notes.map((note) => (
        <Text key={note} size="small" color="color.text.subtle">
          {note}
        </Text>
      ))}
      <DismissedEarlier
        count={load.dismissedEarlier.filter((id) => !dismissed.has(id)).length}
        restoring={restoringEarlier}
        onShow={() => void restoreEarlier()}
      />
      {/* Under the rows: a failure must not push them down under the pointer. */}
      <LinkFailureMessage linking={linking} />
      {failure ? (
        <AppErrorMessage
          error={failure.error}
          title={
            failure.action === 'dismiss'
              ? `Could not dismiss ${failure.suggestion.entity.name}`
              : `Could not bring back ${failure.suggestion.entity.name}`
          }
          onRetry={() =>
            void (failure.action === 'dismiss' ? dismiss : restore)(failure.suggestion)
          }
        />
      ) : null}
    </Stack>
  );
}

/** In a dismissed card's place: what Dismiss did, and Undo (at once: it waits for the dismissal). */
function DismissedLine({
  name,
  step,
  focus,
  onUndo,
}: {
  name: string;
  step: DismissStep;
  focus: boolean;
  onUndo: () => void;
}) {
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <Text size="small">{`${name} won't be suggested on this issue again.`}</Text>
      {/* Mounted by Dismiss: the focus goes to its Undo, the person's likely next step. */}
      <LoadingButton
        appearance="subtle"
        spacing="compact"
        autoFocus={focus}
        isLoading={step === 'restoring'}
        onClick={() => step !== 'restoring' && onUndo()}
      >
        Undo
      </LoadingButton>
    </Inline>
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
  /** Which of its buttons takes the focus: the name once linked, Dismiss after an Undo. */
  focus?: 'name' | 'dismiss';
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
  focus,
  onOpen,
  onLink,
  onDismiss,
}: SuggestionRowProps) {
  const linking = linkingId === entity.id;
  return (
    <Box xcss={recordCardStyle}>
      {/* The same order as a linked record's card: name, details, then the actions. */}
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Lozenge>{TYPE_LABELS[entity.type].title}</Lozenge>
          {/* Remounted to take the focus once linked: its Link button is gone. */}
          <RecordNameButton
            key={linked ? 'linked' : 'name'}
            id={entity.id}
            name={entity.name}
            autoFocus={focus === 'name'}
            onOpen={onOpen}
          />
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
            <Button
              appearance="subtle"
              spacing="compact"
              autoFocus={focus === 'dismiss'}
              isDisabled={linking}
              onClick={onDismiss}
            >
              Dismiss
            </Button>
          </Inline>
        ) : null}
      </Stack>
    </Box>
  );
}

/** Records dismissed before this visit leave a trace, so a mistaken Dismiss is never final. */
function DismissedEarlier(props: { count: number; restoring: boolean; onShow: () => void }) {
  if (props.count === 0) return null;
  return (
    <Inline space="space.100" alignBlock="center" shouldWrap>
      <Text size="small" color="color.text.subtle">
        {props.count === 1
          ? '1 record was dismissed on this issue.'
          : `${props.count} records were dismissed on this issue.`}
      </Text>
      <LoadingButton
        appearance="subtle"
        spacing="compact"
        isLoading={props.restoring}
        onClick={props.onShow}
      >
        Suggest again
      </LoadingButton>
    </Inline>
  );
}
