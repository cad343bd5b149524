// What the host server writes into each module iframe before the UI bundle loads. Shared by the
// server (which derives it) and the renderer (which answers getContext from it).
export interface FrameConfig {
  /** Module key from manifest.yml, e.g. atlas-crm-issue-panel. */
  moduleKey: string;
  resource: string;
  /** The view context `getContext` answers (what Jira hands a UI Kit module). */
  context: Record<string, unknown>;
  issueKey?: string;
  accountId: string;
  /** accountId -> name, for UI Kit's User / UserPicker (Jira resolves these itself). */
  users: Record<string, { displayName: string; email?: string }>;
  /** Where the iframe reports its height and navigation to the host page. */
  frameId: string;
}

export const FRAME_CONFIG_GLOBAL = '__SANDBOX_FRAME__';

/** Messages a module iframe posts to the host page. */
export type FrameMessage =
  | { sandbox: 'resize'; frameId: string; height: number }
  | { sandbox: 'overlay'; frameId: string; on: boolean }
  | { sandbox: 'navigate'; frameId: string; url: string; newTab: boolean }
  | { sandbox: 'emit'; frameId: string; event: string; payload: unknown }
  | { sandbox: 'flag'; frameId: string; title: string; description?: string; type: string }
  | { sandbox: 'refresh'; frameId: string };

/** Messages the host page posts into module iframes. */
export type HostMessage = { sandbox: 'event'; event: string; payload: unknown };
