// Backup Infrastructure: managed servers, off-host proxies, repositories and stored credentials.
// The command bar holds the Add commands; each list has its own commands for the selected item.
import { useState } from 'react';
import { ToolbarButton, ToolbarDivider, makeStyles, tokens } from '@fluentui/react-components';
import { Add20Regular, ArrowClockwise20Regular, FolderAdd20Regular, PersonKey20Regular, ServerMultiple20Regular } from '@fluentui/react-icons';
import { CommandBar } from '../../components/CommandBar';
import { useNotify } from '../../components/notify';
import { useReturnFocus } from '../../components/useReturnFocus';
import { Section } from '../../components/Section';
import { useFerryStore } from '../../store';
import { connectionSelectors } from '../../store/slices/connection/selectors';
import { CredentialDialog } from '../credentials/CredentialDialog';
import { CredentialsSection } from '../credentials/CredentialsSection';
import { ProxyWizard } from '../proxy-wizard/ProxyWizard';
import { RepositoryWizard } from '../repository-wizard/RepositoryWizard';
import { AddServerWizard } from '../server-wizard/AddServerWizard';
import { ServersSection } from '../servers/ServersSection';
import { ProxiesSection } from './ProxiesSection';
import { RepositoriesTable } from './RepositoriesTable';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL, padding: tokens.spacingHorizontalXL },
});

type OpenDialog = 'add-server' | 'add-proxy' | 'add-repository' | 'add-credential' | null;

export function InfrastructureView() {
  const s = useStyles();
  const notify = useNotify();
  const connected = useFerryStore(connectionSelectors.isConnected);
  const { fetchProxies, fetchRepositories, fetchServers, fetchCredentials, fetchInventory } = useFerryStore.getState();
  const [open, setOpenState] = useState<OpenDialog>(null);
  const focus = useReturnFocus();
  const setOpen = (next: OpenDialog) => {
    if (next) focus.remember();
    setOpenState(next);
    if (!next) focus.restore();
  };

  return (
    <>
      <CommandBar title="Backup Infrastructure" label="Backup infrastructure commands">
        <ToolbarButton appearance="primary" icon={<ServerMultiple20Regular />} disabled={!connected} onClick={() => setOpen('add-server')}>
          Add server
        </ToolbarButton>
        <ToolbarButton icon={<Add20Regular />} disabled={!connected} onClick={() => setOpen('add-proxy')}>
          Add off-host backup proxy
        </ToolbarButton>
        <ToolbarButton icon={<FolderAdd20Regular />} disabled={!connected} onClick={() => setOpen('add-repository')}>
          Add repository
        </ToolbarButton>
        <ToolbarButton icon={<PersonKey20Regular />} disabled={!connected} onClick={() => setOpen('add-credential')}>
          Add credential
        </ToolbarButton>
        <ToolbarDivider />
        <ToolbarButton
          icon={<ArrowClockwise20Regular />}
          disabled={!connected}
          onClick={() => {
            void fetchServers();
            void fetchInventory();
            void fetchProxies();
            void fetchRepositories();
            void fetchCredentials();
          }}
        >
          Refresh
        </ToolbarButton>
      </CommandBar>
      <div className={s.body}>
        <ServersSection />
        <ProxiesSection />
        <Section title="Backup repositories">
          <RepositoriesTable />
        </Section>
        <CredentialsSection />
      </div>

      {open === 'add-server' && <AddServerWizard onClose={() => setOpen(null)} />}
      {open === 'add-proxy' && <ProxyWizard onClose={() => setOpen(null)} />}
      {open === 'add-repository' && <RepositoryWizard onClose={() => setOpen(null)} />}
      {open === 'add-credential' && (
        <CredentialDialog
          mode={{ kind: 'create' }}
          onClose={(saved) => {
            setOpen(null);
            if (saved) notify('Credential added', saved.user);
          }}
        />
      )}
    </>
  );
}
