// Text and small inline things: Text, Heading, Link, Badge, Lozenge, Tag, User, Code, Icon.
import Avatar from '@atlaskit/avatar';
import Badge from '@atlaskit/badge';
import Heading from '@atlaskit/heading';
import Link from '@atlaskit/link';
import Lozenge from '@atlaskit/lozenge';
import { Text } from '@atlaskit/primitives/compiled';
import { SimpleTag } from '@atlaskit/tag';
import TagGroup from '@atlaskit/tag-group';
import { token } from '@atlaskit/tokens';
import { Glyph } from '../glyphs';
import { loose, omit, passthrough, textOf, type ComponentRenderer } from '../render-api';

/** Older UI Kit Heading took `as="h1"...`; today's takes `size`. */
const HEADING_SIZES: Record<string, string> = {
  h1: 'xlarge',
  h2: 'large',
  h3: 'medium',
  h4: 'small',
  h5: 'xsmall',
  h6: 'xxsmall',
};

const AkText = loose(Text);
const AkHeading = loose(Heading);
const AkLink = loose(Link);
const AkBadge = loose(Badge);
const AkTag = loose(SimpleTag);

export const TEXT_COMPONENTS: Record<string, ComponentRenderer> = {
  Text: (n, r) => {
    if (n.props.as === 'strike') return <s>{r.children(n)}</s>;
    return <AkText {...n.props}>{r.children(n)}</AkText>;
  },
  Heading: (n, r) => {
    const legacy = typeof n.props.as === 'string' ? HEADING_SIZES[n.props.as] : undefined;
    return (
      <AkHeading {...n.props} size={n.props.size ?? legacy ?? 'medium'}>
        {r.children(n)}
      </AkHeading>
    );
  },
  Link: (n, r) => {
    const href = typeof n.props.href === 'string' ? n.props.href : '#';
    // Jira opens app links outside the app's frame: a site-relative one ("/browse/SUP-1") in the
    // same tab unless openNewTab (UI Kit's default is false), another site's in a new tab.
    const sameSite = href.startsWith('/') && !href.startsWith('//');
    const newTab = n.props.openNewTab === true || (!sameSite && n.props.openNewTab !== false);
    return (
      <AkLink href={href} target={newTab ? '_blank' : '_top'} rel="noreferrer noopener">
        {r.children(n)}
      </AkLink>
    );
  },
  Badge: (n, r) => {
    const text = textOf(n);
    const num = Number(text);
    return (
      <AkBadge {...n.props}>{text !== '' && Number.isFinite(num) ? num : r.children(n)}</AkBadge>
    );
  },
  Lozenge: passthrough(Lozenge),
  Tag: (n) => <AkTag {...omit(n.props, 'elemBefore')} text={String(n.props.text ?? '')} />,
  User: (n, r) => {
    const id = String(n.props.accountId ?? '');
    const name = r.users[id]?.displayName ?? 'Unknown user';
    return (
      <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
        <Avatar size="xsmall" name={name} />
        {n.props.hideDisplayName ? null : <span>{name}</span>}
      </span>
    );
  },

  // Not used by the app; kept because test/e2e/renderer.test.ts renders them in its gallery.
  TagGroup: passthrough(TagGroup),
  Code: (n, r) => (
    <code
      style={{
        fontFamily: token('font.family.code', 'monospace'),
        background: token('color.background.neutral', '#091E420F'),
        borderRadius: 3,
        padding: '0 4px',
        fontSize: '0.875em',
      }}
    >
      {r.children(n)}
    </code>
  ),
  Icon: (n) => (
    <Glyph
      name={String(n.props.glyph ?? '')}
      label={n.props.label as string | undefined}
      size={n.props.size as string | undefined}
    />
  ),
};
