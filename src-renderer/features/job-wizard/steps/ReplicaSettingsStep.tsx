// Replication step 5: restore points on the replica (Hyper-V checkpoints), the replica's name, change tracking.
import { Checkbox, Field, Input, SpinButton } from '@fluentui/react-components';
import type { FieldError } from '../../../backend/errors';
import { spinValue } from '../../../lib/spin';
import { useFerryStore } from '../../../store';
import { inventorySelectors } from '../../../store/slices/inventory/selectors';
import { useJobWizard } from '../store';
import { errorFor } from '../validation';

export function ReplicaSettingsStep({ errors }: { errors: FieldError[] }) {
  const draft = useJobWizard((w) => w.draft);
  const update = useJobWizard((w) => w.update);
  const vms = useFerryStore(inventorySelectors.vms);
  const example = vms.find((v) => draft.vmIds.includes(v.id))?.name ?? 'DC01';
  const pointsError = errorFor(errors, 'replication.pointsToKeep');
  const suffixError = errorFor(errors, 'replication.suffix');

  return (
    <>
      <Field
        label="Restore points to keep"
        required
        validationMessage={pointsError}
        validationState={pointsError ? 'error' : 'none'}
        hint="Each run adds a checkpoint on the replica; beyond this number the oldest is merged into the next (1–28)."
      >
        <SpinButton value={draft.pointsToKeep} min={1} max={28} onChange={(_e, d) => update({ pointsToKeep: spinValue(d) })} />
      </Field>
      <Field
        label="Replica name suffix"
        validationMessage={suffixError}
        validationState={suffixError ? 'error' : 'none'}
        hint={`The replica of ${example} is named ${example}${draft.suffix}.`}
      >
        <Input value={draft.suffix} maxLength={32} onChange={(_e, d) => update({ suffix: d.value })} />
      </Field>
      <Field
        hint={
          draft.changeTracking
            ? 'Hyper-V Resilient Change Tracking reports the blocks written since the last run: later runs read only those.'
            : 'Every run reads every disk in full and sends only the blocks that differ from the replica.'
        }
      >
        <Checkbox label="Use changed block tracking (RCT)" checked={draft.changeTracking} onChange={(_e, d) => update({ changeTracking: d.checked === true })} />
      </Field>
    </>
  );
}
