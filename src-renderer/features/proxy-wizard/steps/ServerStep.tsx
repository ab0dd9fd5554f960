// Step 1: which managed server becomes the proxy (fixed when editing) — or a new one, added on the spot —
// a description, and (editing) whether the proxy takes work at all.
import { useState } from 'react';
import { Button, Caption1, Checkbox, Dropdown, Field, Input, Option, Text } from '@fluentui/react-components';
import { Add16Regular } from '@fluentui/react-icons';
import type { Host } from '../../../../src-shared/domain';
import { DetailsList } from '../../../components/DetailsList';
import { FieldWithAction } from '../../../components/FieldWithAction';
import { useReturnFocus } from '../../../components/useReturnFocus';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../../store/slices/proxies/selectors';
import { AddServerWizard } from '../../server-wizard/AddServerWizard';
import { useProxyWizard } from '../store';
import { suggestedMaxTasks } from '../validation';

export function ServerStep({ error }: { error: string | null }) {
  const hosts = useFerryStore(inventorySelectors.hosts);
  const clusters = useFerryStore(inventorySelectors.clusters);
  const proxies = useFerryStore(proxiesSelectors.items);
  const serverId = useProxyWizard((w) => w.serverId);
  const description = useProxyWizard((w) => w.description);
  const enabled = useProxyWizard((w) => w.enabled);
  const chooseServer = useProxyWizard((w) => w.chooseServer);
  const setDescription = useProxyWizard((w) => w.setDescription);
  const setEnabled = useProxyWizard((w) => w.setEnabled);
  const editing = useProxyWizard((w) => w.mode === 'edit');
  const [addingServer, setAddingServer] = useState(false);
  const focus = useReturnFocus();
  const selected = hosts.find((h) => h.id === serverId);
  const clusterName = (id: string | null) => clusters.find((c) => c.id === id)?.name ?? id ?? '';

  const serverAdded = (id: string | null) => {
    setAddingServer(false);
    focus.restore();
    // The wizard refreshed the inventory before its Summary, so the new server is already listed.
    const host = id ? useFerryStore.getState().inventory.data.hosts.find((h) => h.id === id) : undefined;
    if (host) chooseServer(host.id, suggestedMaxTasks(host));
  };

  return (
    <>
      {editing ? (
        <Field label="Server" hint="To move the proxy role to another server, add a proxy there and remove this one.">
          <Input value={selected?.name ?? serverId ?? ''} readOnly />
        </Field>
      ) : (
        <FieldWithAction
          action={
            <Button
              icon={<Add16Regular />}
              onClick={() => {
                focus.remember();
                setAddingServer(true);
              }}
            >
              Add new server…
            </Button>
          }
        >
          <Field
            label="Server"
            required
            hint="Managed Windows servers from the inventory. A proxy should see the SAN volumes that hold the VM disks."
            validationMessage={error && serverId ? error : undefined}
            validationState={error && serverId ? 'error' : 'none'}
          >
            <Dropdown
              placeholder="Choose a server"
              value={selected?.name ?? ''}
              selectedOptions={serverId ? [serverId] : []}
              onOptionSelect={(_e, data) => {
                const host = hosts.find((h) => h.id === data.optionValue);
                if (host) chooseServer(host.id, suggestedMaxTasks(host));
              }}
            >
              {hosts.map((h) => {
                const isProxy = proxies.some((p) => p.serverId === h.id);
                return (
                  <Option key={h.id} value={h.id} text={h.name} disabled={isProxy}>
                    {`${h.name} — ${roleText(h, clusterName(h.clusterId))}${isProxy ? ' (already a proxy)' : ''}`}
                  </Option>
                );
              })}
            </Dropdown>
          </Field>
        </FieldWithAction>
      )}

      {selected && (
        <DetailsList
          label={`Details of ${selected.name}`}
          framed
          items={[
            { term: 'Operating system', value: selected.os },
            { term: 'Role', value: roleText(selected, clusterName(selected.clusterId)) },
            { term: 'Hyper-V role', value: selected.hyperV ? 'Installed' : 'Not installed' },
            { term: 'VSS hardware provider', value: selected.vssHardwareProvider ?? 'None' },
            { term: 'CPU cores', value: selected.cpuCores },
            { term: 'SAN LUNs visible', value: selected.visibleLuns.length > 0 ? selected.visibleLuns.join(', ') : 'None' },
          ]}
        />
      )}
      {selected?.clusterId && (
        <Text role="note">
          <Caption1>
            {selected.name} is a node of {clusterName(selected.clusterId)}. A cluster node cannot back up its own
            cluster's CSVs off-host; the readiness check will show which volumes are affected.
          </Caption1>
        </Text>
      )}

      <Field label="Description" hint="Shown in the proxies list. Defaults to who added the proxy and when.">
        <Input value={description} maxLength={500} onChange={(_e, data) => setDescription(data.value)} />
      </Field>
      {editing && (
        <Field hint="A disabled proxy is skipped by automatic proxy selection and takes no new tasks; jobs that pin it fail over to on-host (or fail).">
          <Checkbox label="Enabled" checked={enabled} onChange={(_e, d) => setEnabled(d.checked === true)} />
        </Field>
      )}

      {addingServer && <AddServerWizard presetKind="windows-server" onClose={serverAdded} />}
    </>
  );
}

function roleText(h: Host, clusterName: string): string {
  if (h.clusterId) return `Hyper-V cluster node (${clusterName})`;
  return h.role === 'hyperv-host' ? 'Standalone Hyper-V host' : 'Windows server';
}
