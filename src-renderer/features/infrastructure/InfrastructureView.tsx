// Backup Infrastructure: off-host proxies (add / edit / re-check / remove) and repositories (add).
import { useState } from 'react';
import { Text, ToolbarButton, ToolbarDivider, makeStyles, tokens } from '@fluentui/react-components';
import {
  Add20Regular,
  ArrowClockwise20Regular,
  ArrowSync20Regular,
  Delete20Regular,
  Edit20Regular,
  FolderAdd20Regular,
} from '@fluentui/react-icons';
import { ErrorCode } from '../../../src-shared/contract';
import { errorCode, errorMessage } from '../../api/errors';
import { CommandBar } from '../../components/CommandBar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/notify';
import { Section } from '../../components/Section';
import { usePolling } from '../../lib/usePolling';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';
import { sessionsSelectors } from '../../store/slices/sessions/selectors';
import { ProxyWizard } from '../proxy-wizard/ProxyWizard';
import { RepositoryWizard } from '../repository-wizard/RepositoryWizard';
import { ProxiesTable } from './ProxiesTable';
import { RepositoriesTable } from './RepositoriesTable';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, padding: tokens.spacingHorizontalXL },
});

/** Task slots in use change with running sessions, which the host does not announce per slot. */
const SLOT_POLL_MS = 2000;

type OpenWizard = { kind: 'add-proxy' } | { kind: 'edit-proxy' } | { kind: 'add-repository' } | null;

export function InfrastructureView() {
  const s = useStyles();
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = useFerryStore(proxiesSelectors.byId(selectedId ?? ''));
  const anyRunning = useFerryStore(sessionsSelectors.anyRunning);
  const { removeProxy, recheckProxy, fetchProxies, fetchRepositories } = useFerryStore.getState();
  const [wizard, setWizard] = useState<OpenWizard>(null);
  const [rechecking, setRechecking] = useState(false);
  const [confirm, setConfirm] = useState<{ busy: boolean; error: string | null } | null>(null);

  usePolling(anyRunning && connected, SLOT_POLL_MS, () => void fetchProxies());

  const doRemove = async () => {
    if (!selected) return;
    setConfirm({ busy: true, error: null });
    try {
      await removeProxy(selected.id);
      setConfirm(null);
      setSelectedId(null);
      notify('Proxy removed', selected.name);
    } catch (e) {
      const message =
        errorCode(e) === ErrorCode.ProxyInUse
          ? `${errorMessage(e)} Remove it from those jobs (or switch them to automatic selection) first.`
          : errorMessage(e);
      setConfirm({ busy: false, error: message });
    }
  };

  const doRecheck = async () => {
    if (!selected) return;
    setRechecking(true);
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
      setRechecking(false);
    }
  };

  return (
    <>
      <CommandBar title="Backup Infrastructure" label="Backup infrastructure commands">
        <ToolbarButton appearance="primary" icon={<Add20Regular />} disabled={!connected} onClick={() => setWizard({ kind: 'add-proxy' })}>
          Add off-host backup proxy
        </ToolbarButton>
        <ToolbarButton icon={<Edit20Regular />} disabled={!selected || !connected} onClick={() => setWizard({ kind: 'edit-proxy' })}>
          Edit proxy
        </ToolbarButton>
        <ToolbarButton icon={<ArrowSync20Regular />} disabled={!selected || !connected || rechecking} onClick={() => void doRecheck()}>
          Re-check
        </ToolbarButton>
        <ToolbarButton
          icon={<Delete20Regular />}
          disabled={!selected || !connected}
          onClick={() => setConfirm({ busy: false, error: null })}
        >
          Remove proxy
        </ToolbarButton>
        <ToolbarDivider />
        <ToolbarButton icon={<FolderAdd20Regular />} disabled={!connected} onClick={() => setWizard({ kind: 'add-repository' })}>
          Add repository
        </ToolbarButton>
        <ToolbarDivider />
        <ToolbarButton
          icon={<ArrowClockwise20Regular />}
          disabled={!connected}
          onClick={() => {
            void fetchProxies();
            void fetchRepositories();
          }}
        >
          Refresh
        </ToolbarButton>
      </CommandBar>
      <div className={s.body}>
        <Section title="Off-host backup proxies">
          <ProxiesTable selectedId={selectedId} onSelect={setSelectedId} />
        </Section>
        <Section title="Backup repositories">
          <RepositoriesTable />
        </Section>
      </div>

      {wizard?.kind === 'add-proxy' && <ProxyWizard onClose={() => setWizard(null)} />}
      {wizard?.kind === 'edit-proxy' && selected && <ProxyWizard proxy={selected} onClose={() => setWizard(null)} />}
      {wizard?.kind === 'add-repository' && <RepositoryWizard onClose={() => setWizard(null)} />}
      <ConfirmDialog
        open={confirm !== null}
        title="Remove off-host backup proxy"
        confirmLabel="Remove"
        busy={confirm?.busy ?? false}
        error={confirm?.error ?? null}
        onConfirm={() => void doRemove()}
        onCancel={() => setConfirm(null)}
      >
        <Text>
          Remove the proxy role from <strong>{selected?.name}</strong>? The server stays in the inventory. Jobs that list
          this proxy explicitly prevent its removal.
        </Text>
      </ConfirmDialog>
    </>
  );
}
