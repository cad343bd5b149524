import { useCallback, useMemo, useState } from 'react';
import { Button, Inline, SectionMessage, Stack, Text } from '@forge/react';
import type { CreateResult, EntityType, LinksData } from '../../shared/contract';
import { AppErrorMessage } from '../shared/errors';
import { announceLinksChanged } from '../shared/events';
import { ENTITY_TYPES, TYPE_LABELS } from '../shared/format';
import { CreateForm } from './CreateForm';
import { EntityDetails } from './EntityDetails';
import { LinkedList } from './LinkedList';
import { NamedLinks } from './NamedLinks';
import { NotConfigured } from './NotConfigured';
import { Notices, UNDO_KEPT, type Notice } from './Notices';
import { PanelLoading } from './PanelLoading';
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

/** What a finished change says; an unlink says it in its own line, with Undo (see Notices). */
function changeNotice(change: LinkChange): Notice | undefined {
  if (change.kind === 'linked') return { text: `${change.name} is linked to this issue.` };
  if (change.kind === 'removed') return { text: `${change.name} was removed from this issue.` };
  return undefined;
}

/** The undoable unlinks after a change: an unlink joins them, a record linked again leaves. */
function nextUnlinked(unlinked: LinkChange[], change: LinkChange | undefined): LinkChange[] {
  if (!change) return unlinked;
  const others = unlinked.filter((each) => each.entityId !== change.entityId);
  return change.kind === 'unlinked' ? [...others, change].slice(-UNDO_KEPT) : others;
}

/**
 * Where focus goes when the home view shows again: the record the person came back from, or the
 * "New …" button whose form they left. UI Kit moves focus only by mounting with autoFocus.
 */
type Focus = { entityId: string; from: From } | { newType: EntityType } | { undoId: string };

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
  const [unlinked, setUnlinked] = useState<LinkChange[]>([]);
  const [focus, setFocus] = useState<Focus>();
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

  if (panel.state.status === 'loading') return <PanelLoading />;
  if (panel.state.status === 'error')
    return (
      <AppErrorMessage
        error={panel.state.error}
        title="Atlas CRM could not be loaded"
        onRetry={panel.reload}
      />
    );
  if (!data || !links) return null;
  if (!data.configured)
    return (
      <Stack space="space.200">
        <NotConfigured isAdmin={data.capabilities.isAdmin} hasLinks={links.links.length > 0} />
        {/* The links stored on the issue stay readable; nothing here can refresh or change them. */}
        {links.links.length > 0 ? (
          <LinkedList
            links={links.links}
            linkCapacity={links.linkCapacity}
            refreshedAt={links.refreshedAt}
            refreshing={false}
            offline
            canEdit={false}
            onLinksChanged={() => undefined}
          />
        ) : null}
      </Stack>
    );

  const canEdit = data.capabilities.canEdit && templates !== undefined;
  const onLinksChanged = (next: LinksData, change?: LinkChange) => {
    // Every finished change says what it did; the previous message is about something older.
    setNotice(change ? changeNotice(change) : undefined);
    setUnlinked((current) => nextUnlinked(current, change));
    // Unlinked: focus goes to its Undo. A link made elsewhere keeps it where it was made (a
    // search row, a suggestion): focusing the list would scroll what is under the pointer.
    setFocus(change?.kind === 'unlinked' ? { undoId: change.entityId } : undefined);
    panel.applyLinks(next);
    announceLinksChanged({ count: next.links.length });
  };
  const go = (next: View) => {
    setLeaving(undefined);
    setDrafts(new Set());
    // Back on the panel, focus returns to the record whose page or form was open.
    setFocus(
      view.name === 'details'
        ? { entityId: view.entityId, from: view.from }
        : view.name === 'create'
          ? { newType: view.type }
          : undefined,
    );
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
  const focusIn = (from: From) =>
    focus && 'from' in focus && focus.from === from ? focus.entityId : undefined;
  const focusNew = (type: EntityType) =>
    focus !== undefined && 'newType' in focus && focus.newType === type;

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
      setView({ name: 'home' });
      // Linked: focus goes to it in the list; else back to the button the person came from.
      const linked = Boolean(result.links) && (result.linked || result.existing);
      setFocus(linked ? { entityId: result.entity.id, from: 'links' } : { newType: view.type });
    };
    // One company linked to the issue: a new contact or sale is most likely with it.
    const companies = links.links.filter((link) => link.type === 'company');
    return (
      <CreateForm
        type={view.type}
        template={createTemplate}
        issueCompany={companies.length === 1 ? companies[0] : undefined}
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
            <Button
              // Remounted to take the focus when the person comes back from its form.
              key={focusNew(type) ? `${type}-back` : type}
              autoFocus={focusNew(type)}
              spacing="compact"
              onClick={() => leave({ name: 'create', type })}
            >
              {`New ${TYPE_LABELS[type].one}`}
            </Button>
          ))}
        </Inline>
      ) : null}
      {/* Above the linked records and the same height from the first paint (the box, then its
          results): a link made in a result row grows the list below it, never what is under the
          pointer. Its results scroll in a box of their own, so they never push the linked
          records off screen. */}
      {templates && data.capabilities.canSearch ? (
        <Search
          search={search}
          templates={templates}
          focusId={focusIn('search')}
          {...recordView('search')}
        />
      ) : null}
      {/* A finished change says what it did here, announced; each unlink keeps its own Undo. */}
      <Notices
        notice={notice}
        unlinked={unlinked}
        canUndo={canEdit}
        focusId={focus && 'undoId' in focus ? focus.undoId : undefined}
        onLinked={(next, change) => {
          onLinksChanged(next, change);
          // Linked again by Undo: its line is gone, the record is back in the list.
          setFocus({ entityId: change.entityId, from: 'links' });
        }}
      />
      {/* Outside the access policy the answer holds names only. The linked records are what a
          person opened the panel for: nothing that arrives later (the suggestions) is above
          them. */}
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
          focusId={focusIn('links')}
          onOpen={data.capabilities.canOpenLinked ? openFrom('links') : undefined}
          onLinksChanged={onLinksChanged}
        />
      )}
      {/* Asked for after the panel painted, so below the linked records: they never jump. */}
      {templates ? (
        <Suggestions
          suggestions={suggestions}
          templates={templates}
          focusId={focusIn('suggestions')}
          {...recordView('suggestions')}
        />
      ) : null}
    </Stack>
  );
}
