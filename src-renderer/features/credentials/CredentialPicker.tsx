// Which account Ferry signs in with on a server: a stored credential, the console's own identity (Kerberos),
// or a new credential added on the spot (it is selected as soon as it is saved).
import { useState } from 'react';
import { Button, Dropdown, Field, Option } from '@fluentui/react-components';
import { Add16Regular } from '@fluentui/react-icons';
import { FieldWithAction } from '../../components/FieldWithAction';
import { useReturnFocus } from '../../components/useReturnFocus';
import { useFerryStore } from '../../store';
import { credentialsSelectors } from '../../store/slices/credentials/selectors';
import { CredentialDialog } from './CredentialDialog';

/** The Dropdown value of "Console identity"; '@' is not allowed in ids, so it never clashes with one. */
export const CONSOLE_CHOICE = '@console';
/** null: nothing chosen yet; CONSOLE_CHOICE; or a credential id. */
export type CredentialChoice = string | null;

export const choiceOf = (credentialId: string | null): CredentialChoice => credentialId ?? CONSOLE_CHOICE;
export const credentialIdOf = (choice: CredentialChoice): string | null => (choice === null || choice === CONSOLE_CHOICE ? null : choice);

const CONSOLE_LABEL = 'Console identity (Kerberos)';


export function CredentialPicker({
  value,
  onChange,
  error,
  hint,
}: {
  value: CredentialChoice;
  onChange(choice: CredentialChoice): void;
  error?: string | null;
  hint?: string;
}) {
  const credentials = useFerryStore(credentialsSelectors.items);
  const [adding, setAdding] = useState(false);
  const focus = useReturnFocus();
  const selected = credentials.find((c) => c.id === value);
  const text = value === CONSOLE_CHOICE ? CONSOLE_LABEL : (selected?.user ?? '');

  return (
    <>
      <FieldWithAction
        action={
          <Button
            icon={<Add16Regular />}
            onClick={() => {
              focus.remember();
              setAdding(true);
            }}
          >
            Add credential…
          </Button>
        }
      >
        <Field
          label="Credentials"
          required
          hint={hint}
          validationMessage={error ?? undefined}
          validationState={error ? 'error' : 'none'}
        >
          <Dropdown
            placeholder="Choose the account Ferry signs in with"
            value={text}
            selectedOptions={value ? [value] : []}
            onOptionSelect={(_e, d) => d.optionValue && onChange(d.optionValue)}
          >
            <Option value={CONSOLE_CHOICE} text={CONSOLE_LABEL}>
              {`${CONSOLE_LABEL}: the account the console runs as`}
            </Option>
            {credentials.map((c) => (
              <Option key={c.id} value={c.id} text={c.user}>
                {c.description ? `${c.user} — ${c.description}` : c.user}
              </Option>
            ))}
          </Dropdown>
        </Field>
      </FieldWithAction>
      {adding && (
        <CredentialDialog
          mode={{ kind: 'create' }}
          onClose={(saved) => {
            setAdding(false);
            focus.restore();
            if (saved) onChange(saved.id);
          }}
        />
      )}
    </>
  );
}
