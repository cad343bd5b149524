// Form fields: text inputs, checkbox, labels and messages; Toggle and RadioGroup.
import React, { useEffect, useRef, useState, type ReactNode } from 'react';
import { ErrorMessage, Label, RequiredAsterisk } from '@atlaskit/form';
import { RadioGroup } from '@atlaskit/radio';
import TextArea from '@atlaskit/textarea';
import Textfield from '@atlaskit/textfield';
import Toggle from '@atlaskit/toggle';
import { token } from '@atlaskit/tokens';
import { callHandler, serialise, type SerialisableEvent } from '../app-handlers';
import { loose, omit, type ComponentRenderer, type RenderApi } from '../render-api';

type Props = Record<string, unknown>;

/**
 * Controlled inputs: the app's state update reaches us a reconcile later, so the field keeps its
 * own value meanwhile (no lost keystrokes or caret jumps) and follows the app when it changes it.
 */
function useFollowedValue<T>(propValue: T | undefined, fallback: T): [T, (v: T) => void] {
  const [local, setLocal] = useState<T>(propValue ?? fallback);
  const last = useRef(propValue);
  useEffect(() => {
    if (propValue !== last.current) {
      last.current = propValue;
      setLocal(propValue ?? fallback);
    }
  }, [propValue, fallback]);
  return [local, setLocal];
}

type TextElement = HTMLInputElement | HTMLTextAreaElement;

/** Textfield and TextArea: the event's target.type is the element's own ("text", "textarea"...). */
function textInput(component: unknown): ComponentRenderer {
  const Ak = loose(component);
  const event = (e: React.SyntheticEvent<TextElement>, type?: string): SerialisableEvent => {
    const target = e.target as TextElement;
    return serialise(e, { value: target.value, type: target.type || 'text' }, type);
  };
  function TextInputView({
    props,
    before,
    after,
  }: {
    props: Props;
    before?: ReactNode;
    after?: ReactNode;
  }): ReactNode {
    const controlled = 'value' in props;
    const [value, setValue] = useFollowedValue<string>(props.value as string | undefined, '');
    const rest = omit(
      props,
      'value',
      'onChange',
      'onBlur',
      'onFocus',
      'elemAfterInput',
      'elemBeforeInput',
    );
    return (
      <Ak
        {...rest}
        {...(controlled ? { value } : {})}
        // Element props (a currency beside an amount) render as Atlaskit places them.
        {...(before !== undefined ? { elemBeforeInput: before } : {})}
        {...(after !== undefined ? { elemAfterInput: after } : {})}
        onChange={(e: React.ChangeEvent<TextElement>) => {
          setValue(e.target.value);
          callHandler(props.onChange, event(e));
        }}
        onBlur={(e: React.FocusEvent<TextElement>) => callHandler(props.onBlur, event(e, 'blur'))}
        onFocus={(e: React.FocusEvent<TextElement>) =>
          callHandler(props.onFocus, event(e, 'focus'))
        }
      />
    );
  }
  const element = (value: unknown, path: string, r: RenderApi) =>
    value === undefined || value === null ? undefined : r.prop(value, path);
  return (n, r) => (
    <TextInputView
      props={n.props}
      before={element(n.props.elemBeforeInput, 'elemBeforeInput', r)}
      after={element(n.props.elemAfterInput, 'elemAfterInput', r)}
    />
  );
}

/** Checkbox and Toggle: `isChecked` makes them controlled, `defaultChecked` starts them. */
function useFollowedChecked(props: Props): [boolean, boolean, (v: boolean) => void] {
  const [checked, setChecked] = useFollowedValue<boolean>(
    props.isChecked as boolean | undefined,
    Boolean(props.defaultChecked),
  );
  return ['isChecked' in props, checked, setChecked];
}

const checkedChange = (e: React.ChangeEvent<HTMLInputElement>, props: Props) =>
  serialise(e, { checked: e.target.checked, value: props.value, type: 'checkbox' });

/** @atlaskit/checkbox is not installed with @forge/react: a native checkbox with ADS spacing. */
function CheckboxView({ props }: { props: Props }): ReactNode {
  const [controlled, checked, setChecked] = useFollowedChecked(props);
  return (
    <label
      style={{
        display: 'inline-flex',
        alignItems: 'center',
        gap: token('space.100', '8px'),
        cursor: 'pointer',
        font: token('font.body', '14px/20px sans-serif'),
      }}
    >
      <input
        type="checkbox"
        style={{
          width: 14,
          height: 14,
          accentColor: token('color.background.selected.bold', '#0C66E4'),
        }}
        id={props.id as string | undefined}
        name={props.name as string | undefined}
        value={props.value === undefined ? undefined : String(props.value)}
        checked={controlled ? checked : undefined}
        defaultChecked={controlled ? undefined : Boolean(props.defaultChecked)}
        disabled={Boolean(props.isDisabled)}
        required={Boolean(props.isRequired)}
        aria-invalid={props.isInvalid ? true : undefined}
        data-testid={props.testId as string | undefined}
        onChange={(e) => {
          setChecked(e.target.checked);
          callHandler(props.onChange, checkedChange(e, props));
        }}
        onBlur={(e) =>
          callHandler(
            props.onBlur,
            serialise(e, { checked: e.target.checked, type: 'checkbox' }, 'blur'),
          )
        }
      />
      {typeof props.label === 'string' || typeof props.label === 'number' ? (
        <span>{String(props.label)}</span>
      ) : null}
    </label>
  );
}

const AkToggle = loose(Toggle);
function ToggleView({ props }: { props: Props }): ReactNode {
  const [controlled, checked, setChecked] = useFollowedChecked(props);
  return (
    <AkToggle
      {...omit(props, 'onChange', 'onBlur', 'onFocus', 'isChecked')}
      {...(controlled ? { isChecked: checked } : {})}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
        setChecked(e.target.checked);
        callHandler(props.onChange, checkedChange(e, props));
      }}
    />
  );
}

const AkLabel = loose(Label);
const AkErrorMessage = loose(ErrorMessage);
const AkRadioGroup = loose(RadioGroup);

export const FORM_FIELD_COMPONENTS: Record<string, ComponentRenderer> = {
  Textfield: textInput(Textfield),
  TextArea: textInput(TextArea),
  Checkbox: (n) => <CheckboxView props={n.props} />,
  Label: (n, r) => (
    <AkLabel htmlFor={n.props.labelFor} id={n.props.id} testId={n.props.testId}>
      {r.children(n)}
    </AkLabel>
  ),
  // Only the text and the test id carry over to Atlaskit's message.
  ErrorMessage: (n, r) => <AkErrorMessage testId={n.props.testId}>{r.children(n)}</AkErrorMessage>,
  RequiredAsterisk: () => <RequiredAsterisk />,

  // Not used by the app; kept because test/e2e/renderer.test.ts renders them in its gallery.
  Toggle: (n) => <ToggleView props={n.props} />,
  RadioGroup: (n) => (
    <AkRadioGroup
      {...omit(n.props, 'onChange')}
      onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
        callHandler(
          n.props.onChange,
          serialise(e, { value: e.target.value, checked: e.target.checked, type: 'radio' }),
        )
      }
    />
  ),
};
