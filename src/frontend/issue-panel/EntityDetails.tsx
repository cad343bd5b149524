import { useState } from 'react';
import {
  Box,
  Button,
  Heading,
  Inline,
  LoadingButton,
  Link,
  Lozenge,
  SectionMessage,
  Spinner,
  Stack,
  Text,
  User,
  xcss,
} from '@forge/react';
import { AppErrorMessage } from '../shared/errors';
import { formatField, TYPE_LABELS } from '../shared/format';
import { hrefFor, opensNewTab, shownAddress } from '../shared/links';
import { useResolver } from '../shared/useResolver';
import type { DetailField, EntityDetails as Details } from '../../shared/contract';
import { EditForm, withSaved } from './EditForm';
import { LinkedIssues } from './LinkedIssues';
import { OpenInCrmLink } from './OpenInCrmLink';
import { RecordComments } from './RecordComments';
import { Relations } from './Relations';
import { useLinkRecord, type RecordViewProps } from './useLinkRecord';

const labelStyle = xcss({ minWidth: 'size.1000' });

/** A shown value; emails, phone numbers and https addresses are links, as on the cards. */
function FieldValueText({ field }: { field: DetailField }) {
  const text = formatField(field, field.value);
  const href = hrefFor(field, field.value);
  return (
    <Text>
      {href ? (
        // Only a web page opens in a new tab: mailto: and tel: hand over to the mail or phone app.
        <Link href={href} openNewTab={opensNewTab(href)}>
          {shownAddress(href, text)}
        </Link>
      ) : (
        text
      )}
    </Text>
  );
}

export interface EntityDetailsProps extends RecordViewProps {
  entityId: string;
  /** Where Back leads, e.g. "Back to linked records". */
  backLabel?: string;
  onBack: () => void;
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
  const { data: loaded, error, retry } = useResolver('entities/get', { entityId });
  // After a save the form's values are shown as written: no second read of the record.
  const [saved, setSaved] = useState<Details>();
  const details = saved ?? loaded;
  const [editing, setEditing] = useState(false);
  const [savedNotice, setSavedNotice] = useState(false);
  // Edit takes the focus when the form closes (saved or cancelled) and once linked from here.
  const [editFocus, setEditFocus] = useState(0);
  const {
    link: linkRecord,
    linkingId,
    failure: linkFailure,
    linkedId,
  } = useLinkRecord(onLinksChanged);
  const link = () => linkRecord({ entityId, name: details?.entity.name ?? '' });

  // The panel's list, not the answer's `linkedToIssue`, so linking from here shows at once.
  const linked = linkedIds.has(entityId);

  return (
    <Stack space="space.200">
      <Inline>
        {/* The page just opened: focus starts at its top, where Back is. */}
        <Button appearance="subtle" spacing="compact" autoFocus onClick={onBack}>
          {`← ${backLabel}`}
        </Button>
      </Inline>
      {!details && !error ? <Spinner label="Loading from Atlas CRM" /> : null}
      <AppErrorMessage error={error} onRetry={retry} />
      {details ? (
        <Stack space="space.200">
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <Heading size="small">{details.entity.name}</Heading>
            <Lozenge>{TYPE_LABELS[details.entity.type].title}</Lozenge>
            {linked ? <Lozenge appearance="success">Linked to this issue</Lozenge> : null}
          </Inline>
          <Inline space="space.100" alignBlock="center" shouldWrap>
            <OpenInCrmLink url={details.entity.appUrl} />
            {/* Changes reach only records linked to this issue, as the backend allows. */}
            {canEdit && linked && !editing ? (
              <Button
                key={`edit-${editFocus}`}
                spacing="compact"
                autoFocus={editFocus > 0 || linkedId === entityId}
                onClick={() => {
                  setSavedNotice(false);
                  setEditing(true);
                }}
              >
                Edit
              </Button>
            ) : null}
            {canEdit && !linked ? (
              <LoadingButton
                appearance="primary"
                spacing="compact"
                isLoading={linkingId !== undefined}
                onClick={() => void link()}
              >
                Link to this issue
              </LoadingButton>
            ) : null}
          </Inline>
          <AppErrorMessage
            error={linkFailure?.error}
            title="Could not link"
            onRetry={() => void link()}
          />
          {/* There before a save, so "Saved" is announced when it appears. */}
          <Box role="status">
            {savedNotice ? (
              <SectionMessage appearance="success" title="Saved">
                <Text>{`Your changes to ${details.entity.name} are saved in Atlas CRM.`}</Text>
              </SectionMessage>
            ) : null}
          </Box>
          {editing ? (
            <EditForm
              details={details}
              onSaved={(result, fields) => {
                setSaved(withSaved(details, result, fields));
                setEditing(false);
                setSavedNotice(true);
                setEditFocus((count) => count + 1);
                if (result.links) onLinksChanged(result.links);
              }}
              onCancel={() => {
                setEditing(false);
                setEditFocus((count) => count + 1);
              }}
            />
          ) : (
            details.sections.map((section) => (
              <Stack key={section.name} space="space.075">
                {/* One level below the record's name (h4): sizes alone would skip h5. */}
                <Heading size="xxsmall" as="h5">
                  {section.name}
                </Heading>
                {section.fields.map((field) => (
                  // Wraps whole: a long email moves under its label instead of breaking mid-word.
                  <Inline key={field.id} space="space.100" alignBlock="start" shouldWrap>
                    <Box xcss={labelStyle}>
                      <Text weight="medium">{field.label}</Text>
                    </Box>
                    {field.type === 'user' &&
                    typeof field.value === 'string' &&
                    field.value.trim() !== '' ? (
                      <User accountId={field.value} />
                    ) : (
                      <FieldValueText field={field} />
                    )}
                  </Inline>
                ))}
              </Stack>
            ))
          )}
          <Relations
            key={details.entity.id}
            entity={details.entity}
            related={details.related}
            relatedTotal={details.relatedTotal}
            canChange={canEdit && linked}
            onOpen={onOpen}
          />
          <LinkedIssues key={`issues-${details.entity.id}`} entityId={details.entity.id} />
          <RecordComments
            key={`comments-${details.entity.id}`}
            entityId={details.entity.id}
            entityName={details.entity.name}
            comments={details.comments}
            canPost={canEdit && linked}
          />
        </Stack>
      ) : null}
    </Stack>
  );
}
