// Function props are the app's own functions (its bundle runs in this page): they are called
// with the argument shapes UI Kit documents, and their failures stay out of the renderer.

type Fn = (...args: unknown[]) => unknown;

export function isFunction(v: unknown): v is Fn {
  return typeof v === 'function';
}

/** What UI Kit hands change/blur/focus handlers: a serialisable copy of the DOM event. */
export interface SerialisableEvent {
  bubbles: boolean;
  cancelable: boolean;
  defaultPrevented: boolean;
  eventPhase: number;
  isTrusted: boolean;
  target: {
    value?: unknown;
    checked?: boolean;
    name?: string;
    id?: string;
    tagName?: string;
    type?: string;
  };
  timeStamp: number;
  type: string;
}

export function serialise(
  e: { type?: string; target?: unknown; timeStamp?: number } | undefined,
  target: SerialisableEvent['target'],
  type?: string,
): SerialisableEvent {
  const t = (e?.target ?? {}) as Partial<HTMLInputElement>;
  return {
    bubbles: true,
    cancelable: false,
    defaultPrevented: false,
    eventPhase: 3,
    isTrusted: true,
    target: { name: t.name, id: t.id, tagName: t.tagName, ...target },
    timeStamp: e?.timeStamp ?? Date.now(),
    type: type ?? e?.type ?? 'change',
  };
}

/** Calls an app handler, if there is one, without letting it throw or reject into the renderer. */
export function callHandler(handler: unknown, ...args: unknown[]): void {
  if (!isFunction(handler)) return;
  try {
    const out = handler(...args);
    if (out && typeof (out as Promise<unknown>).catch === 'function') {
      (out as Promise<unknown>).catch((err: unknown) =>
        console.error('[sandbox] app handler rejected', err),
      );
    }
  } catch (err) {
    console.error('[sandbox] app handler threw', err);
  }
}
