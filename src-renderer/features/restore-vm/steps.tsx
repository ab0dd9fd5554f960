// The steps of Entire VM restore, each a form over the draft; the rules are in draft.ts.
import {
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Switch,
  Text,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { formatBytes, formatDateTime } from '../../lib/format';
import { CONSISTENCY_TEXT, KIND_TEXT } from '../../lib/restorePointText';
import type { Loadable } from '../../store/loadable';
import type { RestoreTarget } from '../../../src-shared/contract/restore';
import { pointsOfVm, type VmPoint } from '../backups/backupTree';
import {
  MAX_REASON,
  chosenPoint,
  hostProblems,
  mappedSwitch,
  newNameOf,
  pointConfig,
  sourceSwitches,
  vmNameOf,
  type RestoreContext,
  type VmRestoreDraft,
} from './draft';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  hint: { color: tokens.colorNeutralForeground3 },
  row: { display: 'grid', gridTemplateColumns: '200px 1fr', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

export interface StepProps {
  draft: VmRestoreDraft;
  update(patch: Partial<VmRestoreDraft>): void;
  ctx: RestoreContext;
  /** the step's problem, shown once Next was pressed */
  error: string | null;
}

/** One line per point, as every dropdown of points reads. */
export function pointText(p: VmPoint): string {
  return `${formatDateTime(p.point.createdAt)} · ${KIND_TEXT[p.kind]} · ${CONSISTENCY_TEXT[p.consistency]} · ${formatBytes(p.sizeBytes)}${p.point.lastVerify ? (p.point.lastVerify.ok ? ' · verified' : ' · verify FAILED') : ''}`;
}

export function VmsStep({ draft, update, ctx, error }: StepProps) {
  const vmIds = [...new Set(ctx.points.flatMap((p) => p.disks.map((d) => d.vmId)))].sort((a, b) => vmNameOf(ctx.points, a).localeCompare(vmNameOf(ctx.points, b)));
  const toggle = (vmId: string, on: boolean) => update({ vmIds: on ? [...draft.vmIds, vmId] : draft.vmIds.filter((id) => id !== vmId) });
  return (
    <CheckboxGroup label="VMs to restore" vertical error={error ?? undefined} hint="Every VM with a restore point, also of deleted jobs.">
      {vmIds.map((vmId) => {
        const newest = pointsOfVm(ctx.points, vmId)[0];
        return (
          <Checkbox
            key={vmId}
            checked={draft.vmIds.includes(vmId)}
            onChange={(_e, d) => toggle(vmId, d.checked === true)}
            label={`${vmNameOf(ctx.points, vmId)} — newest point ${newest ? formatDateTime(newest.point.createdAt) : 'none'}`}
          />
        );
      })}
    </CheckboxGroup>
  );
}

export function PointStep({ draft, update, ctx, error }: StepProps) {
  const s = useStyles();
  return (
    <div className={s.stack}>
      {draft.vmIds.map((vmId) => {
        const all = pointsOfVm(ctx.points, vmId);
        const chosen = chosenPoint(draft, ctx.points, vmId);
        const config = chosen ? pointConfig(chosen.point, vmId) : null;
        return (
          <Field
            key={vmId}
            label={`Restore point of ${vmNameOf(ctx.points, vmId)}`}
            hint={config ? `Generation ${config.generation}, ${config.processorCount} vCPU, ${formatBytes(config.memory.startupBytes)} memory, ${config.nics.length} NIC(s), ${chosen?.disks.length ?? 0} disk(s)` : undefined}
            validationMessage={error && chosen && !config ? error : undefined}
            validationState={error && chosen && !config ? 'error' : 'none'}
          >
            <Dropdown
              value={chosen ? pointText(chosen) : ''}
              selectedOptions={chosen ? [chosen.point.id] : []}
              onOptionSelect={(_e, d) => d.optionValue && update({ pointByVm: { ...draft.pointByVm, [vmId]: d.optionValue } })}
            >
              {all.map((p, i) => (
                <Option key={p.point.id} value={p.point.id} text={pointText(p)}>
                  {`${pointText(p)}${i === 0 ? ' (newest)' : ''}`}
                </Option>
              ))}
            </Dropdown>
          </Field>
        );
      })}
      <Text className={s.hint}>Any point of the chain restores the whole VM: an incremental point is read together with the points before it.</Text>
    </div>
  );
}

export function ModeStep({ draft, update, error }: StepProps) {
  const s = useStyles();
  return (
    <div className={s.stack}>
      <Field label="Restore to" validationMessage={error ?? undefined} validationState={error ? 'error' : 'none'}>
        <RadioGroup value={draft.mode} onChange={(_e, d) => update({ mode: d.value as VmRestoreDraft['mode'] })}>
          <Radio value="original" label="Original location: the VM is powered off and its disks are rewritten; it keeps its name, id and settings" />
          <Radio value="new" label="New location, or with different settings: a new VM on the host you choose" />
        </RadioGroup>
      </Field>
      {draft.mode === 'original' && (
        <>
          <Switch
            checked={draft.quickRollback}
            onChange={(_e, d) => update({ quickRollback: d.checked })}
            label="Quick rollback: write back only the blocks changed since the restore point (when change tracking allows; the Summary says per disk)"
          />
          <MessageBar intent="warning">
            <MessageBarBody>The current state of the original VM is lost: a running VM is powered off first, and its disks are rewritten from the restore point.</MessageBarBody>
          </MessageBar>
        </>
      )}
    </div>
  );
}

function TargetsState({ targets, reload }: { targets: Loadable<RestoreTarget[]>; reload(): void }) {
  if (targets.status === 'idle' || targets.status === 'loading') return <LoadingState label="Loading hosts…" />;
  if (targets.status === 'error') return <ErrorState title="Could not load the hosts" message={targets.error ?? ''} onRetry={reload} />;
  return null;
}

export function HostStep({ draft, update, ctx, error, targets, reload }: StepProps & { targets: Loadable<RestoreTarget[]>; reload(): void }) {
  const s = useStyles();
  const problems = error ? hostProblems(draft, ctx) : [];
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const hosts = ctx.targets.filter((t) => t.kind !== 'windows-server');
  const target = hosts.find((t) => t.serverId === draft.serverId);
  const choose = (serverId: string) => {
    const t = hosts.find((h) => h.serverId === serverId);
    update({ serverId, ...(draft.pathEdited || !t ? {} : { path: t.defaultPath }), registerClusterRole: t?.kind === 'hyperv-cluster' });
  };
  if (targets.status !== 'ready') return <TargetsState targets={targets} reload={reload} />;
  return (
    <div className={s.stack}>
      <Field label="Host or cluster" required validationMessage={problem('server')} validationState={problem('server') ? 'error' : 'none'}>
        <Dropdown value={target ? targetText(target) : ''} selectedOptions={draft.serverId ? [draft.serverId] : []} onOptionSelect={(_e, d) => d.optionValue && choose(d.optionValue)}>
          {hosts.map((t) => (
            <Option key={t.serverId} value={t.serverId} text={targetText(t)} disabled={!t.available}>
              {`${targetText(t)}${t.available ? '' : ` — ${t.unavailableReason ?? 'unavailable'}`}`}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field
        label="Folder for the VM files"
        required
        hint={target ? `Default: ${target.defaultPath}${target.kind === 'hyperv-cluster' ? ' (the CSV with most free space)' : " (the host's VM path)"}` : 'Choose the host first'}
        validationMessage={problem('path')}
        validationState={problem('path') ? 'error' : 'none'}
      >
        <Input value={draft.path} onChange={(_e, d) => update({ path: d.value, pathEdited: true })} />
      </Field>
      {draft.vmIds.map((vmId) => (
        <Field key={vmId} label={`New name of ${vmNameOf(ctx.points, vmId)}`} required validationMessage={problem(`name:${vmId}`)} validationState={problem(`name:${vmId}`) ? 'error' : 'none'}>
          <Input value={newNameOf(draft, ctx.points, vmId)} onChange={(_e, d) => update({ nameByVm: { ...draft.nameByVm, [vmId]: d.value } })} />
        </Field>
      ))}
      <Checkbox checked={draft.newVmId} onChange={(_e, d) => update({ newVmId: d.checked === true })} label="Generate a new VM id (BIOS UUID): the restored VM can run beside the original" />
      {target?.kind === 'hyperv-cluster' && (
        <Checkbox checked={draft.registerClusterRole} onChange={(_e, d) => update({ registerClusterRole: d.checked === true })} label={`Register the VM as a clustered role of ${target.name}`} />
      )}
    </div>
  );
}

function targetText(t: RestoreTarget): string {
  const free = t.volumes.reduce((n, v) => Math.max(n, v.freeBytes), 0);
  return `${t.name} (${t.kind === 'hyperv-cluster' ? 'cluster' : 'Hyper-V host'}, ${formatBytes(free)} free)`;
}

const NOT_CONNECTED = '__not-connected__';

export function NetworkStep({ draft, update, ctx, error }: StepProps) {
  const s = useStyles();
  const target = ctx.targets.find((t) => t.serverId === draft.serverId);
  const sources = sourceSwitches(draft, ctx.points);
  if (sources.length === 0) return <Text>The VMs have no network adapter connected to a virtual switch: nothing to map.</Text>;
  return (
    <div className={s.stack}>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {sources.map((source) => {
        const to = mappedSwitch(draft, target, source);
        return (
          <div key={source} className={s.row}>
            <Text id={`src-${source}`}>{source}</Text>
            <Dropdown
              aria-label={`Target switch for ${source}`}
              value={to ?? 'Not connected'}
              selectedOptions={[to ?? NOT_CONNECTED]}
              onOptionSelect={(_e, d) => update({ networkMap: { ...draft.networkMap, [source]: d.optionValue === NOT_CONNECTED ? null : (d.optionValue ?? null) } })}
            >
              {(target?.switches ?? []).map((sw) => (
                <Option key={sw} value={sw}>
                  {sw}
                </Option>
              ))}
              <Option value={NOT_CONNECTED} text="Not connected">
                Not connected
              </Option>
            </Dropdown>
          </div>
        );
      })}
    </div>
  );
}

export function OptionsStep({ draft, update, error }: StepProps) {
  const s = useStyles();
  return (
    <div className={s.stack}>
      <Checkbox checked={draft.powerOn} onChange={(_e, d) => update({ powerOn: d.checked === true })} label="Power on the VM after restoring" />
      <Field label="Reason" hint="Kept in the restore session, for whoever reads it later." validationMessage={error ?? undefined} validationState={error ? 'error' : 'none'}>
        <Textarea value={draft.reason} maxLength={MAX_REASON + 1} resize="vertical" onChange={(_e, d) => update({ reason: d.value })} />
      </Field>
    </div>
  );
}
