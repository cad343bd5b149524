// Events between this app's modules on one issue page (panel -> issue context), via @forge/bridge.
import { events } from '@forge/bridge';

/** The panel linked, unlinked or created-and-linked records; payload: { count }. */
export const LINKS_CHANGED_EVENT = 'atlas-crm:links-changed';

export interface LinksChangedPayload {
  count: number;
}

/** Best effort: a page without the event bus must not break linking. */
export function announceLinksChanged(payload: LinksChangedPayload): void {
  try {
    void Promise.resolve(events.emit(LINKS_CHANGED_EVENT, payload)).catch(() => undefined);
  } catch {
    // no event bus: the issue context refreshes on its next load
  }
}

/** Calls `listener` on every links change; returns the unsubscribe function. */
export function onLinksChanged(listener: () => void): () => void {
  let unsubscribe: (() => void) | undefined;
  let live = true;
  try {
    void Promise.resolve(events.on(LINKS_CHANGED_EVENT, () => listener()))
      .then((subscription) => {
        if (live) unsubscribe = () => subscription?.unsubscribe?.();
        else subscription?.unsubscribe?.();
      })
      .catch(() => undefined);
  } catch {
    // no event bus: nothing to listen to
  }
  return () => {
    live = false;
    unsubscribe?.();
  };
}
