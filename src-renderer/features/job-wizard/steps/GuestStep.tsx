// Step 4: guest processing — application-consistent through the Hyper-V VSS writer, or crash-consistent.
import { Field, Radio, RadioGroup, Text } from '@fluentui/react-components';
import { useJobWizard } from '../store';

export function GuestStep() {
  const appConsistent = useJobWizard((w) => w.draft.applicationConsistent);
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
      <Text>
        {appConsistent
          ? 'Databases (SQL Server, Exchange, Active Directory) restore without recovery. Guests need Hyper-V Integration Services with the Backup (volume shadow copy) service.'
          : 'No guest involvement and the shortest snapshot, but databases replay their logs after a restore. Use it for guests without integration services.'}
      </Text>
    </>
  );
}
