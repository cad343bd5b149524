// Messages, progress and overlays: SectionMessage, Spinner; ProgressBar, EmptyState, Tooltip, Modal.
import Heading from '@atlaskit/heading';
import Modal, {
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalTitle,
  ModalTransition,
} from '@atlaskit/modal-dialog';
import ProgressBar from '@atlaskit/progress-bar';
import SectionMessage from '@atlaskit/section-message';
import Spinner from '@atlaskit/spinner';
import Tooltip from '@atlaskit/tooltip';
import { token } from '@atlaskit/tokens';
import { callHandler } from '../app-handlers';
import { loose, omit, passthrough, type ComponentRenderer } from '../render-api';

const AkSectionMessage = loose(SectionMessage);
const AkSpinner = loose(Spinner);
const AkProgressBar = loose(ProgressBar);
const AkTooltip = loose(Tooltip);
const AkModal = loose(Modal);

export const FEEDBACK_COMPONENTS: Record<string, ComponentRenderer> = {
  SectionMessage: (n, r) => {
    const actions = n.props.actions === undefined ? undefined : r.prop(n.props.actions, 'actions');
    return (
      <AkSectionMessage {...omit(n.props, 'actions')} actions={actions}>
        {r.children(n)}
      </AkSectionMessage>
    );
  },
  Spinner: (n) => <AkSpinner {...n.props} />,

  // Not used by the app; kept because test/e2e/renderer.test.ts renders them (gallery, modal).
  ProgressBar: (n) => <AkProgressBar {...n.props} />,
  EmptyState: (n, r) => (
    <div
      style={{
        textAlign: 'center',
        padding: `${token('space.400', '32px')} ${token('space.200', '16px')}`,
        maxWidth: n.props.width === 'narrow' ? 304 : 464,
        margin: '0 auto',
      }}
    >
      <Heading size="medium">{String(n.props.header ?? '')}</Heading>
      {n.props.description !== undefined ? (
        <p style={{ color: token('color.text.subtle', '#44546F') }}>
          {r.prop(n.props.description, 'description')}
        </p>
      ) : null}
      <div style={{ display: 'inline-flex', gap: 8 }}>
        {n.props.primaryAction !== undefined
          ? r.prop(n.props.primaryAction, 'primaryAction')
          : null}
        {n.props.secondaryAction !== undefined
          ? r.prop(n.props.secondaryAction, 'secondaryAction')
          : null}
      </div>
      {n.props.tertiaryAction !== undefined ? (
        <div style={{ marginTop: 8 }}>{r.prop(n.props.tertiaryAction, 'tertiaryAction')}</div>
      ) : null}
    </div>
  ),
  Tooltip: (n, r) => {
    const raw = n.props.content ?? n.props.text; // `text` in older UI Kit
    const content = typeof raw === 'string' ? raw : r.prop(raw, 'content');
    return (
      <AkTooltip {...omit(n.props, 'content')} content={content}>
        {(triggerProps: Record<string, unknown>) => (
          <span {...triggerProps} style={{ display: 'inline-block' }}>
            {r.children(n)}
          </span>
        )}
      </AkTooltip>
    );
  },
  Modal: (n, r) => (
    <AkModal {...omit(n.props, 'onClose')} onClose={() => callHandler(n.props.onClose)}>
      {r.children(n)}
    </AkModal>
  ),
  ModalTransition: (n, r) => <ModalTransition>{r.children(n)}</ModalTransition>,
  ModalHeader: passthrough(ModalHeader),
  ModalTitle: passthrough(ModalTitle),
  ModalBody: passthrough(ModalBody),
  ModalFooter: passthrough(ModalFooter),
};
