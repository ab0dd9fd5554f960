// Last step: what was done, as the proxies list now shows it.
import { MessageBar, MessageBarBody, MessageBarTitle, Text } from '@fluentui/react-components';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../../store/slices/proxies/selectors';
import { useProxyWizard } from '../store';
import { trafficRuleText } from '../validation';

export function SummaryStep() {
  const serverId = useProxyWizard((w) => w.serverId);
  const maxTasks = useProxyWizard((w) => w.maxTasks);
  const editing = useProxyWizard((w) => w.mode === 'edit');
  const host = useFerryStore(inventorySelectors.hostById(serverId));
  const proxy = useFerryStore(proxiesSelectors.byServerId(serverId));
  const volumes = useFerryStore(inventorySelectors.volumes);
  const eligible = (proxy?.eligibleVolumeIds ?? []).map((id) => volumes.find((v) => v.id === id)?.path ?? id);

  return (
    <>
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>
            {editing ? `${host?.name ?? serverId}: settings saved` : `${host?.name ?? serverId} is now an off-host backup proxy`}
          </MessageBarTitle>
          {editing ? 'Sessions that start from now on use the new settings.' : 'Jobs in off-host mode with automatic proxy selection can use it right away.'}
        </MessageBarBody>
      </MessageBar>
      <Text>Max concurrent tasks: {proxy?.maxTasks ?? maxTasks}</Text>
      {proxy && <Text>Traffic rule (per task): {trafficRuleText(proxy.throttleMBps, proxy.throttleWindow)}</Text>}
      <Text>Status: {proxy ? (proxy.status === 'ready' ? 'Ready' : 'Unavailable') : 'registering…'}</Text>
      {proxy && !proxy.enabled && <Text>Disabled: automatic proxy selection skips it and it takes no new tasks.</Text>}
      {eligible.length > 0 && <Text>Volumes it backs up: {eligible.join(', ')}</Text>}
    </>
  );
}
