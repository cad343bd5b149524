// The forgeDoc tree the UI Kit reconciler (@forge/react) sends with every `reconcile`.
export interface ForgeDoc {
  type: string;
  props: Record<string, unknown>;
  children: ForgeDoc[];
  key?: string;
}

export function isForgeDoc(value: unknown): value is ForgeDoc {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ForgeDoc).type === 'string' &&
    Array.isArray((value as ForgeDoc).children)
  );
}

interface ReactElementLike {
  $$typeof: symbol;
  type: unknown;
  props: Record<string, unknown>;
  key: string | null;
}

export function isReactElement(value: unknown): value is ReactElementLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { $$typeof?: unknown }).$$typeof === 'symbol'
  );
}

/**
 * Props that hold ReactNodes (SectionMessage `actions`, EmptyState `primaryAction`, Tooltip
 * `content`...) arrive as the bundle's own React elements, not reconciled into the forgeDoc.
 * They are turned into forgeDoc nodes here; function components are called as @forge/react's
 * DynamicTable does with cell contents.
 */
export function nodeToDocs(node: unknown, path = 'p'): ForgeDoc[] {
  if (node === null || node === undefined || typeof node === 'boolean') return [];
  if (typeof node === 'string' || typeof node === 'number') {
    return [{ type: 'String', props: { text: String(node) }, children: [], key: path }];
  }
  if (Array.isArray(node)) return node.flatMap((child, i) => nodeToDocs(child, `${path}.${i}`));
  if (isForgeDoc(node)) return [node];
  if (isReactElement(node)) {
    const { type, props } = node;
    const key = `${path}:${node.key ?? ''}`;
    if (typeof type === 'function') {
      try {
        return nodeToDocs((type as (p: unknown) => unknown)(props), key);
      } catch {
        return [{ type: 'UnrenderableElement', props: {}, children: [], key }];
      }
    }
    if (typeof type === 'symbol') return nodeToDocs(props.children, key); // Fragment
    if (typeof type === 'string') {
      const { children, ...rest } = props;
      return [{ type, props: rest, children: nodeToDocs(children, key), key }];
    }
  }
  return [];
}
