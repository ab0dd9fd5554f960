// Edit a managed server: the account Ferry signs in with, the description, and (Hyper-V hosts and clusters)
// the VSS settings. Only what changed is sent, so a concurrent edit of another field is not undone.
import { useState, type FormEvent } from 'react';
import { Field, Input, makeStyles } from '@fluentui/react-components';
import type { ParamsOf } from '../../../src-shared/contract';
import type { ManagedServer } from '../../../src-shared/domain';
import { errorMessage } from '../../backend/errors';
import { FormDialog } from '../../components/FormDialog';
import { useFerryStore } from '../../store';
import { isHyperV } from '../../store/slices/servers/selectors';
import { CredentialPicker, choiceOf, credentialIdOf, type CredentialChoice } from '../credentials/CredentialPicker';
import { serverTypeText } from './ServersTable';
import { VssSettingsFields, vssSettingsOf, type VssForm } from './VssSettingsFields';

const useStyles = makeStyles({
  surface: { width: '640px', maxWidth: '96vw' },
});

/** The update to send, or null when nothing changed. */
export function serverPatch(
  server: ManagedServer,
  next: { credentialId: string | null; description: string; vss: ManagedServer['vss'] | null },
): ParamsOf<'servers.update'> | null {
  const patch: ParamsOf<'servers.update'> = { id: server.id };
  if (next.credentialId !== server.credentialId) patch.credentialId = next.credentialId;
  if (next.description !== server.description) patch.description = next.description;
  if (
    next.vss &&
    (next.vss.failoverToSoftwareProvider !== server.vss.failoverToSoftwareProvider ||
      next.vss.maxSnapshotsPerVolume !== server.vss.maxSnapshotsPerVolume)
  ) {
    patch.vss = next.vss;
  }
  return Object.keys(patch).length > 1 ? patch : null;
}

export function EditServerDialog({ server, onClose }: { server: ManagedServer; onClose(saved: ManagedServer | null): void }) {
  const s = useStyles();
  const updateServer = useFerryStore((st) => st.updateServer);
  const [choice, setChoice] = useState<CredentialChoice>(choiceOf(server.credentialId));
  const [description, setDescription] = useState(server.description);
  const [vss, setVss] = useState<VssForm>({ ...server.vss });
  const [busy, setBusy] = useState(false);
  const [hostError, setHostError] = useState<string | null>(null);
  const hyperV = isHyperV(server.kind);
  const vssSettings = hyperV ? vssSettingsOf(vss) : null;
  const invalid = hyperV && vssSettings === null;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || invalid) return;
    const patch = serverPatch(server, { credentialId: credentialIdOf(choice), description, vss: vssSettings });
    if (!patch) {
      onClose(null);
      return;
    }
    setBusy(true);
    setHostError(null);
    try {
      onClose(await updateServer(patch));
    } catch (err) {
      setHostError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <FormDialog
      title={`Edit server ${server.name}`}
      surfaceClassName={s.surface}
      submitLabel="Save"
      busy={busy}
      submitDisabled={invalid}
      error={hostError}
      errorTitle="The changes were not saved"
      onSubmit={(e) => void save(e)}
      onCancel={() => onClose(null)}
    >
      <Field label="Type">
        <Input value={serverTypeText(server)} readOnly />
      </Field>
      <CredentialPicker
        value={choice}
        onChange={setChoice}
        hint="Ferry reconnects with this account at the next rescan or job. The console identity is refused by workgroup servers."
      />
      <Field label="Description">
        <Input value={description} maxLength={500} onChange={(_e, d) => setDescription(d.value)} />
      </Field>
      {hyperV && <VssSettingsFields value={vss} onChange={setVss} />}
    </FormDialog>
  );
}
