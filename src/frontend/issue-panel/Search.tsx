import { useState } from 'react';
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
import type { SearchMatchedField, TemplatesInfo } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';
import { Filters } from './Filters';
import { KeyFields, keyFieldTexts, sharedNames } from './keyFields';
import { useLinkRecord, type RecordViewProps } from './useLinkRecord';
import { orList, searchableBy, type SearchState } from './useSearch';
import { LinkFailureMessage } from './recordCards';
import { SearchInputs } from './SearchInputs';
import { RecordNameButton } from './RecordNameButton';

export interface SearchProps extends RecordViewProps {
  search: SearchState;
  templates?: TemplatesInfo;
  /** The result whose name takes the focus: its page was just left. */
  focusId?: string;
}

/** Results shown before "Show all": a page of ten would push the linked records off screen. */
export const FIRST_SHOWN = 5;

/** The fields the text was asked in, the one that names the search first. */
function searchedFields(search: SearchState): SearchMatchedField[] {
  return search.matchedBy ? [search.matchedBy, ...(search.alsoMatchedBy ?? [])] : [];
}

/** "name or email": the fields in the person's words. */
function fieldWords(fields: SearchMatchedField[]): string {
  return orList(fields.map((field) => field.label.trim().toLowerCase() || field.kind));
}

/**
 * "Matching email: emma@acme.io", "Matching name or email: emma.mei": how the box read the text,
 * when it was not read as a name only.
 */
function matchingLine(search: SearchState): string | undefined {
  const fields = searchedFields(search);
  const [first] = fields;
  if (!first || (fields.length === 1 && first.kind === 'name')) return undefined;
  const what = fieldWords(fields);
  return first.value ? `Matching ${what}: ${first.value}` : `Matching ${what}`;
}

/** The empty state names the fields asked: "No contacts with this email." */
function nothingFound(search: SearchState): string {
  const many = TYPE_LABELS[search.type].many.toLowerCase();
  const fields = searchedFields(search);
  const [first] = fields;
  if (!first || (fields.length === 1 && first.kind === 'name'))
    return `No ${many} match this search.`;
  return `No ${many} with this ${fieldWords(fields)}.`;
}

export function Search({
  search,
  templates,
  linkedIds,
  canEdit,
  onOpen,
  onLinksChanged,
  focusId,
}: SearchProps) {
  const linking = useLinkRecord(onLinksChanged);
  const { link, linkingId, linkedId } = linking;
  // "Show all" holds for this search only: a new text, type or filter starts at five again.
  const query = JSON.stringify([search.type, search.text, search.filters]);
  const [allShownFor, setAllShownFor] = useState<string>();
  const items = allShownFor === query ? search.items : search.items.slice(0, FIRST_SHOWN);
  const hidden = search.items.length - items.length;
  // Show more goes once pressed, and Load more on the last page: the first row either adds takes
  // the focus, by its place in the list (the rows Load more brings are not known yet).
  const [moreFrom, setMoreFrom] = useState<{ query: string; index: number }>();
  const firstAddedId = moreFrom?.query === query ? items[moreFrom.index]?.id : undefined;
  const showMore = () => {
    setMoreFrom({ query, index: items.length });
    setAllShownFor(query);
  };
  const loadMore = () => {
    setMoreFrom({ query, index: items.length });
    search.loadMore();
  };
  const template = templates?.[search.type];
  const matching = matchingLine(search);

  // Fixed column widths (with isFixedSize): when a row's Link becomes "Linked", no column
  // resizes, so no row grows or shrinks under the pointer. The details sit under the name, in the
  // wide column: an email or phone number is not broken mid-word in a 400 px panel.
  const head = {
    cells: [
      // The action column holds "Link" or "Linked" whole even in a 400 px panel.
      { key: 'name', content: 'Record', width: canEdit ? 78 : 100 },
      ...(canEdit ? [{ key: 'action', content: '', width: 22 }] : []),
    ],
  };
  const sameName = sharedNames(search.items);
  const rows = items.map((item) => ({
    key: item.id,
    cells: [
      {
        key: 'name',
        content: (
          <Stack space="space.050">
            <Inline>
              {/* Remounted to take the focus once its Link is gone (linked) or its page was left;
                  the first row Show more or Load more adds mounts with it. */}
              <RecordNameButton
                key={item.id === linkedId ? 'linked' : 'name'}
                id={item.id}
                name={item.name}
                autoFocus={item.id === linkedId || item.id === focusId || item.id === firstAddedId}
                onOpen={onOpen}
              />
            </Inline>
            <KeyFields
              fields={keyFieldTexts(item, templates)}
              sameNameId={sameName.has(item.name) ? item.id : undefined}
            />
          </Stack>
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
            {`Showing ${items.length} of ${search.totalIsEstimate ? 'about ' : ''}${search.total}`}
          </Text>
          <DynamicTable head={head} rows={rows} isFixedSize />
          {hidden > 0 ? (
            <Inline>
              <Button spacing="compact" onClick={showMore}>
                {`Show ${hidden} more`}
              </Button>
            </Inline>
          ) : search.nextCursor ? (
            <Inline>
              <LoadingButton isLoading={search.loadingMore} onClick={loadMore}>
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
