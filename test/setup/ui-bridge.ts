// The stand-in for the Jira page that hosts a UI Kit app: the `__bridge` the @forge packages call.
// Import this before anything loads @forge/bridge or @forge/react (they read it at module load).
// One dispatcher is installed for the whole test file; tests swap its handlers, not the function.

export interface BridgeHandlers {
  reconcile(forgeDoc: unknown): void;
  getContext(): unknown;
  invoke(data: { functionKey: string; payload?: unknown; metadata?: unknown }): Promise<unknown>;
  /** navigate, getUrl, onError and anything else the app asks of the host. */
  other(cmd: string, data: unknown): Promise<unknown>;
}

const refuse = (what: string) => () => {
  throw new Error(`UI bridge: no test is handling ${what}`);
};

const idle: BridgeHandlers = {
  reconcile: () => undefined,
  getContext: refuse('getContext'),
  invoke: refuse('invoke') as BridgeHandlers['invoke'],
  other: async () => undefined,
};

let handlers: BridgeHandlers = idle;

export function setBridgeHandlers(next: BridgeHandlers | undefined): void {
  handlers = next ?? idle;
}

type BridgeGlobals = {
  self?: unknown;
  __bridge?: { callBridge: (cmd: string, data?: unknown) => unknown };
  IS_REACT_ACT_ENVIRONMENT?: boolean;
};

const g = globalThis as unknown as BridgeGlobals;
// The reconciler sends commits through `self.__bridge`; jest's node environment has no `self`.
g.self ??= globalThis;
// Updates arrive from resolver answers, as in the browser, not inside act().
g.IS_REACT_ACT_ENVIRONMENT = false;
g.__bridge = {
  callBridge: (cmd: string, data?: unknown): unknown => {
    switch (cmd) {
      case 'reconcile':
        handlers.reconcile((data as { forgeDoc: unknown }).forgeDoc);
        return undefined;
      case 'getContext':
        return Promise.resolve().then(() => handlers.getContext());
      case 'invoke':
        return handlers.invoke(data as { functionKey: string; payload?: unknown });
      default:
        return handlers.other(cmd, data);
    }
  },
};
