// "A company named like this already exists": records that look like the one being created,
// each with "Link the existing one", beside "Create anyway". Nothing is created until one is chosen.
import { useState } from 'react';
import { Button, Inline, LoadingButton, SectionMessage, Stack, Text } from '@forge/react';
import type {
  AppError,
  CreatePayload,
  CreateResult,
  DuplicateMatch,
  EntityType,
  TemplateInfo,
  TemplatesInfo,
} from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { TYPE_LABELS } from '../shared/format';
import { useAction } from '../shared/useAction';
import { KeyFields, keyFieldTexts } from './keyFields';

export interface CreateOrDuplicates {
  /** Creates, or shows the records found instead; answers the problem when it failed. */
  run: (payload: CreatePayload) => Promise<AppError | undefined>;
  busy: boolean;
  error?: AppError;
  reset: () => void;
  duplicates?: DuplicateMatch[];
  /** Forgets the records found, e.g. when what they were found for is edited. */
  dismiss: () => void;
  type: EntityType;
  template: TemplateInfo;
  onCreated: (result: CreateResult) => void;
}

/** entities/create for the form: a created record goes to `onCreated`, matches are kept. */
export function useCreateOrDuplicates(
  type: EntityType,
  template: TemplateInfo,
  onCreated: (result: CreateResult) => void,
): CreateOrDuplicates {
  const action = useAction('entities/create');
  const [duplicates, setDuplicates] = useState<DuplicateMatch[]>();
  const run = async (payload: CreatePayload) => {
    setDuplicates(undefined);
    const result = await action.run(payload);
    if (!result.ok) return result.error;
    if ('duplicates' in result.data) setDuplicates(result.data.duplicates);
    else onCreated(result.data);
    return undefined;
  };
  const dismiss = () => setDuplicates(undefined);
  return { ...action, run, duplicates, dismiss, type, template, onCreated };
}

export function DuplicatesFound({
  state,
  onCreateAnyway,
}: {
  state: CreateOrDuplicates;
  onCreateAnyway: () => void;
}) {
  const linkAction = useAction('links/add');
  const [linking, setLinking] = useState<string>();
  const { duplicates, type, template } = state;
  if (!duplicates || duplicates.length === 0) return null;
  const one = TYPE_LABELS[type].one;
  const templates = { [type]: template } as TemplatesInfo;

  const link = async (match: DuplicateMatch) => {
    setLinking(match.entity.id);
    const result = await linkAction.run({ entityId: match.entity.id });
    setLinking(undefined);
    // Linked: the form closes as after a create, with the links as they are now.
    if (result.ok)
      state.onCreated({ entity: match.entity, linked: true, links: result.data, existing: true });
  };

  const title =
    duplicates.length === 1
      ? `This ${one} may already exist in Atlas CRM`
      : `${duplicates.length} records like this ${one} already exist in Atlas CRM`;
  return (
    <SectionMessage appearance="warning" title={title}>
      <Stack space="space.150">
        <Text>Nothing was created. Link the existing one, or create a new one anyway.</Text>
        {duplicates.map((match) => (
          <Stack key={match.entity.id} space="space.050">
            <Text weight="bold">{match.entity.name}</Text>
            <Text size="small">{`${match.reason}.`}</Text>
            <KeyFields fields={keyFieldTexts(match.entity, templates)} />
            <Inline>
              <LoadingButton
                appearance="primary"
                spacing="compact"
                isLoading={linking === match.entity.id}
                isDisabled={linking !== undefined || state.busy}
                onClick={() => void link(match)}
              >
                Link the existing one
              </LoadingButton>
            </Inline>
          </Stack>
        ))}
        <AppErrorMessage error={linkAction.error} title="The record was not linked" />
        <Inline space="space.100">
          <Button isDisabled={linking !== undefined || state.busy} onClick={onCreateAnyway}>
            Create anyway
          </Button>
        </Inline>
      </Stack>
    </SectionMessage>
  );
}
