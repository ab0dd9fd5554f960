// Step 5 (Hyper-V hosts and clusters): how snapshots of this server's volumes are taken.
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { VssSettingsFields } from '../../servers/VssSettingsFields';
import { useServerWizard } from '../store';

export function VssStep() {
  const vss = useServerWizard((w) => w.vss);
  const setVss = useServerWizard((w) => w.setVss);
  const found = useServerWizard((w) => w.probe?.result ?? null);
  return (
    <>
      {found && found.vssHardwareProvider === null && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            {found.name} has no VSS hardware provider: its volumes cannot be transported to a proxy.{' '}
            {vss.failoverToSoftwareProvider
              ? 'With failover on, its VMs are backed up on-host with the software provider (a warning in each session).'
              : 'With failover off, its VMs fail until a hardware provider is installed.'}
          </MessageBarBody>
        </MessageBar>
      )}
      <VssSettingsFields value={vss} onChange={setVss} />
    </>
  );
}
