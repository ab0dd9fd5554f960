// Step 2: pick VMs from a tree of clusters and standalone hosts, with sizes and disk counts.
import { useMemo, useState } from 'react';
import {
  Badge,
  Caption1,
  Field,
  SearchBox,
  Text,
  Tree,
  TreeItem,
  TreeItemLayout,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Server20Regular, ServerMultiple20Regular, Desktop20Regular } from '@fluentui/react-icons';
import type { FieldError } from '../../../api/errors';
import { formatBytes } from '../../../lib/format';
import { useFerryStore } from '../../../store';
import { inventorySelectors, vmSizeBytes } from '../../../store/slices/inventory/selectors';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';
import { filterGroups, groupCheckState, groupVms, toggleGroup, toggleVm } from '../vmTree';

const useStyles = makeStyles({
  tree: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalXS,
    maxHeight: '300px',
    overflowY: 'auto',
  },
  aside: { color: tokens.colorNeutralForeground3, display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

export function VmsStep({ errors }: { errors: FieldError[] }) {
  const s = useStyles();
  const inventory = useFerryStore(inventorySelectors.data);
  const hostsById = useMemo(() => new Map(inventory.hosts.map((h) => [h.id, h.name])), [inventory.hosts]);
  const vmIds = useJobWizard((w) => w.draft.vmIds);
  const search = useJobWizard((w) => w.vmSearch);
  const setSearch = useJobWizard((w) => w.setVmSearch);
  const update = useJobWizard((w) => w.update);

  const allGroups = useMemo(() => groupVms(inventory), [inventory]);
  const groups = useMemo(() => filterGroups(allGroups, search), [allGroups, search]);
  const selected = useMemo(() => new Set(vmIds), [vmIds]);
  const checkedItems = useMemo(() => {
    const items: [string, boolean | 'mixed'][] = [];
    for (const g of groups) {
      items.push([g.value, groupCheckState(g, selected)]);
      for (const vm of g.vms) items.push([`vm:${vm.id}`, selected.has(vm.id)]);
    }
    return items;
  }, [groups, selected]);
  // Groups start open (the admin came here to see VMs); collapsing is remembered while the step lives.
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const openItems = useMemo(() => groups.map((g) => g.value).filter((v) => !collapsed.has(v)), [groups, collapsed]);
  const totalBytes = inventory.vms.filter((vm) => selected.has(vm.id)).reduce((n, vm) => n + vmSizeBytes(vm), 0);
  const error = errorFor(errors, 'vmIds');

  return (
    <>
      <SearchBox
        placeholder="Search VMs"
        aria-label="Search virtual machines"
        value={search}
        onChange={(_e, d) => setSearch(d.value)}
      />
      <Field label="Virtual machines to back up" required validationMessage={error} validationState={error ? 'error' : 'none'}>
        {groups.length === 0 ? (
          <Text>{inventory.vms.length === 0 ? 'The inventory has no virtual machines.' : `No VM matches "${search}".`}</Text>
        ) : (
          <Tree
            className={s.tree}
            aria-label="Hosts, clusters and virtual machines"
            selectionMode="multiselect"
            checkedItems={checkedItems}
            openItems={openItems}
            onOpenChange={(_e, data) => {
              const value = String(data.value);
              setCollapsed((prev) => {
                const next = new Set(prev);
                if (data.open) next.delete(value);
                else next.add(value);
                return next;
              });
            }}
            onCheckedChange={(_e, data) => {
              const value = String(data.value);
              const check = data.checked === true;
              const group = groups.find((g) => g.value === value);
              update({
                vmIds: group ? toggleGroup(group, vmIds, check) : toggleVm(value.replace(/^vm:/, ''), vmIds, check),
              });
            }}
          >
            {groups.map((g) => (
              <TreeItem key={g.value} itemType="branch" value={g.value}>
                <TreeItemLayout iconBefore={g.kind === 'cluster' ? <ServerMultiple20Regular /> : <Server20Regular />}>
                  {g.label} {g.kind === 'cluster' ? '(cluster)' : '(host)'}
                </TreeItemLayout>
                <Tree>
                  {g.vms.map((vm) => (
                    <TreeItem key={vm.id} itemType="leaf" value={`vm:${vm.id}`}>
                      <TreeItemLayout
                        iconBefore={<Desktop20Regular />}
                        aside={
                          <span className={s.aside}>
                            <Caption1>{formatBytes(vmSizeBytes(vm))}</Caption1>
                            <Caption1>
                              {vm.disks.length} disk{vm.disks.length === 1 ? '' : 's'}
                            </Caption1>
                            {g.kind === 'cluster' && <Caption1>on {hostsById.get(vm.hostId) ?? vm.hostId}</Caption1>}
                            <Badge size="small" appearance="outline" color={vm.state === 'Running' ? 'success' : 'subtle'}>
                              {vm.state}
                            </Badge>
                          </span>
                        }
                      >
                        {vm.name}
                      </TreeItemLayout>
                    </TreeItem>
                  ))}
                </Tree>
              </TreeItem>
            ))}
          </Tree>
        )}
      </Field>
      <Text aria-live="polite">
        {vmIds.length} VM{vmIds.length === 1 ? '' : 's'} selected, {formatBytes(totalBytes)} in total
      </Text>
    </>
  );
}
