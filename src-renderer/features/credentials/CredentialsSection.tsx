// Backup Infrastructure → Credentials: stored WinRM accounts (never their passwords), who uses each,
// change password / remove (refused while a managed server uses it). Add credential is in the view's command bar.
import { useMemo, useState } from 'react';
import { Text, Toolbar, ToolbarButton } from '@fluentui/react-components';
import { Delete20Regular, Key20Regular } from '@fluentui/react-icons';
import { ErrorCode } from '../../../src-shared/contract';
import type { Credential, ManagedServer } from '../../../src-shared/domain';
import { RemoveConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable, type Column } from '../../components/DataTable';
import { useNotify } from '../../components/notify';
import { useRemoveConfirm } from '../../components/useRemoveConfirm';
import { useReturnFocus } from '../../components/useReturnFocus';
import { Section } from '../../components/Section';
import { LoadableView } from '../../components/StateViews';
import { formatDateTime } from '../../lib/format';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { credentialsSelectors } from '../../store/slices/credentials/selectors';
import { serversSelectors } from '../../store/slices/servers/selectors';
import { CredentialDialog, type CredentialDialogMode } from './CredentialDialog';

export function usedByText(credential: Credential, servers: ManagedServer[]): string {
  if (credential.usedBy.length === 0) return 'Not used';
  return credential.usedBy.map((id) => servers.find((s) => s.id === id)?.name ?? id).join(', ');
}

export function CredentialsSection() {
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const credentials = useFerryStore(credentialsSelectors.loadable);
  const servers = useFerryStore(serversSelectors.items);
  const { fetchCredentials, removeCredential } = useFerryStore.getState();
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = credentials.data.find((c) => c.id === selectedId);
  const [dialog, setDialog] = useState<Extract<CredentialDialogMode, { kind: 'password' }> | null>(null);
  const focus = useReturnFocus();
  const columns = useMemo(() => credentialColumns(servers), [servers]);

  const remove = useRemoveConfirm(
    async () => {
      if (!selected) return;
      await removeCredential(selected.id);
      setSelectedId(null);
      notify('Credential removed', selected.user);
    },
    (code) => (code === ErrorCode.InUse ? '(Managed servers → Edit server changes the account a server uses.)' : null),
  );

  return (
    <Section
      title="Credentials"
      actions={
        <Toolbar aria-label="Credentials commands" size="small">
          <ToolbarButton
            icon={<Key20Regular />}
            disabled={!selected || !connected}
            onClick={() => {
              if (!selected) return;
              focus.remember();
              setDialog({ kind: 'password', credential: selected });
            }}
          >
            Change password
          </ToolbarButton>
          <ToolbarButton icon={<Delete20Regular />} disabled={!selected || !connected} onClick={remove.show}>
            Remove credential
          </ToolbarButton>
        </Toolbar>
      }
    >
      <LoadableView
        loadable={credentials}
        what="credentials"
        onRetry={() => void fetchCredentials()}
        empty="No stored credentials. Servers use the console's own Windows identity (Kerberos) until you add one; workgroup servers need one."
      >
        {(items) => (
          <DataTable
            label="Credentials"
            items={items}
            columns={columns}
            getRowId={(c) => c.id}
            selectedId={selectedId}
            onSelect={setSelectedId}
            rowLabel={(c) => c.user}
          />
        )}
      </LoadableView>

      {dialog && (
        <CredentialDialog
          mode={dialog}
          onClose={(saved) => {
            setDialog(null);
            focus.restore();
            if (saved) notify('Password changed', saved.user);
          }}
        />
      )}
      <RemoveConfirmDialog confirm={remove} title="Remove credential">
        <Text>
          Remove the stored account <strong>{selected?.user}</strong> and its password?{' '}
          {selected && selected.usedBy.length > 0
            ? `It is used by ${usedByText(selected, servers)}: the host refuses to remove it while a server uses it.`
            : 'No managed server uses it.'}
        </Text>
      </RemoveConfirmDialog>
    </Section>
  );
}

function credentialColumns(servers: ManagedServer[]): Column<Credential>[] {
  return [
    { id: 'user', label: 'Account', width: 220, render: (c) => c.user, sortValue: (c) => c.user.toLowerCase() },
    { id: 'description', label: 'Description', width: 280, render: (c) => c.description || '—' },
    { id: 'usedBy', label: 'Used by', width: 240, render: (c) => usedByText(c, servers), sortValue: (c) => c.usedBy.length },
    { id: 'created', label: 'Added', width: 170, render: (c) => formatDateTime(c.createdAt), sortValue: (c) => c.createdAt },
  ];
}
