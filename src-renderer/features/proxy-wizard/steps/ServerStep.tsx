// Step 1: which managed server becomes the proxy (fixed when editing), and a description.
import { Caption1, Dropdown, Field, Input, Option, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { Host } from '../../../../src-shared/domain';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { proxiesSelectors } from '../../../store/slices/proxies/selectors';
import { useProxyWizard } from '../store';
import { suggestedMaxTasks } from '../validation';

const useStyles = makeStyles({
  details: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    rowGap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0 },
});

export function ServerStep({ error }: { error: string | null }) {
  const s = useStyles();
  const hosts = useFerryStore(inventorySelectors.hosts);
  const clusters = useFerryStore(inventorySelectors.clusters);
  const proxies = useFerryStore(proxiesSelectors.items);
  const serverId = useProxyWizard((w) => w.serverId);
  const description = useProxyWizard((w) => w.description);
  const chooseServer = useProxyWizard((w) => w.chooseServer);
  const setDescription = useProxyWizard((w) => w.setDescription);
  const editing = useProxyWizard((w) => w.mode === 'edit');
  const selected = hosts.find((h) => h.id === serverId);
  const clusterName = (id: string | null) => clusters.find((c) => c.id === id)?.name ?? id ?? '';

  return (
    <>
      {editing ? (
        <Field label="Server" hint="To move the proxy role to another server, add a proxy there and remove this one.">
          <Input value={selected?.name ?? serverId ?? ''} readOnly />
        </Field>
      ) : (
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
      )}

      {selected && (
        <dl className={s.details} aria-label={`Details of ${selected.name}`}>
          <dt className={s.term}>Operating system</dt>
          <dd className={s.dd}>{selected.os}</dd>
          <dt className={s.term}>Role</dt>
          <dd className={s.dd}>{roleText(selected, clusterName(selected.clusterId))}</dd>
          <dt className={s.term}>Hyper-V role</dt>
          <dd className={s.dd}>{selected.hyperV ? 'Installed' : 'Not installed'}</dd>
          <dt className={s.term}>VSS hardware provider</dt>
          <dd className={s.dd}>{selected.vssHardwareProvider ?? 'None'}</dd>
          <dt className={s.term}>CPU cores</dt>
          <dd className={s.dd}>{selected.cpuCores}</dd>
          <dt className={s.term}>SAN LUNs visible</dt>
          <dd className={s.dd}>{selected.visibleLuns.length > 0 ? selected.visibleLuns.join(', ') : 'None'}</dd>
        </dl>
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
    </>
  );
}

function roleText(h: Host, clusterName: string): string {
  if (h.clusterId) return `Hyper-V cluster node (${clusterName})`;
  return h.role === 'hyperv-host' ? 'Standalone Hyper-V host' : 'Windows server';
}
