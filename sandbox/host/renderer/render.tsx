// Renders one forgeDoc tree with the mapped Atlaskit components.
import React, { Component, type ReactNode } from 'react';
import { COMPONENTS, renderUnsupported } from './components';
import { nodeToDocs, type ForgeDoc } from './forge-doc';
import type { RenderApi } from './render-api';

class NodeBoundary extends Component<{ name: string; children: ReactNode }, { error?: string }> {
  override state: { error?: string } = {};
  static getDerivedStateFromError(error: unknown): { error: string } {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  override componentDidCatch(error: unknown): void {
    console.error(`[sandbox] rendering ${this.props.name} failed`, error);
  }
  override render(): ReactNode {
    if (this.state.error) {
      return (
        <div
          data-render-error={this.props.name}
          style={{ border: '2px dashed #E2483D', color: '#AE2E24', padding: 4, fontSize: 12 }}
        >
          [{this.props.name} failed to render: {this.state.error}]
        </div>
      );
    }
    return this.props.children;
  }
}

export function makeApi(users: RenderApi['users']): RenderApi {
  const api: RenderApi = {
    users,
    nodes: (nodes) => nodes.map((child, i) => renderNode(child, api, child.key ?? String(i))),
    children: (node) => (node.children.length === 0 ? null : api.nodes(node.children)),
    prop: (value, path) => api.nodes(nodeToDocs(value, path)),
  };
  return api;
}

function renderNode(node: ForgeDoc, api: RenderApi, key: string): ReactNode {
  const render = COMPONENTS[node.type];
  if (node.type === 'String')
    return <React.Fragment key={key}>{String(node.props.text ?? '')}</React.Fragment>;
  const content = render ? render(node, api) : renderUnsupported(node.type);
  return (
    <NodeBoundary key={key} name={node.type}>
      {content}
    </NodeBoundary>
  );
}

export function ForgeDocView({
  doc,
  api,
}: {
  doc: ForgeDoc;
  api: RenderApi;
  version: number;
}): ReactNode {
  return <>{renderNode(doc, api, doc.key ?? 'root')}</>;
}
