// Button and LoadingButton: UI Kit's props mapped onto the new Atlaskit Button.
import type React from 'react';
import type { ReactNode } from 'react';
import Button from '@atlaskit/button/new';
import { callHandler, serialise } from '../app-handlers';
import type { ForgeDoc } from '../forge-doc';
import { iconComponent } from '../glyphs';
import { loose, omit, type ComponentRenderer, type RenderApi } from '../render-api';

const AkButton = loose(Button);

function ButtonView({
  node,
  r,
  loading,
}: {
  node: ForgeDoc;
  r: RenderApi;
  loading: boolean;
}): ReactNode {
  const p = node.props;
  return (
    <AkButton
      {...omit(
        p,
        'onClick',
        'onBlur',
        'onFocus',
        'iconBefore',
        'iconAfter',
        'isLoading',
        'spacing',
      )}
      spacing={p.spacing === 'none' ? 'compact' : p.spacing}
      isLoading={loading ? Boolean(p.isLoading) : undefined}
      iconBefore={iconComponent(p.iconBefore)}
      iconAfter={iconComponent(p.iconAfter)}
      onClick={(e: React.MouseEvent<HTMLButtonElement>) =>
        callHandler(p.onClick, serialise(e, { type: 'button' }, 'click'))
      }
      onBlur={(e: React.FocusEvent<HTMLButtonElement>) =>
        callHandler(p.onBlur, serialise(e, {}, 'blur'))
      }
      onFocus={(e: React.FocusEvent<HTMLButtonElement>) =>
        callHandler(p.onFocus, serialise(e, {}, 'focus'))
      }
    >
      {r.children(node)}
    </AkButton>
  );
}

export const BUTTON_COMPONENTS: Record<string, ComponentRenderer> = {
  Button: (n, r) => <ButtonView node={n} r={r} loading={false} />,
  LoadingButton: (n, r) => <ButtonView node={n} r={r} loading />,
};
