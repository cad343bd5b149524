import { useEffect, useState } from 'react';
import { Button, Heading, Inline, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import type { AppError, LinkCapacity, LinkedEntity } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { ENTITY_TYPES, formatRelative, TYPE_LABELS } from '../shared/format';
import { sharedNames } from './keyFields';
import { LinkedRow, type LinkedRowProps } from './LinkedRow';
import { OpenSales, salesOf, useOpenSales } from './OpenSales';

export interface LinkedListProps extends Omit<LinkedRowProps, 'link' | 'sameName' | 'focus'> {
  links: LinkedEntity[];
  linkCapacity: LinkCapacity;
  refreshedAt?: string;
  refreshing: boolean;
  refreshError?: AppError;
  /** Absent when the user may not read the CRM (outside the access policy). */
  onRefresh?: () => void;
  /** Automatic linking may still come (a new issue): said instead of "nothing linked". */
  lookingForCustomer?: boolean;
  /** Atlas CRM is not connected: the stored list, said to be as last refreshed. */
  offline?: boolean;
  /** The record whose name takes the focus (linked again, or its page just left). */
  focusId?: string;
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
  // canEdit here is the capability to search (Edit Issues inside the access policy) with the
  // templates loaded: the same people the backend lets read sales beyond the linked records.
  const sales = useOpenSales(links, props.canEdit);
  return (
    <Stack space="space.200">
      <Heading size="xsmall">Linked to this issue</Heading>
      {links.length > 0 ? (
        <Inline space="space.100" alignBlock="center" shouldWrap>
          <Text size="small" color="color.text.subtle">
            {refreshError || props.offline
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
      {props.lookingForCustomer ? (
        <Inline space="space.100" alignBlock="center">
          <Spinner size="small" label="Looking for this issue's customer" />
          <Text>Looking for this issue's customer…</Text>
        </Inline>
      ) : null}
      {links.length === 0 ? (
        props.lookingForCustomer ? null : (
          <Text>No companies, contacts or sales from Atlas CRM are linked to this issue.</Text>
        )
      ) : (
        ENTITY_TYPES.map((type) => {
          const group = links.filter((link) => link.type === type);
          if (group.length === 0) return null;
          const sameName = sharedNames(group);
          return (
            <Stack key={type} space="space.100">
              <Heading size="xsmall">{`${TYPE_LABELS[type].many} (${group.length})`}</Heading>
              {group.map((link) => (
                // A company's open sales inside its card: whose they are is never in doubt.
                <LinkedRow
                  key={link.id}
                  link={link}
                  templates={props.templates}
                  canEdit={props.canEdit}
                  onOpen={props.onOpen}
                  onLinksChanged={props.onLinksChanged}
                  sameName={sameName.has(link.name)}
                  focus={props.focusId === link.id}
                >
                  {type === 'company' ? (
                    <OpenSales
                      sales={salesOf(sales.byCompany, link.id)}
                      loading={sales.loading}
                      failed={sales.failed?.includes(link.id) === true}
                      onRetry={sales.retry}
                      onOpen={props.onOpen}
                    />
                  ) : null}
                </LinkedRow>
              ))}
              {type === 'company' && sales.error ? (
                <AppErrorMessage
                  appearance="warning"
                  title="Could not read the open sales"
                  error={sales.error}
                  onRetry={sales.retry}
                />
              ) : null}
            </Stack>
          );
        })
      )}
    </Stack>
  );
}
