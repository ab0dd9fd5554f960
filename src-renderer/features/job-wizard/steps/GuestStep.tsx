// Step 4: guest processing — application-consistent through the Hyper-V VSS writer, or crash-consistent;
// and what happens to a VM whose writer fails.
import { Checkbox, Field, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { useJobWizard } from '../store';
import { SubOptions } from './SubOptions';

export function GuestStep() {
  const appConsistent = useJobWizard((w) => w.draft.applicationConsistent);
  const requireSuccess = useJobWizard((w) => w.draft.requireSuccessfulProcessing);
  const update = useJobWizard((w) => w.update);
  return (
    <>
      <Field label="Consistency of the VM snapshots">
        <RadioGroup value={appConsistent ? 'app' : 'crash'} onChange={(_e, d) => update({ applicationConsistent: d.value === 'app' })}>
          <Radio
            value="app"
            label="Application-consistent (recommended): the Hyper-V VSS writer asks the guests' applications to flush (production checkpoint)"
          />
          <Radio value="crash" label="Crash-consistent: the disks as they are at the snapshot instant, as after a power loss" />
        </RadioGroup>
      </Field>
      <SubOptions>
        <Field
          hint={
            !appConsistent
              ? 'Only with application-consistent processing.'
              : requireSuccess
                ? 'A VM whose writer fails gets no restore point in this run (Failed), so no crash-consistent point replaces an application-consistent one.'
                : 'A VM whose writer fails is backed up crash-consistent and marked with a warning.'
          }
        >
          <Checkbox
            label="Require successful processing (fail the VM instead of falling back to crash-consistent)"
            // Shown unticked while it cannot apply: the job is saved without it (see draftToSpec).
            checked={appConsistent && requireSuccess}
            disabled={!appConsistent}
            onChange={(_e, d) => update({ requireSuccessfulProcessing: d.checked === true })}
          />
        </Field>
      </SubOptions>
      <Text>
        {appConsistent
          ? 'Databases (SQL Server, Exchange, Active Directory) restore without recovery. Guests need Hyper-V Integration Services with the Backup (volume shadow copy) service.'
          : 'No guest involvement and the shortest snapshot, but databases replay their logs after a restore. Use it for guests without integration services.'}
      </Text>
    </>
  );
}
