// UI Kit component name -> its renderer: the real Atlaskit component, or a faithful small
// stand-in where the Atlaskit package is not installed with @forge/react. Only the components
// the app uses are mapped, and those the renderer tests exercise; any other shows as unsupported.
import type { ReactNode } from 'react';
import { token } from '@atlaskit/tokens';
import type { ComponentRenderer } from './render-api';
import { BUTTON_COMPONENTS } from './ui-kit/buttons';
import { FEEDBACK_COMPONENTS } from './ui-kit/feedback';
import { FORM_FIELD_COMPONENTS } from './ui-kit/form-fields';
import { LAYOUT_COMPONENTS } from './ui-kit/layout';
import { PICKER_COMPONENTS } from './ui-kit/pickers';
import { TABLE_COMPONENTS } from './ui-kit/tables';
import { TEXT_COMPONENTS } from './ui-kit/text';

export const COMPONENTS: Record<string, ComponentRenderer> = {
  ...LAYOUT_COMPONENTS,
  ...TEXT_COMPONENTS,
  ...BUTTON_COMPONENTS,
  ...FORM_FIELD_COMPONENTS,
  ...PICKER_COMPONENTS,
  ...TABLE_COMPONENTS,
  ...FEEDBACK_COMPONENTS,
};

function Unsupported({ name }: { name: string }): ReactNode {
  return (
    <div
      data-unsupported={name}
      style={{
        border: `2px dashed ${token('color.border.danger', '#E2483D')}`,
        color: token('color.text.danger', '#AE2E24'),
        padding: '4px 8px',
        borderRadius: 3,
        fontSize: 12,
        fontFamily: 'monospace',
      }}
    >
      [Unsupported UI Kit component: {name}]
    </div>
  );
}

export function renderUnsupported(name: string): ReactNode {
  return <Unsupported name={name} />;
}
