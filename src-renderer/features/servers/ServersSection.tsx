// Backup Infrastructure → Managed servers: Edit, Rescan and Remove the selected server. (Add server lives
// in the view's command bar with the other Add commands.)
import { useState } from 'react';
import { Text, Toolbar, ToolbarButton } from '@fluentui/react-components';
import { ArrowSync20Regular, Delete20Regular, Edit20Regular } from '@fluentui/react-icons';
import { ErrorCode } from '../../../src-shared/contract';
import { errorMessage } from '../../backend/errors';
import { RemoveConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/notify';
import { useRemoveConfirm } from '../../components/useRemoveConfirm';
import { useReturnFocus } from '../../components/useReturnFocus';
import { Section } from '../../components/Section';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { SERVER_KIND_TEXT, serversSelectors } from '../../store/slices/servers/selectors';
import { EditServerDialog } from './EditServerDialog';
import { ServersTable } from './ServersTable';

const STATUS_TEXT = { ok: 'is connected', unreachable: 'is unreachable', 'access-denied': 'refused access' } as const;

export function ServersSection() {
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = useFerryStore(serversSelectors.byId(selectedId));
  const { rescanServer, removeServer } = useFerryStore.getState();
  const [editing, setEditing] = useState(false);
  const focus = useReturnFocus();
  const [rescanning, setRescanning] = useState(false);

  const doRescan = async () => {
    if (!selected) return;
    setRescanning(true);
    try {
      const server = await rescanServer(selected.id);
      notify(`${server.name} ${STATUS_TEXT[server.status]}`, server.status === 'ok' ? 'Status and inventory refreshed' : server.statusReason, server.status === 'ok' ? 'success' : 'warning');
    } catch (e) {
      notify(`${selected.name} could not be rescanned`, errorMessage(e), 'error');
    } finally {
      setRescanning(false);
    }
  };

  const remove = useRemoveConfirm(
    async () => {
      if (!selected) return;
      await removeServer(selected.id);
      setSelectedId(null);
      notify('Server removed', selected.name);
    },
    (code) => (code === ErrorCode.InUse ? '(Edit those jobs to leave out its VMs; Remove proxy takes away the proxy role.)' : null),
  );

  return (
    <Section
      title="Managed servers"
      actions={
        <Toolbar aria-label="Managed servers commands" size="small">
          <ToolbarButton icon={<Edit20Regular />} disabled={!selected || !connected} onClick={() => {
              focus.remember();
              setEditing(true);
            }}
          >
            Edit server
          </ToolbarButton>
          <ToolbarButton icon={<ArrowSync20Regular />} disabled={!selected || !connected || rescanning} onClick={() => void doRescan()}>
            Rescan
          </ToolbarButton>
          <ToolbarButton icon={<Delete20Regular />} disabled={!selected || !connected} onClick={remove.show}>
            Remove server
          </ToolbarButton>
        </Toolbar>
      }
    >
      <ServersTable selectedId={selectedId} onSelect={setSelectedId} />

      {editing && selected && (
        <EditServerDialog
          server={selected}
          onClose={(saved) => {
            setEditing(false);
            focus.restore();
            if (saved) notify('Server saved', `${saved.name}: the next connection uses the new settings`);
          }}
        />
      )}
      <RemoveConfirmDialog confirm={remove} title="Remove managed server">
        <Text>
          Remove <strong>{selected?.name}</strong> ({selected ? SERVER_KIND_TEXT[selected.kind] : ''}) from Ferry?{' '}
          {selected?.kind === 'hyperv-cluster' ? 'Its nodes and their VMs' : 'Its VMs'} leave the inventory; nothing on the server
          changes. Jobs that protect its VMs, or an off-host proxy on it, prevent the removal.
        </Text>
      </RemoveConfirmDialog>
    </Section>
  );
}
