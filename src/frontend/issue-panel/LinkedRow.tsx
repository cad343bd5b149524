// One linked record: name, key fields, whether the app linked it, Open in Atlas CRM, and unlinking
// after a confirmation.
import { useState, type ReactNode } from 'react';
import { Box, Button, Inline, LoadingButton, Lozenge, Stack, Text } from '@forge/react';
import type { LinkedEntity, TemplatesInfo } from '../../shared/contract';
import { ConfirmButtons } from '../shared/ConfirmButtons';
import { AppErrorMessage } from '../shared/errors';
import { useAction } from '../shared/useAction';
import { KeyFields, keyFieldTexts } from './keyFields';
import { OpenInCrmLink } from './OpenInCrmLink';
import type { OnLinksChanged } from './useLinkRecord';
import { recordCardStyle } from './recordCards';
import { RecordNameButton } from './RecordNameButton';

export interface LinkedRowProps {
  link: LinkedEntity;
  templates?: TemplatesInfo;
  canEdit: boolean;
  /** Absent when the user may not open CRM records (outside the access policy). */
  onOpen?: (entityId: string) => void;
  onLinksChanged: OnLinksChanged;
  /** Another linked record has the same name: this card shows part of its id too. */
  sameName?: boolean;
  /** Its name takes the focus when the card mounts (linked again, or its page just left). */
  focus?: boolean;
  /** What belongs to this record alone, inside its card before its actions (a company's open sales). */
  children?: ReactNode;
}

export function LinkedRow({
  link,
  templates,
  canEdit,
  onOpen,
  onLinksChanged,
  sameName = false,
  focus = false,
  children,
}: LinkedRowProps) {
  const [confirming, setConfirming] = useState(false);
  // Cancel brings the focus back to Unlink: counted, so each Cancel remounts it with autoFocus.
  const [cancelled, setCancelled] = useState(0);
  const removeAction = useAction('links/remove');
  const removing = removeAction.busy;
  const deleted = link.status === 'deleted';
  // A contact's company first: who they are with tells contacts apart before any key field.
  const fields = [
    ...(link.company ? [{ id: '$company', label: 'Company', text: link.company }] : []),
    ...keyFieldTexts(link, templates),
  ];

  const remove = async () => {
    const result = await removeAction.run({ entityId: link.id });
    if (result.ok) {
      setConfirming(false);
      onLinksChanged(result.data, {
        kind: deleted ? 'removed' : 'unlinked',
        entityId: link.id,
        name: link.name,
      });
    }
  };

  return (
    <Box xcss={recordCardStyle}>
      <Stack space="space.075">
        {/* Every card has the same order at any width: name, details, then its actions. */}
        <Inline space="space.100" alignBlock="center" shouldWrap>
          {deleted || !onOpen ? (
            <Text weight="medium">{link.name}</Text>
          ) : (
            // A button that looks like one: the name is the way to details, Edit and comments.
            <RecordNameButton id={link.id} name={link.name} autoFocus={focus} onOpen={onOpen} />
          )}
          {deleted ? <Lozenge appearance="removed">Deleted in Atlas CRM</Lozenge> : null}
        </Inline>
        {/* A record deleted in Atlas CRM links nowhere, not even to its old website. */}
        <KeyFields fields={fields} links={!deleted} sameNameId={sameName ? link.id : undefined} />
        {/* Linked by the app at the issue's creation: why, instead of who. */}
        {link.autoLinked && !deleted ? (
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Lozenge appearance="new">Linked automatically</Lozenge>
            <Text size="small" color="color.text.subtle">
              {link.autoLinked.reason}
            </Text>
          </Inline>
        ) : null}
        {deleted ? (
          <Text size="small">
            This record was deleted in Atlas CRM. Remove it from the issue to tidy up.
          </Text>
        ) : null}
        {children}
        <Inline space="space.100" alignBlock="center" shouldWrap>
          {!deleted ? <OpenInCrmLink url={link.appUrl} /> : null}
          {canEdit && !confirming ? (
            deleted ? (
              <LoadingButton
                appearance="warning"
                spacing="compact"
                isLoading={removing}
                onClick={() => void remove()}
              >
                Remove
              </LoadingButton>
            ) : (
              <Button
                key={`unlink-${cancelled}`}
                appearance="subtle"
                spacing="compact"
                autoFocus={cancelled > 0}
                onClick={() => setConfirming(true)}
              >
                Unlink
              </Button>
            )
          ) : null}
        </Inline>
        {confirming ? (
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Text>{`Unlink ${link.name} from this issue? Nothing is deleted in Atlas CRM.`}</Text>
            <ConfirmButtons
              label="Confirm unlink"
              busy={removing}
              compact
              autoFocus
              onConfirm={remove}
              onCancel={() => {
                setConfirming(false);
                setCancelled((count) => count + 1);
              }}
            />
          </Inline>
        ) : null}
        <AppErrorMessage error={removeAction.error} onRetry={() => void remove()} />
      </Stack>
    </Box>
  );
}
