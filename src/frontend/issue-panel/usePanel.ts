// Opening the panel: one resolver call to paint, then a background refresh of the linked entities.
import { useCallback, useEffect, useState } from 'react';
import type {
  AppError,
  LinkCapacity,
  LinkedEntity,
  LinksData,
  PanelData,
} from '../../shared/contract';
import { useAction } from '../shared/useAction';
import { useResolver } from '../shared/useResolver';
import { useAutoLinkWatch } from './useAutoLinkWatch';

export type PanelState =
  | { status: 'loading' }
  | { status: 'error'; error: AppError }
  | { status: 'ready'; data: PanelData };

export interface LinksState {
  links: LinkedEntity[];
  linkCapacity: LinkCapacity;
  refreshedAt?: string;
}

export interface Panel {
  state: PanelState;
  links?: LinksState;
  refreshing: boolean;
  refreshError?: AppError;
  /** A new issue's automatic linking may still come: the panel is looking again. */
  lookingForCustomer: boolean;
  reload: () => void;
  refresh: () => void;
  /** Every action that changes links answers with the new list; this puts it on screen. */
  applyLinks: (data: LinksData) => void;
}

/** The oldest refresh time of the list: what "last refreshed" honestly means for all of it. */
function oldestRefresh(links: LinkedEntity[]): string | undefined {
  let oldest: string | undefined;
  for (const link of links) if (!oldest || link.refreshedAt < oldest) oldest = link.refreshedAt;
  return oldest;
}

function toLinksState({ links, linkCapacity, refreshedAt }: LinksData): LinksState {
  return { links, linkCapacity, refreshedAt: refreshedAt ?? oldestRefresh(links) };
}

function panelState(opened: { data?: PanelData; error?: AppError; loading: boolean }): PanelState {
  if (opened.loading) return { status: 'loading' };
  if (opened.error) return { status: 'error', error: opened.error };
  return opened.data ? { status: 'ready', data: opened.data } : { status: 'loading' };
}

export function usePanel(): Panel {
  const opened = useResolver('panel/open');
  const refreshAction = useAction('links/refresh');
  // Lists newer than the opening answer; a reload starts again from its own answer.
  const [changed, setChanged] = useState<{ after: PanelData; links: LinksState }>();
  const state = panelState(opened);
  const readyData = state.status === 'ready' ? state.data : undefined;

  const openedData = opened.data;
  let links: LinksState | undefined;
  if (changed && changed.after === openedData) links = changed.links;
  // The opening answer's stored summaries: their oldest time, not a time of a refresh.
  else if (openedData)
    links = toLinksState({ links: openedData.links, linkCapacity: openedData.linkCapacity });

  const resetRefreshError = refreshAction.reset;
  const applyLinks = useCallback(
    (data: LinksData) => {
      if (openedData) setChanged({ after: openedData, links: toLinksState(data) });
      // A newer list has arrived: an older refresh's failure no longer describes what is shown.
      resetRefreshError();
    },
    [openedData, resetRefreshError],
  );

  const lookingForCustomer = useAutoLinkWatch(readyData, applyLinks);

  const runRefresh = refreshAction.run;
  const refresh = useCallback(() => {
    void runRefresh().then((result) => {
      if (result.ok) applyLinks(result.data);
    });
  }, [runRefresh, applyLinks]);

  // After the first paint with data; never blocks it, and only when there is something to refresh.
  useEffect(() => {
    if (readyData?.configured && readyData.capabilities.canOpenLinked && readyData.links.length > 0)
      refresh();
  }, [readyData, refresh]);

  return {
    state,
    links,
    refreshing: refreshAction.busy,
    refreshError: refreshAction.error,
    lookingForCustomer,
    reload: opened.retry,
    refresh,
    applyLinks,
  };
}
