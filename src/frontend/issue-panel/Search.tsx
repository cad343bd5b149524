import {
  Button,
  DynamicTable,
  Heading,
  Inline,
  LoadingButton,
  Lozenge,
  Stack,
  Text,
} from '@forge/react';
import type { TemplatesInfo } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';
import { Filters } from './Filters';
import { KeyFields, keyFieldTexts, sharedNames } from './keyFields';
import { useLinkRecord, type RecordViewProps } from './useLinkRecord';
import { orList, searchableBy, type SearchState } from './useSearch';
import { LinkFailureMessage } from './recordCards';
import { SearchInputs } from './SearchInputs';

export interface SearchProps extends RecordViewProps {
  search: SearchState;
  templates?: TemplatesInfo;
}

/** "Matching email: emma@acme.io": how the box read the text, when it was not read as a name. */
function matchingLine(matchedBy: SearchState['matchedBy']): string | undefined {
  if (!matchedBy || matchedBy.kind === 'name') return undefined;
  const what = matchedBy.label.trim().toLowerCase() || matchedBy.kind;
  return matchedBy.value ? `Matching ${what}: ${matchedBy.value}` : `Matching ${what}`;
}

/** The empty state names the field asked: "No contacts with this email." */
function nothingFound(search: SearchState): string {
  const many = TYPE_LABELS[search.type].many.toLowerCase();
  const matchedBy = search.matchedBy;
  if (!matchedBy || matchedBy.kind === 'name') return `No ${many} match this search.`;
  return `No ${many} with this ${matchedBy.label.trim().toLowerCase() || matchedBy.kind}.`;
}

export function Search({
  search,
  templates,
  linkedIds,
  canEdit,
  onOpen,
  onLinksChanged,
}: SearchProps) {
  const linking = useLinkRecord(onLinksChanged);
  const { link, linkingId } = linking;
  const template = templates?.[search.type];
  const matching = matchingLine(search.matchedBy);

  // Fixed column widths (with isFixedSize): when a row's Link becomes "Linked", no column
  // resizes, so no row grows or shrinks under the pointer.
  const head = {
    cells: [
      // The action column holds "Link" or "Linked" whole even in a 400 px panel.
      { key: 'name', content: 'Name', width: canEdit ? 39 : 45 },
      { key: 'fields', content: 'Details', width: canEdit ? 39 : 55 },
      ...(canEdit ? [{ key: 'action', content: '', width: 22 }] : []),
    ],
  };
  const sameName = sharedNames(search.items);
  const rows = search.items.map((item) => ({
    key: item.id,
    cells: [
      {
        key: 'name',
        content: (
          <Button appearance="subtle" spacing="compact" onClick={() => onOpen(item.id)}>
            {item.name}
          </Button>
        ),
      },
      {
        key: 'fields',
        content: (
          <KeyFields
            fields={keyFieldTexts(item, templates)}
            sameNameId={sameName.has(item.name) ? item.id : undefined}
          />
        ),
      },
      ...(canEdit
        ? [
            {
              key: 'action',
              content: linkedIds.has(item.id) ? (
                <Lozenge appearance="success">Linked</Lozenge>
              ) : (
                <LoadingButton
                  spacing="compact"
                  isLoading={linkingId === item.id}
                  isDisabled={linkingId !== undefined && linkingId !== item.id}
                  onClick={() => void link({ entityId: item.id, name: item.name })}
                >
                  Link
                </LoadingButton>
              ),
            },
          ]
        : []),
    ],
  }));

  return (
    <Stack space="space.150">
      <Heading size="xsmall">Find in Atlas CRM</Heading>
      <SearchInputs
        idPrefix="search"
        types={ENTITY_TYPES}
        search={search}
        placeholder={`Search ${TYPE_LABELS[search.type].many.toLowerCase()} by ${orList(searchableBy(template))}`}
        searching={search.loading || search.pending}
        disabled={!templates}
      />
      {matching ? (
        <Text size="small" color="color.text.subtle">
          {matching}
        </Text>
      ) : null}
      {template ? (
        <Filters template={template} filters={search.filters} onChange={search.setFilters} />
      ) : null}
      {search.idleReason ? (
        <Text size="small" color="color.text.subtle">
          {search.idleReason}
        </Text>
      ) : null}
      {!search.idleReason && (search.pending || search.loading) && search.items.length === 0 ? (
        <Text size="small" color="color.text.subtle">
          Searching…
        </Text>
      ) : null}
      <AppErrorMessage error={search.error} title="Search failed" onRetry={search.retry} />
      {search.searched &&
      !search.error &&
      search.items.length === 0 &&
      !search.loading &&
      !search.pending ? (
        <Text>{nothingFound(search)}</Text>
      ) : null}
      {search.items.length > 0 ? (
        <Stack space="space.100">
          <Text size="small" color="color.text.subtle">
            {`Showing ${search.items.length} of ${search.total}`}
          </Text>
          <DynamicTable head={head} rows={rows} isFixedSize />
          {search.nextCursor ? (
            <Inline>
              <LoadingButton isLoading={search.loadingMore} onClick={search.loadMore}>
                Load more
              </LoadingButton>
            </Inline>
          ) : null}
        </Stack>
      ) : null}
      {/* Under the results: a failed link must not push the rows down under the pointer. */}
      <LinkFailureMessage linking={linking} />
    </Stack>
  );
}
