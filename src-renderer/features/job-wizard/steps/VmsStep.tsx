// Step 2: pick VMs from a tree of clusters and standalone hosts, with sizes and disk counts; expand a VM
// to leave some of its disks out (a page file disk, a scratch disk).
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
import { Desktop20Regular, HardDrive20Regular, Server20Regular, ServerMultiple20Regular } from '@fluentui/react-icons';
import type { Vm } from '../../../../src-shared/domain';
import type { FieldError } from '../../../backend/errors';
import { formatBytes } from '../../../lib/format';
import { useFerryStore } from '../../../store';
import { inventorySelectors, vmSizeBytes } from '../../../store/slices/inventory/selectors';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';
import { diskKey, filterGroups, groupCheckState, groupVms, selectedBytes, toggleDisk, toggleGroup, toggleVm, vmCheckState } from '../vmTree';

const useStyles = makeStyles({
  tree: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingVerticalXS,
    maxHeight: '300px',
    overflowY: 'auto',
  },
  aside: { color: tokens.colorNeutralForeground3, display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  excluded: { textDecorationLine: 'line-through', color: tokens.colorNeutralForeground3 },
});

export function VmsStep({ errors }: { errors: FieldError[] }) {
  const s = useStyles();
  const inventory = useFerryStore(inventorySelectors.data);
  const hostsById = useMemo(() => new Map(inventory.hosts.map((h) => [h.id, h.name])), [inventory.hosts]);
  const vmIds = useJobWizard((w) => w.draft.vmIds);
  const excludedDisks = useJobWizard((w) => w.draft.excludedDisks);
  const search = useJobWizard((w) => w.vmSearch);
  const setSearch = useJobWizard((w) => w.setVmSearch);
  const update = useJobWizard((w) => w.update);
  const sel = useMemo(() => ({ vmIds, excludedDisks }), [vmIds, excludedDisks]);

  const allGroups = useMemo(() => groupVms(inventory), [inventory]);
  const groups = useMemo(() => filterGroups(allGroups, search), [allGroups, search]);
  const checkedItems = useMemo(() => {
    const items: [string, boolean | 'mixed'][] = [];
    for (const g of groups) {
      items.push([g.value, groupCheckState(g, sel)]);
      for (const vm of g.vms) {
        const state = vmCheckState(vm, sel);
        items.push([`vm:${vm.id}`, state]);
        for (const d of vm.disks) items.push([`disk:${diskKey(vm.id, d.index)}`, state !== false && !sel.excludedDisks.includes(diskKey(vm.id, d.index))]);
      }
    }
    return items;
  }, [groups, sel]);
  // Groups start open (the admin came here to see VMs) and VMs closed (disks are the exception);
  // what the admin toggles is remembered while the step lives.
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set());
  const openItems = useMemo(() => {
    const open: string[] = groups.map((g) => g.value).filter((v) => !toggled.has(v));
    for (const g of groups) for (const vm of g.vms) if (toggled.has(`vm:${vm.id}`)) open.push(`vm:${vm.id}`);
    return open;
  }, [groups, toggled]);
  const vmById = useMemo(() => new Map(inventory.vms.map((vm) => [vm.id, vm])), [inventory.vms]);
  const totalBytes = selectedBytes(inventory.vms, sel);
  const error = errorFor(errors, 'vmIds') ?? errorFor(errors, 'excludedDisks');

  const onChecked = (value: string, check: boolean) => {
    if (value.startsWith('disk:')) {
      const key = value.slice('disk:'.length);
      const slash = key.lastIndexOf('/');
      const vm = vmById.get(key.slice(0, slash));
      if (vm) update(toggleDisk(vm, Number(key.slice(slash + 1)), check, sel));
    } else if (value.startsWith('vm:')) {
      const vm = vmById.get(value.slice('vm:'.length));
      if (vm) update(toggleVm(vm, check, sel));
    } else {
      const group = groups.find((g) => g.value === value);
      if (group) update(toggleGroup(group, check, sel));
    }
  };

  return (
    <>
      <SearchBox placeholder="Search VMs, hosts or clusters" aria-label="Search virtual machines" value={search} onChange={(_e, d) => setSearch(d.value)} />
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
              setToggled((prev) => {
                const next = new Set(prev);
                if (next.has(value)) next.delete(value);
                else next.add(value);
                return next;
              });
            }}
            onCheckedChange={(_e, data) => onChecked(String(data.value), data.checked === true)}
          >
            {groups.map((g) => (
              <TreeItem key={g.value} itemType="branch" value={g.value}>
                <TreeItemLayout iconBefore={g.kind === 'cluster' ? <ServerMultiple20Regular /> : <Server20Regular />}>
                  {g.label} {g.kind === 'cluster' ? '(cluster)' : '(host)'}
                </TreeItemLayout>
                <Tree>
                  {g.vms.map((vm) => (
                    <VmItem
                      key={vm.id}
                      vm={vm}
                      hostName={g.kind === 'cluster' ? (hostsById.get(vm.hostId) ?? vm.hostId) : null}
                      excluded={excludedDisks}
                      selected={vmIds.includes(vm.id)}
                    />
                  ))}
                </Tree>
              </TreeItem>
            ))}
          </Tree>
        )}
      </Field>
      <Text aria-live="polite">
        {vmIds.length} VM{vmIds.length === 1 ? '' : 's'} selected, {formatBytes(totalBytes)} in total
        {excludedDisks.length > 0 ? `, ${excludedDisks.length} disk${excludedDisks.length === 1 ? '' : 's'} excluded` : ''}
      </Text>
    </>
  );
}

function VmItem(props: { vm: Vm; hostName: string | null; excluded: string[]; selected: boolean }) {
  const s = useStyles();
  const { vm } = props;
  return (
    <TreeItem itemType="branch" value={`vm:${vm.id}`}>
      <TreeItemLayout
        iconBefore={<Desktop20Regular />}
        aside={
          <span className={s.aside}>
            <Caption1>{formatBytes(vmSizeBytes(vm))}</Caption1>
            <Caption1>
              {vm.disks.length} disk{vm.disks.length === 1 ? '' : 's'}
            </Caption1>
            {props.hostName && <Caption1>on {props.hostName}</Caption1>}
            <Badge size="small" appearance="outline" color={vm.state === 'Running' ? 'success' : 'subtle'}>
              {vm.state}
            </Badge>
          </span>
        }
      >
        {vm.name}
      </TreeItemLayout>
      <Tree>
        {vm.disks.map((d) => {
          const out = props.selected && props.excluded.includes(diskKey(vm.id, d.index));
          return (
            <TreeItem key={d.index} itemType="leaf" value={`disk:${diskKey(vm.id, d.index)}`}>
              <TreeItemLayout
                iconBefore={<HardDrive20Regular />}
                aside={<Caption1 className={s.aside}>{`${formatBytes(d.virtualSizeBytes)} · ${d.format.toUpperCase()} · ${d.path}`}</Caption1>}
              >
                <span className={out ? s.excluded : undefined}>
                  {vm.name} disk {d.index}
                </span>
                {out ? ' (excluded)' : ''}
              </TreeItemLayout>
            </TreeItem>
          );
        })}
      </Tree>
    </TreeItem>
  );
}
