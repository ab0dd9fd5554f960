// Step 6: what was done.
import { MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../../store/slices/proxies/selectors';
import { useProxyWizard } from '../store';

export function SummaryStep() {
  const serverId = useProxyWizard((w) => w.serverId);
  const maxTasks = useProxyWizard((w) => w.maxTasks);
  const host = useFerryStore(inventorySelectors.hostById(serverId));
  const proxy = useFerryStore(proxiesSelectors.byServerId(serverId));
  const volumes = useFerryStore(inventorySelectors.volumes);
  const eligible = (proxy?.eligibleVolumeIds ?? []).map((id) => volumes.find((v) => v.id === id)?.path ?? id);

  return (
    <>
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>{host?.name ?? serverId} is now an off-host backup proxy</MessageBarTitle>
          Jobs in off-host mode with automatic proxy selection can use it right away.
        </MessageBarBody>
      </MessageBar>
      <Text>Max concurrent tasks: {proxy?.maxTasks ?? maxTasks}</Text>
      <Text>Status: {proxy ? (proxy.status === 'ready' ? 'Ready' : 'Unavailable') : 'registering…'}</Text>
      {eligible.length > 0 && <Text>Volumes it can back up: {eligible.join(', ')}</Text>}
    </>
  );
}
