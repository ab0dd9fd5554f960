// Replication step 3: the Hyper-V host that holds the replica VMs and the folder they live in.
import { useMemo } from 'react';
import { Dropdown, Field, Input, MessageBar, MessageBarBody, Option } from '@fluentui/react-components';
import type { FieldError } from '../../../backend/errors';
import { ErrorState } from '../../../components/StateViews';
import { formatBytes } from '../../../lib/format';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { defaultReplicaPath, targetChoices } from '../destination';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';
import { selectedBytes } from '../vmTree';

export function DestinationStep({ errors }: { errors: FieldError[] }) {
  const inventory = useFerryStore(inventorySelectors.loadable);
  const fetchInventory = useFerryStore((s) => s.fetchInventory);
  const draft = useJobWizard((w) => w.draft);
  const update = useJobWizard((w) => w.update);
  const choices = useMemo(() => targetChoices(inventory.data), [inventory.data]);
  const chosen = choices.find((c) => c.host.id === draft.targetHostId);
  const hostError = errorFor(errors, 'replication.targetHostId') ?? errorFor(errors, 'replication');
  const pathError = errorFor(errors, 'replication.path');
  // replicas are stored uncompressed in their native format: what the VMs' disks are is what the target needs
  const needed = selectedBytes(inventory.data.vms, { vmIds: draft.vmIds, excludedDisks: draft.excludedDisks });

  const choose = (id: string) => {
    const next = choices.find((c) => c.host.id === id);
    // the folder follows the host while it is still the previous host's default (the admin's own path stays)
    const pathIsDefault = draft.replicaPath.trim() === '' || draft.replicaPath === defaultReplicaPath(chosen);
    update({ targetHostId: id, ...(pathIsDefault && { replicaPath: defaultReplicaPath(next) }) });
  };

  return (
    <>
      {inventory.status === 'error' && <ErrorState title="Could not load the Hyper-V hosts" message={inventory.error ?? ''} onRetry={() => void fetchInventory()} />}
      <Field
        label="Target host"
        required
        validationMessage={hostError}
        validationState={hostError ? 'error' : 'none'}
        hint={chosen ? `${chosen.host.os} — ${formatBytes(chosen.freeBytes)} free${chosen.csv ? ` on ${chosen.csv.path}` : ''}` : 'A standalone Hyper-V host, or a node of a cluster (its replicas go to a cluster shared volume).'}
      >
        <Dropdown
          placeholder={choices.length ? 'Choose a Hyper-V host' : 'No Hyper-V hosts in the inventory'}
          value={chosen?.label ?? ''}
          selectedOptions={draft.targetHostId ? [draft.targetHostId] : []}
          onOptionSelect={(_e, d) => d.optionValue && choose(d.optionValue)}
        >
          {choices.map((c) => (
            <Option key={c.host.id} value={c.host.id} text={c.label}>
              {`${c.label} — ${formatBytes(c.freeBytes)} free`}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field
        label="Path"
        required
        validationMessage={pathError}
        validationState={pathError ? 'error' : 'none'}
        hint="Each replica VM gets its own folder here, named after it."
      >
        <Input value={draft.replicaPath} maxLength={200} onChange={(_e, d) => update({ replicaPath: d.value })} />
      </Field>
      {chosen && needed > chosen.freeBytes && (
        <MessageBar intent="warning">
          <MessageBarBody>
            Replicas are kept uncompressed: the selected disks can take up to {formatBytes(needed)}, and {chosen.label} has {formatBytes(chosen.freeBytes)} free.
          </MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
