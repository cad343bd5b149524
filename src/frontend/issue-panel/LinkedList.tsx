import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  Heading,
  Inline,
  Link,
  LoadingButton,
  Lozenge,
  SectionMessage,
  Spinner,
  Stack,
  Text,
  xcss,
} from '@forge/react';
import type {
  AppError,
  EntityType,
  LinkCapacity,
  LinkedEntity,
  LinksData,
  TemplatesInfo,
} from '../../shared/contract';
import { call } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';
import { formatRelative, TYPE_LABELS } from '../shared/format';
import { isHttpsUrl } from '../shared/https';
import { KeyFields, keyFieldTexts } from './keyFields';

const GROUPS: EntityType[] = ['company', 'contact', 'sale'];

const rowStyle = xcss({
  borderColor: 'color.border',
  borderStyle: 'solid',
  borderWidth: 'border.width',
  borderRadius: 'radius.medium',
  padding: 'space.100',
});

export interface LinkedListProps {
  links: LinkedEntity[];
  linkCapacity: LinkCapacity;
  refreshedAt?: string;
  refreshing: boolean;
  refreshError?: AppError;
  /** Absent when the user may not read the CRM (outside the access policy). */
  onRefresh?: () => void;
  templates?: TemplatesInfo;
  canEdit: boolean;
  /** Absent when the user may not open CRM records (outside the access policy). */
  onOpen?: (entityId: string) => void;
  onLinksChanged: (data: LinksData) => void;
}

/** Re-renders every minute so "refreshed 3 minutes ago" stays true while the panel is open. */
function useMinuteTick(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    // Node (tests) would otherwise wait for this timer; browsers have no unref.
    (timer as unknown as { unref?: () => void }).unref?.();
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function LinkedList(props: LinkedListProps) {
  const { links, linkCapacity, refreshedAt, refreshing, refreshError, onRefresh } = props;
  const now = useMinuteTick();
  return (
    <Stack space="space.200">
      {links.length > 0 ? (
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text size="small" color="color.text.subtle">
            {refreshError
              ? `Last refreshed from Atlas CRM ${formatRelative(refreshedAt, now)}`
              : `Refreshed from Atlas CRM ${formatRelative(refreshedAt, now)}`}
          </Text>
          {refreshing ? <Spinner size="small" label="Refreshing from Atlas CRM" /> : null}
          {!refreshing && onRefresh ? (
            <Button appearance="subtle" spacing="compact" onClick={onRefresh}>
              Refresh
            </Button>
          ) : null}
        </Inline>
      ) : null}
      {refreshError ? (
        <AppErrorMessage
          appearance="warning"
          title="Could not refresh from Atlas CRM"
          error={{
            ...refreshError,
            message: `${refreshError.message} The list below may be out of date.`,
          }}
          {...(onRefresh ? { onRetry: onRefresh } : {})}
        />
      ) : null}
      {linkCapacity.nearLimit ? (
        <SectionMessage appearance="warning" title="This issue is close to its link limit">
          <Text>
            {`${linkCapacity.count} records are linked; about ${linkCapacity.remaining} more fit on this issue. Unlink records you no longer need before adding more.`}
          </Text>
        </SectionMessage>
      ) : null}
      {links.length === 0 ? (
        <Text>No companies, contacts or sales from Atlas CRM are linked to this issue.</Text>
      ) : (
        GROUPS.map((type) => {
          const group = links.filter((l) => l.type === type);
          if (group.length === 0) return null;
          return (
            <Stack key={type} space="space.100">
              <Heading size="xsmall">{`${TYPE_LABELS[type].many} (${group.length})`}</Heading>
              {group.map((link) => (
                <LinkedRow key={link.id} link={link} {...props} />
              ))}
            </Stack>
          );
        })
      )}
    </Stack>
  );
}

function LinkedRow({
  link,
  templates,
  canEdit,
  onOpen,
  onLinksChanged,
}: { link: LinkedEntity } & Pick<
  LinkedListProps,
  'templates' | 'canEdit' | 'onOpen' | 'onLinksChanged'
>) {
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [error, setError] = useState<AppError>();
  const deleted = link.status === 'deleted';
  const fields = keyFieldTexts(link, templates);

  const remove = async () => {
    setRemoving(true);
    setError(undefined);
    const result = await call('links/remove', { entityId: link.id });
    setRemoving(false);
    if (result.ok) {
      setConfirming(false);
      onLinksChanged(result.data);
    } else {
      setError(result.error);
    }
  };

  return (
    <Box xcss={rowStyle}>
      <Stack space="space.075">
        <Inline space="space.100" alignBlock="center" spread="space-between" shouldWrap>
          <Inline space="space.100" alignBlock="center">
            {deleted || !onOpen ? (
              <Text weight="medium">{link.name}</Text>
            ) : (
              <Button appearance="subtle" spacing="compact" onClick={() => onOpen(link.id)}>
                {link.name}
              </Button>
            )}
            {deleted ? <Lozenge appearance="removed">Deleted in Atlas CRM</Lozenge> : null}
          </Inline>
          <Inline space="space.100" alignBlock="center">
            {!deleted && isHttpsUrl(link.appUrl) ? (
              <Link href={link.appUrl} openNewTab>
                Open in Atlas CRM
              </Link>
            ) : null}
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
                <Button appearance="subtle" spacing="compact" onClick={() => setConfirming(true)}>
                  Unlink
                </Button>
              )
            ) : null}
          </Inline>
        </Inline>
        <KeyFields fields={fields} />
        {deleted ? (
          <Text size="small">
            This record was deleted in Atlas CRM. Remove it from the issue to tidy up.
          </Text>
        ) : null}
        {confirming ? (
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Text>{`Unlink ${link.name} from this issue? Nothing is deleted in Atlas CRM.`}</Text>
            <LoadingButton
              appearance="danger"
              spacing="compact"
              isLoading={removing}
              onClick={() => void remove()}
            >
              Confirm unlink
            </LoadingButton>
            <Button
              appearance="subtle"
              spacing="compact"
              isDisabled={removing}
              onClick={() => setConfirming(false)}
            >
              Cancel
            </Button>
          </Inline>
        ) : null}
        {error ? <AppErrorMessage error={error} onRetry={() => void remove()} /> : null}
      </Stack>
    </Box>
  );
}
