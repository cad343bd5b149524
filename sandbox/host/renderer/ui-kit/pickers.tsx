// Choosing a value from a list: Select, UserPicker, DatePicker and TimePicker.
import type React from 'react';
import type { ReactNode } from 'react';
import { DatePicker, TimePicker } from '@atlaskit/datetime-picker';
import { HelperMessage, Label, RequiredAsterisk } from '@atlaskit/form';
import Select from '@atlaskit/select';
import { callHandler, serialise } from '../app-handlers';
import { loose, omit, type ComponentRenderer, type RenderApi } from '../render-api';

type Props = Record<string, unknown>;

const AkSelect = loose(Select);
function SelectView({ props }: { props: Props }): ReactNode {
  return (
    <AkSelect
      menuPortalTarget={document.body}
      styles={{ menuPortal: (base: Record<string, unknown>) => ({ ...base, zIndex: 9999 }) }}
      {...omit(props, 'onChange', 'onBlur', 'onFocus', 'onInputChange')}
      onChange={(value: unknown, meta: { action?: string }) =>
        callHandler(props.onChange, value, { action: meta?.action })
      }
      onInputChange={(value: string, meta: { action?: string }) =>
        callHandler(props.onInputChange, value, { action: meta?.action })
      }
      onBlur={(e: React.FocusEvent<HTMLInputElement>) =>
        callHandler(props.onBlur, serialise(e, { value: e.target.value }, 'blur'))
      }
      onFocus={(e: React.FocusEvent<HTMLInputElement>) =>
        callHandler(props.onFocus, serialise(e, { value: e.target.value }, 'focus'))
      }
    />
  );
}

type UserOption = { value: string; label: string };

const AkLabel = loose(Label);
const AkHelper = loose(HelperMessage);

/** Jira resolves users itself; the sandbox offers its demo users. */
function UserPickerView({ props, users }: { props: Props; users: RenderApi['users'] }): ReactNode {
  const options = Object.entries(users).map(([id, u]) => ({ label: u.displayName, value: id }));
  const toOption = (v: unknown) => options.find((o) => o.value === v);
  const multi = Boolean(props.isMulti);
  const toOptions = (v: unknown) =>
    multi ? (Array.isArray(v) ? v.map(toOption).filter(Boolean) : []) : (toOption(v) ?? null);
  const asUser = (o: UserOption | null | undefined) =>
    o
      ? {
          id: o.value,
          type: 'user',
          avatarUrl: '',
          name: o.label,
          email: users[o.value]?.email ?? '',
        }
      : null;
  const inputId = `userpicker-${String(props.name ?? 'user')}`;
  return (
    <div>
      {props.label !== undefined ? (
        <AkLabel htmlFor={inputId}>
          {String(props.label)}
          {props.isRequired ? <RequiredAsterisk /> : null}
        </AkLabel>
      ) : null}
      <SelectView
        props={{
          inputId,
          name: props.name,
          placeholder: props.placeholder ?? 'Choose a user',
          isMulti: multi,
          isClearable: true,
          isDisabled: props.isDisabled,
          options,
          ...(props.value !== undefined ? { value: toOptions(props.value) } : {}),
          ...(props.defaultValue !== undefined
            ? { defaultValue: toOptions(props.defaultValue) }
            : {}),
          onChange: (v: unknown) => {
            const picked = multi
              ? Array.isArray(v)
                ? v.map(asUser)
                : []
              : asUser(v as UserOption | null);
            callHandler(props.onChange, picked);
          },
        }}
      />
      {props.description !== undefined ? <AkHelper>{String(props.description)}</AkHelper> : null}
    </div>
  );
}

/** Atlaskit's date and time pickers: UI Kit hands the app the ISO string, blur and focus bare. */
function pickerOf(component: unknown): ComponentRenderer {
  const Ak = loose(component);
  return (n) => (
    <Ak
      {...omit(n.props, 'onChange', 'onBlur', 'onFocus')}
      onChange={(v: string) => callHandler(n.props.onChange, v)}
      onBlur={() => callHandler(n.props.onBlur)}
      onFocus={() => callHandler(n.props.onFocus)}
    />
  );
}

export const PICKER_COMPONENTS: Record<string, ComponentRenderer> = {
  Select: (n) => <SelectView props={n.props} />,
  UserPicker: (n, r) => <UserPickerView props={n.props} users={r.users} />,
  DatePicker: pickerOf(DatePicker),
  TimePicker: pickerOf(TimePicker),
};
