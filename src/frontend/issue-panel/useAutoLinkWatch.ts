// A new issue whose automatic linking may still come (panel/open said `autoLinkPending`): the
// panel asks again a few times, quietly, and shows what the app linked once it is settled. It
// stops then, or after about a minute, so an issue the trigger never reaches is not asked for ever.
import { useEffect, useState } from 'react';
import type { LinksData, PanelData } from '../../shared/contract';
import { call } from '../shared/api';
import { announceLinksChanged } from '../shared/events';

/** Waits before each look, growing: about a minute in all (the trigger's first retry included). */
export const LOOK_AGAIN_MS = [1500, 2000, 3000, 5000, 8000, 10_000, 15_000, 15_000] as const;

/** True while looking; `onSettled` gets the links once automatic linking is settled. */
export function useAutoLinkWatch(
  opened: PanelData | undefined,
  onSettled: (data: LinksData) => void,
): boolean {
  // The opening answer whose looks are over; looking is known at once, so "nothing linked" never
  // shows before the first look.
  const [done, setDone] = useState<PanelData>();
  useEffect(() => {
    if (!opened?.autoLinkPending) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = (attempt: number): void => {
      const wait = LOOK_AGAIN_MS[attempt];
      if (wait === undefined) {
        setDone(opened);
        return;
      }
      timer = setTimeout(() => {
        void call('panel/open').then((result) => {
          if (!live) return;
          // A failed look is no news: the next one may answer.
          if (!result.ok || result.data.autoLinkPending) return look(attempt + 1);
          const { links, linkCapacity, refreshedAt } = result.data;
          onSettled({ links, linkCapacity, ...(refreshedAt ? { refreshedAt } : {}) });
          if (links.length > 0) announceLinksChanged({ count: links.length });
          setDone(opened);
        });
      }, wait);
    };
    look(0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [opened, onSettled]);
  return Boolean(opened?.autoLinkPending) && done !== opened;
}
