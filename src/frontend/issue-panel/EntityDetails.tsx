import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  Heading,
  Inline,
  Link,
  LoadingButton,
  Lozenge,
  Spinner,
  Stack,
  Tag,
  Text,
  User,
  xcss,
} from '@forge/react';
import type { AppError, EntityDetails as Details, LinksData } from '../../shared/contract';
import { call } from '../shared/api';
import { AppErrorMessage } from '../shared/errors';
import { formatField, TYPE_LABELS } from '../shared/format';
import { isHttpsUrl } from '../shared/https';
import { CommentForm } from './CommentForm';

const labelStyle = xcss({ minWidth: 'size.1000' });

export interface EntityDetailsProps {
  entityId: string;
  canEdit: boolean;
  linkedIds: ReadonlySet<string>;
  /** Where Back leads, e.g. "Back to linked records". */
  backLabel?: string;
  onBack: () => void;
  onOpen: (entityId: string) => void;
  onLinksChanged: (data: LinksData) => void;
}

export function EntityDetails({
  entityId,
  canEdit,
  linkedIds,
  backLabel = 'Back to linked records',
  onBack,
  onOpen,
  onLinksChanged,
}: EntityDetailsProps) {
  const [details, setDetails] = useState<Details>();
  const [error, setError] = useState<AppError>();
  const [attempt, setAttempt] = useState(0);
  const [linking, setLinking] = useState(false);
  const [linkError, setLinkError] = useState<AppError>();

  useEffect(() => {
    let live = true;
    setDetails(undefined);
    setError(undefined);
    void call('entities/get', { entityId }).then((result) => {
      if (!live) return;
      if (result.ok) setDetails(result.data);
      else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [entityId, attempt]);

  const link = async () => {
    setLinking(true);
    setLinkError(undefined);
    const result = await call('links/add', { entityId });
    setLinking(false);
    if (result.ok) onLinksChanged(result.data);
    else setLinkError(result.error);
  };

  // The panel's list, not the answer's `linkedToIssue`, so linking from here shows at once.
  const linked = linkedIds.has(entityId);

  return (
    <Stack space="space.200">
      <Inline>
        <Button appearance="subtle" spacing="compact" onClick={onBack}>
          {`← ${backLabel}`}
        </Button>
      </Inline>
      {!details && !error ? <Spinner label="Loading from Atlas CRM" /> : null}
      {error ? <AppErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} /> : null}
      {details ? (
        <Stack space="space.200">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Heading size="small">{details.entity.name}</Heading>
            <Lozenge>{TYPE_LABELS[details.entity.type].title}</Lozenge>
            {linked ? <Lozenge appearance="success">Linked to this issue</Lozenge> : null}
          </Inline>
          <Inline space="space.100" alignBlock="center" shouldWrap>
            {isHttpsUrl(details.entity.appUrl) ? (
              <Link href={details.entity.appUrl} openNewTab>
                Open in Atlas CRM
              </Link>
            ) : null}
            {canEdit && !linked ? (
              <LoadingButton
                appearance="primary"
                spacing="compact"
                isLoading={linking}
                onClick={() => void link()}
              >
                Link to this issue
              </LoadingButton>
            ) : null}
          </Inline>
          {linkError ? (
            <AppErrorMessage error={linkError} title="Could not link" onRetry={() => void link()} />
          ) : null}
          {details.sections.map((section) => (
            <Stack key={section.name} space="space.075">
              <Heading size="xxsmall">{section.name}</Heading>
              {section.fields.map((field) => (
                <Inline key={field.id} space="space.100" alignBlock="start">
                  <Box xcss={labelStyle}>
                    <Text weight="medium">{field.label}</Text>
                  </Box>
                  {field.type === 'user' &&
                  typeof field.value === 'string' &&
                  field.value.trim() !== '' ? (
                    <User accountId={field.value} />
                  ) : (
                    <Text>{formatField(field, field.value)}</Text>
                  )}
                </Inline>
              ))}
            </Stack>
          ))}
          {/* One row per record: name, type and roles side by side (a TagGroup took its own line). */}
          <Stack space="space.075">
            <Heading size="xxsmall">{`Related (${details.relatedTotal})`}</Heading>
            {details.related.length === 0 ? <Text>No related records.</Text> : null}
            {details.related.map(({ entity, roles }) => (
              <Inline key={entity.id} space="space.100" alignBlock="center" shouldWrap>
                <Button appearance="subtle" spacing="compact" onClick={() => onOpen(entity.id)}>
                  {entity.name}
                </Button>
                <Lozenge>{TYPE_LABELS[entity.type].title}</Lozenge>
                {roles.map((role) => (
                  <Tag key={role} text={role} />
                ))}
              </Inline>
            ))}
            {details.relatedTotal > details.related.length ? (
              <Text size="small" color="color.text.subtle">
                {`${details.relatedTotal - details.related.length} more in Atlas CRM.`}
              </Text>
            ) : null}
          </Stack>
          {canEdit && linked ? (
            <CommentForm entityId={details.entity.id} entityName={details.entity.name} />
          ) : null}
        </Stack>
      ) : null}
    </Stack>
  );
}
