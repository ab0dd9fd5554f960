// Summary: what Ferry now manages, as the lists show it.
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { DetailsList, type DetailItem } from '../../../components/DetailsList';
import { useFerryStore } from '../../../store';
import { credentialText, credentialsSelectors } from '../../../store/slices/credentials/selectors';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { serversSelectors } from '../../../store/slices/servers/selectors';
import { serverTypeText, serverVmCount } from '../../servers/ServersTable';

export function SummaryStep({ serverId }: { serverId: string | null }) {
  const server = useFerryStore(serversSelectors.byId(serverId));
  const inventory = useFerryStore(inventorySelectors.data);
  const credentials = useFerryStore(credentialsSelectors.items);
  if (!server) {
    return (
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>The server has been added</MessageBarTitle>
          Refresh Backup Infrastructure if it is not listed yet.
        </MessageBarBody>
      </MessageBar>
    );
  }
  const hosts = new Set([server.id, ...server.memberIds]);
  const vms = inventory.vms.filter((vm) => hosts.has(vm.hostId) || vm.clusterId === server.id).map((vm) => vm.name);
  const items: DetailItem[] = [
    { term: 'Type', value: serverTypeText(server) },
    { term: 'Credentials', value: credentialText(server.credentialId, credentials) },
    { term: 'Status', value: server.status === 'ok' ? 'OK' : `${server.status}: ${server.statusReason}` },
  ];
  if (serverVmCount(server, inventory) !== null) items.push({ term: 'Virtual machines', value: vms.length > 0 ? vms.join(', ') : 'None' });
  return (
    <>
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>{`${server.name} is now managed by Ferry`}</MessageBarTitle>
          {server.kind === 'windows-server'
            ? 'It can be chosen as an off-host backup proxy.'
            : 'Its VMs are in the Inventory and can be added to backup jobs.'}
        </MessageBarBody>
      </MessageBar>
      <DetailsList label={`Summary of ${server.name}`} items={items} />
    </>
  );
}
