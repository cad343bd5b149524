// Opening the panel: one resolver call to paint, then a background refresh of the linked entities.
import { useCallback, useEffect, useState } from 'react';
import type {
  AppError,
  LinkCapacity,
  LinkedEntity,
  LinksData,
  PanelData,
} from '../../shared/contract';
import { call } from '../shared/api';

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
  reload: () => void;
  refresh: () => void;
  /** Every action that changes links answers with the new list; this puts it on screen. */
  applyLinks: (data: LinksData) => void;
}

/** The oldest refresh time of the list: what "last refreshed" honestly means for all of it. */
function oldestRefresh(links: LinkedEntity[]): string | undefined {
  let oldest: string | undefined;
  for (const l of links) if (!oldest || l.refreshedAt < oldest) oldest = l.refreshedAt;
  return oldest;
}

export function usePanel(): Panel {
  const [state, setState] = useState<PanelState>({ status: 'loading' });
  const [links, setLinks] = useState<LinksState>();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<AppError>();
  const [openCount, setOpenCount] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ status: 'loading' });
    void call('panel/open').then((result) => {
      if (!live) return;
      if (!result.ok) {
        setState({ status: 'error', error: result.error });
        return;
      }
      const data = result.data;
      setLinks({
        links: data.links,
        linkCapacity: data.linkCapacity,
        refreshedAt: oldestRefresh(data.links),
      });
      setState({ status: 'ready', data });
    });
    return () => {
      live = false;
    };
  }, [openCount]);

  const refresh = useCallback(() => {
    setRefreshing(true);
    setRefreshError(undefined);
    void call('links/refresh').then((result) => {
      setRefreshing(false);
      if (!result.ok) {
        setRefreshError(result.error);
        return;
      }
      setLinks({
        links: result.data.links,
        linkCapacity: result.data.linkCapacity,
        refreshedAt: result.data.refreshedAt ?? oldestRefresh(result.data.links),
      });
    });
  }, []);

  // After the first paint with data; never blocks it, and only when there is something to refresh.
  const readyData = state.status === 'ready' ? state.data : undefined;
  useEffect(() => {
    if (readyData?.configured && readyData.capabilities.canSearch && readyData.links.length > 0)
      refresh();
  }, [readyData, refresh]);

  const applyLinks = useCallback((data: LinksData) => {
    setLinks({
      links: data.links,
      linkCapacity: data.linkCapacity,
      refreshedAt: data.refreshedAt ?? oldestRefresh(data.links),
    });
  }, []);

  const reload = useCallback(() => setOpenCount((n) => n + 1), []);

  return { state, links, refreshing, refreshError, reload, refresh, applyLinks };
}
