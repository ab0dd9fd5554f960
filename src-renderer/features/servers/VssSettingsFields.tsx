// Per-host VSS settings of a Hyper-V host or cluster ("Manage volumes" in the consoles admins know):
// software-provider failover and how many Ferry snapshots a volume may hold at once.
import { Checkbox, Field, SpinButton } from '@fluentui/react-components';
import { HostVssSettings } from '../../../src-shared/domain';
import { spinValue } from '../../lib/spin';

export const MIN_SNAPSHOTS = 1;
export const MAX_SNAPSHOTS = 16;

export interface VssForm {
  failoverToSoftwareProvider: boolean;
  /** null while the box holds no number */
  maxSnapshotsPerVolume: number | null;
}

export function maxSnapshotsError(value: number | null): string | null {
  if (value === null || Number.isNaN(value)) return 'Enter a number of snapshots.';
  const parsed = HostVssSettings.shape.maxSnapshotsPerVolume.safeParse(value);
  return parsed.success ? null : `Allowed: ${MIN_SNAPSHOTS}–${MAX_SNAPSHOTS} snapshots per volume.`;
}

/** The settings to send, or null while the form is not valid. */
export function vssSettingsOf(form: VssForm): HostVssSettings | null {
  if (maxSnapshotsError(form.maxSnapshotsPerVolume) !== null) return null;
  return { failoverToSoftwareProvider: form.failoverToSoftwareProvider, maxSnapshotsPerVolume: form.maxSnapshotsPerVolume! };
}

export function vssText(vss: HostVssSettings): string {
  return `${vss.failoverToSoftwareProvider ? 'Failover to the software provider' : 'Hardware provider only'}, at most ${vss.maxSnapshotsPerVolume} snapshot(s) per volume`;
}

export function VssSettingsFields({ value, onChange }: { value: VssForm; onChange(next: VssForm): void }) {
  const error = maxSnapshotsError(value.maxSnapshotsPerVolume);
  return (
    <>
      <Field hint="Off-host backup needs the hardware (transportable) snapshot. With failover on, a volume whose hardware snapshot fails is snapshotted by the Microsoft Software Shadow Copy provider and its VMs are backed up on-host, with a warning; off, those VMs fail.">
        <Checkbox
          label="Fail over to the software VSS provider if the hardware provider fails or is absent"
          checked={value.failoverToSoftwareProvider}
          onChange={(_e, d) => onChange({ ...value, failoverToSoftwareProvider: d.checked === true })}
        />
      </Field>
      <Field
        label="Max snapshots per volume"
        required
        validationMessage={error ?? undefined}
        validationState={error ? 'error' : 'none'}
        hint={error ? undefined : `How many Ferry snapshots of one volume may exist at the same time (jobs wait for a free one). Allowed: ${MIN_SNAPSHOTS}–${MAX_SNAPSHOTS}; 4 is usual.`}
      >
        <SpinButton
          value={value.maxSnapshotsPerVolume}
          min={MIN_SNAPSHOTS}
          max={MAX_SNAPSHOTS}
          onChange={(_e, d) => onChange({ ...value, maxSnapshotsPerVolume: spinValue(d) })}
        />
      </Field>
    </>
  );
}
