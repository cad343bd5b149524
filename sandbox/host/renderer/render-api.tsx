// What every UI Kit component renderer is given, and the small tools they share.
import type { ComponentType, ReactNode } from 'react';
import type { ForgeDoc } from './forge-doc';

export interface RenderApi {
  children(node: ForgeDoc): ReactNode;
  nodes(nodes: ForgeDoc[]): ReactNode;
  /** A ReactNode-valued prop (actions, description, content...). */
  prop(value: unknown, path: string): ReactNode;
  users: Record<string, { displayName: string; email?: string }>;
}

export type ComponentRenderer = (node: ForgeDoc, r: RenderApi) => ReactNode;

/** Atlaskit components take precise prop types; the forgeDoc gives us untyped props. */
export type Loose = ComponentType<Record<string, unknown> & { children?: unknown }>;
export const loose = (c: unknown): Loose => c as Loose;

export function omit(props: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  const out = { ...props };
  for (const k of keys) delete out[k];
  return out;
}

export function textOf(node: ForgeDoc): string {
  if (node.type === 'String') return String(node.props.text ?? '');
  return node.children.map(textOf).join('');
}

/** Atlaskit components whose props match UI Kit's one to one. */
export function passthrough(component: unknown): ComponentRenderer {
  const Ak = loose(component);
  return (n, r) => <Ak {...n.props}>{r.children(n)}</Ak>;
}
