// Step 2: the server's name as DNS or NetBIOS knows it, and a description for the lists.
import { Field, Input } from '@fluentui/react-components';
import type { ManagedServerKind } from '../../../../src-shared/domain';
import { useServerWizard } from '../store';

const NAME_HINT: Record<ManagedServerKind, string> = {
  'hyperv-host': 'DNS or NetBIOS name of the Hyper-V host, e.g. hv03 or hv03.lab.local.',
  'hyperv-cluster': 'The cluster name (its network name), not a node, e.g. clu01 or clu01.lab.local.',
  'windows-server': 'DNS or NetBIOS name of the server, e.g. proxy04 or proxy04.lab.local.',
};

export function NameStep({ error }: { error: string | null }) {
  const name = useServerWizard((w) => w.name);
  const kind = useServerWizard((w) => w.kind);
  const description = useServerWizard((w) => w.description);
  const setName = useServerWizard((w) => w.setName);
  const setDescription = useServerWizard((w) => w.setDescription);
  // An empty box is not an error yet: the hint says what to type, Next stays disabled.
  const shown = name.trim() !== '' ? error : null;
  return (
    <>
      <Field
        label="DNS name or IP address"
        required
        hint={shown ? undefined : NAME_HINT[kind ?? 'hyperv-host']}
        validationMessage={shown ?? undefined}
        validationState={shown ? 'error' : 'none'}
      >
        <Input value={name} maxLength={253} onChange={(_e, d) => setName(d.value)} spellCheck={false} autoComplete="off" />
      </Field>
      <Field label="Description" hint="Shown in the managed servers list.">
        <Input value={description} maxLength={500} onChange={(_e, d) => setDescription(d.value)} />
      </Field>
    </>
  );
}
