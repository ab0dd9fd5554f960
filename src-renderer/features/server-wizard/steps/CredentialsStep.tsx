// Step 3: the account Ferry signs in with over WinRM — a stored credential, the console identity, or a new one.
import { Text } from '@fluentui/react-components';
import { CredentialPicker } from '../../credentials/CredentialPicker';
import { useServerWizard } from '../store';

export function CredentialsStep({ error }: { error: string | null }) {
  const choice = useServerWizard((w) => w.credential);
  const name = useServerWizard((w) => w.name.trim());
  const choose = useServerWizard((w) => w.chooseCredential);
  return (
    <>
      <CredentialPicker
        value={choice}
        onChange={choose}
        // "Nothing chosen yet" is what the placeholder says; only a wrong choice is an error.
        error={choice !== null ? error : null}
        hint={`The account needs local administrator rights on ${name || 'the server'}. Passwords stay in the operating system's secret store.`}
      />
      <Text>
        The console identity works on servers of the console's own (or a trusted) domain. Workgroup servers accept only their own accounts,
        such as .\Administrator.
      </Text>
    </>
  );
}
