import { useCallback, useMemo, useState } from 'react';
import { Button, Inline, LoadingButton, SectionMessage, Spinner, Stack, Text } from '@forge/react';
import type { AppError, CreateResult, EntityType, LinksData } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { useAction } from '../shared/useAction';
import { announceLinksChanged } from '../shared/events';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';
import { CreateForm } from './CreateForm';
import { EntityDetails } from './EntityDetails';
import { LinkedList } from './LinkedList';
import { NamedLinks } from './NamedLinks';
import { NotConfigured } from './NotConfigured';
import { MayEditIssueProvider } from './Relations';
import { Search } from './Search';
import { Suggestions } from './Suggestions';
import { usePanel } from './usePanel';
import { type LinkChange, type RecordViewProps } from './useLinkRecord';
import { DiscardDraftPrompt, DraftReporter } from './unsavedDraft';
import { useSearch } from './useSearch';
import { useSuggestions } from './useSuggestions';

type From = 'links' | 'search' | 'suggestions';

type View =
  | { name: 'home' }
  | { name: 'details'; entityId: string; from: From }
  | { name: 'create'; type: EntityType };

const BACK_LABELS: Record<From, string> = {
  links: 'Back to linked records',
  search: 'Back to search',
  suggestions: 'Back to suggestions',
};

const LONG_READ_ONLY_TITLE = 'You can view, not change, Atlas CRM records here';

/** The reason usually explains itself; a title that says the same again is shortened. */
function readOnlyTitle(reason: string | undefined): string {
  return reason && /^you can\b/i.test(reason.trim()) ? 'Read-only' : LONG_READ_ONLY_TITLE;
}

interface Notice {
  text: string;
  warning?: AppError;
  /** Set after an unlink: linking the record again is one click away. */
  undo?: LinkChange;
}

function changeNotice(change: LinkChange): Notice {
  if (change.kind === 'linked') return { text: `${change.name} is linked to this issue.` };
  if (change.kind === 'removed') return { text: `${change.name} was removed from this issue.` };
  return {
    text: `${change.name} was unlinked from this issue. Nothing changed in Atlas CRM.`,
    undo: change,
  };
}

export function App() {
  const panel = usePanel();
  const data = panel.state.status === 'ready' ? panel.state.data : undefined;
  const templates = data?.templates;
  const search = useSearch(templates);
  const links = panel.links;
  const linkedIds = useMemo(() => new Set((links?.links ?? []).map((link) => link.id)), [links]);
  // Asked for after the panel painted, only where searching the CRM is allowed.
  const suggestions = useSuggestions(
    data,
    Boolean(data?.configured && data.capabilities.canSearch && templates),
    linkedIds,
  );
  const [view, setView] = useState<View>({ name: 'home' });
  const [notice, setNotice] = useState<Notice>();
  const undoAction = useAction('links/add');
  // Forms on a record's page with unsent text; leaving the page asks first (see unsavedDraft).
  const [drafts, setDrafts] = useState<ReadonlySet<string>>(new Set());
  const [leaving, setLeaving] = useState<() => void>();
  const reportDraft = useCallback((id: string, unsent: boolean) => {
    setDrafts((current) => {
      if (current.has(id) === unsent) return current;
      const next = new Set(current);
      if (unsent) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  if (panel.state.status === 'loading') return <Spinner label="Loading Atlas CRM" />;
  if (panel.state.status === 'error')
    return (
      <AppErrorMessage
        error={panel.state.error}
        title="Atlas CRM could not be loaded"
        onRetry={panel.reload}
      />
    );
  if (!data || !links) return null;
  if (!data.configured) return <NotConfigured isAdmin={data.capabilities.isAdmin} />;

  const canEdit = data.capabilities.canEdit && templates !== undefined;
  const onLinksChanged = (next: LinksData, change?: LinkChange) => {
    // Every finished change says what it did; the previous message is about something older.
    setNotice(change ? changeNotice(change) : undefined);
    undoAction.reset();
    panel.applyLinks(next);
    announceLinksChanged({ count: next.links.length });
  };
  const go = (next: View) => {
    setLeaving(undefined);
    setDrafts(new Set());
    setView(next);
  };
  /** Leaves a record's page at once, or after "Discard" when a form on it holds unsent text. */
  const leave = (next: View) =>
    view.name === 'details' && drafts.size > 0 ? setLeaving(() => () => go(next)) : go(next);
  const openFrom = (from: From) => (entityId: string) => leave({ name: 'details', entityId, from });
  /** What every view of CRM records gets; a record opened from it comes back to `from`. */
  const recordView = (from: From): RecordViewProps => ({
    canEdit,
    linkedIds,
    onOpen: openFrom(from),
    onLinksChanged,
  });
  const home = () => leave({ name: 'home' });
  const undo = async (change: LinkChange) => {
    const result = await undoAction.run({ entityId: change.entityId });
    if (result.ok) onLinksChanged(result.data, { ...change, kind: 'linked' });
  };

  if (view.name === 'details') {
    return (
      <DraftReporter value={reportDraft}>
        <Stack space="space.200">
          {leaving ? (
            <DiscardDraftPrompt onDiscard={leaving} onKeep={() => setLeaving(undefined)} />
          ) : null}
          {/* Relations deep inside tell a read-only viewer why related records may be missing. */}
          <MayEditIssueProvider value={data.capabilities.canEdit}>
            <EntityDetails
              key={view.entityId}
              entityId={view.entityId}
              backLabel={BACK_LABELS[view.from]}
              onBack={home}
              {...recordView(view.from)}
            />
          </MayEditIssueProvider>
        </Stack>
      </DraftReporter>
    );
  }

  const createTemplate = view.name === 'create' ? templates?.[view.type] : undefined;
  if (view.name === 'create' && createTemplate) {
    const onCreated = (result: CreateResult) => {
      if (result.links) {
        panel.applyLinks(result.links);
        announceLinksChanged({ count: result.links.links.length });
      }
      setNotice({
        text: result.existing
          ? `${result.entity.name} is linked to this issue. Nothing new was created in Atlas CRM.`
          : result.linked
            ? `${result.entity.name} was created in Atlas CRM and linked to this issue.`
            : `${result.entity.name} was created in Atlas CRM.`,
        warning: result.linkError,
      });
      home();
    };
    return (
      <CreateForm
        type={view.type}
        template={createTemplate}
        onCreated={onCreated}
        onCancel={home}
      />
    );
  }

  return (
    <Stack space="space.200">
      {!data.capabilities.canEdit ? (
        <SectionMessage
          appearance="information"
          title={readOnlyTitle(data.capabilities.readOnlyReason)}
        >
          <Text>
            {data.capabilities.readOnlyReason ??
              'You do not have permission to change links on this issue.'}
          </Text>
        </SectionMessage>
      ) : null}
      <AppErrorMessage
        error={data.templatesError}
        title="Atlas CRM cannot be reached"
        onRetry={panel.reload}
      />
      {data.jqlOff ? (
        <SectionMessage appearance="warning" title="Not findable with JQL">
          <Text>{data.jqlOff}</Text>
        </SectionMessage>
      ) : null}
      {canEdit ? (
        <Inline space="space.100" shouldWrap>
          {ENTITY_TYPES.map((type) => (
            <Button key={type} spacing="compact" onClick={() => setView({ name: 'create', type })}>
              {`New ${TYPE_LABELS[type].one}`}
            </Button>
          ))}
        </Inline>
      ) : null}
      {templates && data.capabilities.canSearch ? (
        <Search search={search} templates={templates} {...recordView('search')} />
      ) : null}
      {/* Under the search box, where the agent looks first, and above the linked list: a link made
          here grows the list below it, never what is under the pointer. Results of a search push it
          down, which is what a search is for. Its first line is there from the first paint. */}
      {templates ? (
        <Suggestions
          suggestions={suggestions}
          templates={templates}
          {...recordView('suggestions')}
        />
      ) : null}
      {/* Below the search and the suggestions on purpose: a finished link, unlink or refresh grows
          or shrinks what is here, and nothing the pointer may be on next (a result, a suggestion)
          moves with it. */}
      {notice ? (
        <SectionMessage appearance="success">
          <Stack space="space.100">
            <Text>{notice.text}</Text>
            {notice.undo && canEdit ? (
              <Inline>
                <LoadingButton
                  spacing="compact"
                  isLoading={undoAction.busy}
                  onClick={() => notice.undo && void undo(notice.undo)}
                >
                  Undo
                </LoadingButton>
              </Inline>
            ) : null}
          </Stack>
        </SectionMessage>
      ) : null}
      {undoAction.error && notice?.undo ? (
        <AppErrorMessage
          error={undoAction.error}
          title={`Could not link ${notice.undo.name} again`}
          onRetry={() => notice.undo && void undo(notice.undo)}
        />
      ) : null}
      <AppErrorMessage
        error={notice?.warning}
        title="Created, but not linked"
        appearance="warning"
      />
      {/* Outside the access policy the answer holds names only. */}
      {data.named ? (
        <NamedLinks named={data.named} />
      ) : (
        <LinkedList
          links={links.links}
          linkCapacity={links.linkCapacity}
          refreshedAt={links.refreshedAt}
          refreshing={panel.refreshing}
          refreshError={panel.refreshError}
          onRefresh={data.capabilities.canOpenLinked ? panel.refresh : undefined}
          lookingForCustomer={panel.lookingForCustomer}
          templates={templates}
          canEdit={canEdit}
          onOpen={data.capabilities.canOpenLinked ? openFrom('links') : undefined}
          onLinksChanged={onLinksChanged}
        />
      )}
    </Stack>
  );
}
