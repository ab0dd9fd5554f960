// Backup Infrastructure: off-host proxies (add / remove) and repositories.
import { useState } from 'react';
import { Text, ToolbarButton, ToolbarDivider, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, ArrowClockwise20Regular, Delete20Regular } from '@fluentui/react-icons';
import { ErrorCode } from '../../../src-shared/contract';
import { errorCode, errorMessage } from '../../api/errors';
import { CommandBar } from '../../components/CommandBar';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/notify';
import { Section } from '../../components/Section';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { proxiesSelectors } from '../../store/slices/proxies/selectors';
import { AddProxyWizard } from '../proxy-wizard/AddProxyWizard';
import { ProxiesTable } from './ProxiesTable';
import { RepositoriesTable } from './RepositoriesTable';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, padding: tokens.spacingHorizontalXL },
});

export function InfrastructureView() {
  const s = useStyles();
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = useFerryStore(proxiesSelectors.byId(selectedId ?? ''));
  const { removeProxy, fetchProxies, fetchRepositories } = useFerryStore.getState();
  const [wizardOpen, setWizardOpen] = useState(false);
  const [confirm, setConfirm] = useState<{ busy: boolean; error: string | null } | null>(null);

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

  return (
    <>
      <CommandBar title="Backup Infrastructure" label="Backup infrastructure commands">
        <ToolbarButton appearance="primary" icon={<Add20Regular />} disabled={!connected} onClick={() => setWizardOpen(true)}>
          Add off-host backup proxy
        </ToolbarButton>
        <ToolbarButton
          icon={<Delete20Regular />}
          disabled={!selected || !connected}
          onClick={() => setConfirm({ busy: false, error: null })}
        >
          Remove proxy
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

      {wizardOpen && <AddProxyWizard onClose={() => setWizardOpen(false)} />}
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
