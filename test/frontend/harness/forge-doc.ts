// Queries over the forgeDoc the UI Kit reconciler sends to the host: what a person would see.

export interface ForgeNode {
  type: string;
  props: Record<string, unknown>;
  children: ForgeNode[];
  key: string;
}

export function isForgeNode(value: unknown): value is ForgeNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ForgeNode).type === 'string' &&
    Array.isArray((value as ForgeNode).children)
  );
}

/** Text of a subtree; sibling elements are separated by a space, adjacent strings are not. */
export function textOf(node: ForgeNode): string {
  if (node.type === 'String') return String(node.props.text ?? '');
  const parts: string[] = [];
  let previousWasString = false;
  for (const child of node.children) {
    const t = textOf(child);
    const isString = child.type === 'String';
    if (parts.length > 0 && !(isString && previousWasString)) parts.push(' ');
    parts.push(t);
    previousWasString = isString;
  }
  // Some components carry visible text in props rather than children.
  const propText = ['title', 'text', 'label', 'caption']
    .map((p) => node.props[p])
    .filter((v): v is string => typeof v === 'string');
  return [...propText, parts.join('')]
    .filter((s) => s !== '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function all(root: ForgeNode, predicate: (n: ForgeNode) => boolean): ForgeNode[] {
  const out: ForgeNode[] = [];
  const walk = (n: ForgeNode) => {
    if (predicate(n)) out.push(n);
    n.children.forEach(walk);
  };
  walk(root);
  return out;
}

export function allByType(root: ForgeNode, ...types: string[]): ForgeNode[] {
  return all(root, (n) => types.includes(n.type));
}

/** The innermost elements whose text contains `text` (case-sensitive). */
export function allByText(root: ForgeNode, text: string | RegExp): ForgeNode[] {
  const matches = (n: ForgeNode) => {
    if (n.type === 'String') return false;
    const t = textOf(n);
    return typeof text === 'string' ? t.includes(text) : text.test(t);
  };
  const hits = all(root, matches);
  return hits.filter((h) => !hits.some((other) => other !== h && contains(h, other)));
}

export function contains(ancestor: ForgeNode, node: ForgeNode): boolean {
  return ancestor.children.some((c) => c === node || contains(c, node));
}

/** Parent chain of `node` within `root`, nearest first. */
export function ancestors(root: ForgeNode, node: ForgeNode): ForgeNode[] {
  const path: ForgeNode[] = [];
  const walk = (n: ForgeNode): boolean => {
    if (n === node) return true;
    for (const c of n.children) {
      if (walk(c)) {
        path.push(n);
        return true;
      }
    }
    return false;
  };
  walk(root);
  return path;
}

const BUTTON_TYPES = ['Button', 'LoadingButton'];

export function buttons(root: ForgeNode, label?: string | RegExp): ForgeNode[] {
  return allByType(root, ...BUTTON_TYPES).filter((b) => {
    if (label === undefined) return true;
    const t = textOf(b);
    return typeof label === 'string' ? t === label : label.test(t);
  });
}

/** A form control by the id / inputId / name the app gave it (the reconciler prefixes ids). */
export function controls(root: ForgeNode, id: string): ForgeNode[] {
  return all(root, (n) =>
    ['id', 'inputId', 'name'].some((p) => {
      const v = n.props[p];
      return typeof v === 'string' && (v === id || v.endsWith(`-${id}`)) && n.type !== 'Label';
    }),
  );
}

/** DynamicTable rows as arrays of cell nodes (head excluded). */
export function tableRows(table: ForgeNode): ForgeNode[][] {
  const rowsWrapper = table.children.find(
    (c) => c.type === 'ContentWrapper' && c.props.name === 'rows',
  );
  return (rowsWrapper?.children ?? []).map((row) => row.children);
}

/** A result row's record name: the first button of its first cell (its details sit under it). */
export function rowName(cells: ForgeNode[]): string {
  const [first] = cells;
  const [name] = first ? buttons(first) : [];
  return name ? textOf(name) : '';
}

/** A result row's details: the first cell's text after the name. */
export function rowDetails(cells: ForgeNode[]): string {
  const [first] = cells;
  return first ? textOf(first).slice(rowName(cells).length).trim() : '';
}

/** The `key` each DynamicTable row was given (the app uses the entity id). */
export function tableRowKeys(table: ForgeNode): string[] {
  const rowsWrapper = table.children.find(
    (c) => c.type === 'ContentWrapper' && c.props.name === 'rows',
  );
  return (rowsWrapper?.children ?? []).map((row) => String(row.props.rowKey));
}

export function describe(node: ForgeNode, depth = 0): string {
  if (node.type === 'String') return `${'  '.repeat(depth)}"${String(node.props.text)}"`;
  const props = Object.entries(node.props)
    .filter(([, v]) => typeof v !== 'function' && typeof v !== 'object')
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(' ');
  return [
    `${'  '.repeat(depth)}<${node.type}${props ? ` ${props}` : ''}>`,
    ...node.children.map((c) => describe(c, depth + 1)),
  ].join('\n');
}
