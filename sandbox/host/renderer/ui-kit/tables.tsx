// DynamicTable: @forge/react sends head and rows as ContentWrapper / Row / Cell nodes; they are
// turned back into the props Atlaskit's DynamicTable takes, as Jira does.
import type { ReactNode } from 'react';
import DynamicTable from '@atlaskit/dynamic-table';
import { callHandler } from '../app-handlers';
import type { ForgeDoc } from '../forge-doc';
import { loose, omit, type ComponentRenderer, type RenderApi } from '../render-api';

const AkTable = loose(DynamicTable);

function DynamicTableView({ node, r }: { node: ForgeDoc; r: RenderApi }): ReactNode {
  const wrapper = (name: string) =>
    node.children.find((c) => c.type === 'ContentWrapper' && c.props.name === name);
  const toCell = (cell: ForgeDoc, i: number) => {
    const { cellKey, ...cellProps } = cell.props;
    return {
      ...cellProps,
      key: (cellKey as string | number | undefined) ?? i,
      content: r.children(cell),
    };
  };
  const headDoc = wrapper('head');
  const rowsDoc = wrapper('rows');
  const head =
    headDoc && headDoc.children.length > 0 ? { cells: headDoc.children.map(toCell) } : undefined;
  const rows = rowsDoc?.children.map((row, i) => {
    const { rowKey, ...rowProps } = row.props;
    return { ...rowProps, key: String(rowKey ?? i), cells: row.children.map(toCell) };
  });
  const p = node.props;
  return (
    <AkTable
      {...omit(p, 'head', 'rows', 'emptyView', 'onSetPage', 'onSort', 'onRankStart', 'onRankEnd')}
      head={head}
      rows={rows}
      emptyView={p.emptyView === undefined ? undefined : r.prop(p.emptyView, 'emptyView')}
      onSetPage={(page: number) => callHandler(p.onSetPage, page)}
      onSort={(data: { key?: string; sortOrder?: string }) =>
        callHandler(p.onSort, { key: data.key, sortOrder: data.sortOrder })
      }
    />
  );
}

export const TABLE_COMPONENTS: Record<string, ComponentRenderer> = {
  DynamicTable: (n, r) => <DynamicTableView node={n} r={r} />,
};
