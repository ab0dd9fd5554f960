// Backup Infrastructure → Off-host backup proxies: Edit, Disable / Enable, Re-check and Remove the selected
// proxy. (Add off-host backup proxy lives in the view's command bar with the other Add commands.)
import { useState } from 'react';
import { Text, Toolbar, ToolbarButton } from '@fluentui/react-components';
import { ArrowSync20Regular, CircleOff20Regular, Delete20Regular, Edit20Regular, Power20Regular } from '@fluentui/react-icons';
import { ErrorCode } from '../../../src-shared/contract';
import { errorMessage } from '../../backend/errors';
import { RemoveConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/notify';
import { useRemoveConfirm } from '../../components/useRemoveConfirm';
import { useReturnFocus } from '../../components/useReturnFocus';
import { Section } from '../../components/Section';
import { usePolling } from '../../lib/usePolling';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';
import { sessionsSelectors } from '../../store/slices/sessions/selectors';
import { ProxyWizard } from '../proxy-wizard/ProxyWizard';
import { ProxiesTable } from './ProxiesTable';

/** Task slots in use change with running sessions, which the host does not announce per slot. */
const SLOT_POLL_MS = 2000;

export function ProxiesSection() {
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = useFerryStore(proxiesSelectors.byId(selectedId ?? ''));
  const anyRunning = useFerryStore(sessionsSelectors.anyRunning);
  const { removeProxy, recheckProxy, fetchProxies, setProxyEnabled } = useFerryStore.getState();
  const [editing, setEditing] = useState(false);
  const focus = useReturnFocus();
  const [busy, setBusy] = useState<'recheck' | 'toggle' | null>(null);

  usePolling(anyRunning && connected, SLOT_POLL_MS, () => void fetchProxies());

  const remove = useRemoveConfirm(
    async () => {
      if (!selected) return;
      await removeProxy(selected.id);
      setSelectedId(null);
      notify('Proxy removed', selected.name);
    },
    (code) => (code === ErrorCode.ProxyInUse ? 'Remove it from those jobs (or switch them to automatic selection) first.' : null),
  );

  const doRecheck = async () => {
    if (!selected) return;
    setBusy('recheck');
    try {
      const proxy = await recheckProxy(selected.id);
      notify(
        proxy.status === 'ready' ? `${proxy.name} is ready` : `${proxy.name} is unavailable`,
        `${proxy.eligibleVolumeIds.length} volume(s) can be backed up off-host`,
        proxy.status === 'ready' ? 'success' : 'warning',
      );
    } catch (e) {
      notify(`${selected.name} could not be checked`, errorMessage(e), 'error');
    } finally {
      setBusy(null);
    }
  };

  const doToggle = async () => {
    if (!selected) return;
    setBusy('toggle');
    try {
      const proxy = await setProxyEnabled(selected.id, !selected.enabled);
      notify(
        proxy.enabled ? `${proxy.name} enabled` : `${proxy.name} disabled`,
        proxy.enabled ? 'Automatic proxy selection can use it again.' : 'Automatic proxy selection skips it; running tasks finish.',
        proxy.enabled ? 'success' : 'info',
      );
    } catch (e) {
      notify(`${selected.name} could not be ${selected.enabled ? 'disabled' : 'enabled'}`, errorMessage(e), 'error');
    } finally {
      setBusy(null);
    }
  };

  const canAct = selected !== undefined && connected;
  return (
    <Section
      title="Off-host backup proxies"
      actions={
        <Toolbar aria-label="Off-host backup proxies commands" size="small">
          <ToolbarButton icon={<Edit20Regular />} disabled={!canAct} onClick={() => {
              focus.remember();
              setEditing(true);
            }}
          >
            Edit proxy
          </ToolbarButton>
          <ToolbarButton
            icon={selected && !selected.enabled ? <Power20Regular /> : <CircleOff20Regular />}
            disabled={!canAct || busy === 'toggle'}
            onClick={() => void doToggle()}
          >
            {selected && !selected.enabled ? 'Enable proxy' : 'Disable proxy'}
          </ToolbarButton>
          <ToolbarButton icon={<ArrowSync20Regular />} disabled={!canAct || busy === 'recheck'} onClick={() => void doRecheck()}>
            Re-check
          </ToolbarButton>
          <ToolbarButton icon={<Delete20Regular />} disabled={!canAct} onClick={remove.show}>
            Remove proxy
          </ToolbarButton>
        </Toolbar>
      }
    >
      <ProxiesTable selectedId={selectedId} onSelect={setSelectedId} />

      {editing && selected && (
        <ProxyWizard
          proxy={selected}
          onClose={() => {
            setEditing(false);
            focus.restore();
          }}
        />
      )}
      <RemoveConfirmDialog confirm={remove} title="Remove off-host backup proxy">
        <Text>
          Remove the proxy role from <strong>{selected?.name}</strong>? The server stays in the inventory. Jobs that list
          this proxy explicitly prevent its removal.
        </Text>
      </RemoveConfirmDialog>
    </Section>
  );
}
