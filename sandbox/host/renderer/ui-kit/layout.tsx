// Structure and layout: the reconciler's own nodes, Box / Stack / Inline, lists and tabs.
import React from 'react';
import { Inline, Stack } from '@atlaskit/primitives/compiled';
import Tabs, { Tab, TabList, TabPanel } from '@atlaskit/tabs';
import { callHandler } from '../app-handlers';
import { loose, omit, type ComponentRenderer } from '../render-api';
import { boxPropsToStyle, xcssToStyle } from '../xcss';

/** The tags Box may render as (`as`); anything else falls back to div. */
const BOX_TAGS = new Set([
  'div',
  'span',
  'section',
  'ul',
  'ol',
  'li',
  'p',
  'article',
  'aside',
  'nav',
  'header',
  'footer',
  'main',
]);

const AkStack = loose(Stack);
const AkInline = loose(Inline);
const AkTabs = loose(Tabs);

export const LAYOUT_COMPONENTS: Record<string, ComponentRenderer> = {
  Root: (n, r) => r.children(n),
  ContentWrapper: (n, r) => r.children(n),
  String: (n) => String(n.props.text ?? ''),
  Box: (n, r) => {
    const tag = typeof n.props.as === 'string' && BOX_TAGS.has(n.props.as) ? n.props.as : 'div';
    return React.createElement(
      tag,
      {
        style: {
          boxSizing: 'border-box',
          ...boxPropsToStyle(n.props),
          ...xcssToStyle(n.props.xcss),
        },
        'data-testid': n.props.testId,
        role: n.props.role,
      },
      r.children(n),
    );
  },
  Stack: (n, r) => <AkStack {...omit(n.props, 'xcss')}>{r.children(n)}</AkStack>,
  Inline: (n, r) => {
    const separator = typeof n.props.separator === 'string' ? n.props.separator : undefined;
    return (
      <AkInline {...omit(n.props, 'xcss', 'separator')} separator={separator}>
        {r.children(n)}
      </AkInline>
    );
  },

  // The admin page's "Who can see and change what" list.
  List: (n, r) =>
    n.props.type === 'ordered' ? (
      <ol style={{ margin: 0, paddingInlineStart: 24 }}>{r.children(n)}</ol>
    ) : (
      <ul style={{ margin: 0, paddingInlineStart: 24 }}>{r.children(n)}</ul>
    ),
  ListItem: (n, r) => <li>{r.children(n)}</li>,
  Tabs: (n, r) => (
    <AkTabs
      {...omit(n.props, 'onChange')}
      id={n.props.id ?? 'tabs'}
      onChange={(i: number) => callHandler(n.props.onChange, i)}
    >
      {r.children(n)}
    </AkTabs>
  ),
  TabList: (n, r) => <TabList>{r.children(n)}</TabList>,
  Tab: (n, r) => <Tab>{r.children(n)}</Tab>,
  TabPanel: (n, r) => (
    <TabPanel>
      <div style={{ width: '100%' }}>{r.children(n)}</div>
    </TabPanel>
  ),
};
