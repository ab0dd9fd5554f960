// Virtual disks restore: pick disks of a point → attach them to the original VM (replacing its disks, VM off), to
// another VM, or write them as VHDX files into a folder on a managed server → Summary with the plan. The data goes
// from the repository to the target server's data mover; Finish opens the restore session.
import { useMemo, useState } from 'react';
import {
  Checkbox,
  Dropdown,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Option,
  Radio,
  RadioGroup,
  Textarea,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { getClient } from '../../backend/client';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { useNotify } from '../../components/notify';
import { ErrorState, LoadingState } from '../../components/StateViews';
import { IDLE_SUBMIT, runSubmit, type SubmitState } from '../../components/wizard/submit';
import { useWizardSteps } from '../../components/wizard/useWizardSteps';
import { WizardDialog } from '../../components/wizard/WizardDialog';
import { formatBytes } from '../../lib/format';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { restorePointsSelectors } from '../../store/slices/restorePoints/selectors';
import { pointsOfVm } from '../backups/backupTree';
import { PlanSummary } from '../restore/PlanSummary';
import { usePlan } from '../restore/usePlan';
import { useRestoreTargets } from '../restore/useRestoreTargets';
import { pointText } from '../restore-vm/steps';
import { vmNameOf } from '../restore-vm/draft';
import {
  DISK_RESTORE_STEPS,
  chosenDiskPoint,
  diskStepError,
  initialDiskDraft,
  targetProblems,
  toDisksRequest,
  type DiskRestoreContext,
  type DiskRestoreDraft,
  type DiskRestoreStep,
  type DiskTargetKind,
} from './draft';

const useStyles = makeStyles({ stack: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM } });

const headings: Record<DiskRestoreStep, { heading: string; description: string }> = {
  disks: { heading: 'Disks', description: 'The restore point and the disks of it to restore.' },
  target: { heading: 'Target', description: 'Where the disks go; the target server’s data mover writes them.' },
  summary: { heading: 'Summary', description: 'Check what the restore will do, then click Finish. Nothing has changed yet.' },
};

interface StepProps {
  draft: DiskRestoreDraft;
  update(patch: Partial<DiskRestoreDraft>): void;
  ctx: DiskRestoreContext;
  error: string | null;
}

export function DiskRestoreWizard({ vmId, pointId, onClose }: { vmId: string; pointId: string | null; onClose(): void }) {
  const notify = useNotify();
  const points = useFerryStore(restorePointsSelectors.all).data;
  const inventory = useFerryStore(inventorySelectors.data);
  const navigate = useFerryStore((s) => s.navigate);
  const { targets, reload } = useRestoreTargets();
  const [draft, setDraft] = useState<DiskRestoreDraft>(() => initialDiskDraft(vmId, pointId));
  const [step, setStep] = useState<DiskRestoreStep>('disks');
  const [showErrors, setShowErrors] = useState(false);
  const [submit, setSubmit] = useState<SubmitState>(IDLE_SUBMIT);
  const ctx: DiskRestoreContext = { points, inventory, targets: targets.data };
  const update = (patch: Partial<DiskRestoreDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const nav = useWizardSteps(DISK_RESTORE_STEPS, step, (next) => {
    setStep(next);
    setShowErrors(false);
  });
  const request = useMemo(() => toDisksRequest(draft, ctx), [draft, points, inventory, targets.data]);
  const plan = usePlan(JSON.stringify(request), () => getClient().call('restore.planDisks', request), step === 'summary');
  const error = diskStepError(step, draft, ctx);
  const submitting = submit.status === 'submitting';
  const planOk = plan.state.status === 'ready' && plan.state.plan.ok;

  const finish = async () => {
    const started = await runSubmit(setSubmit, () => getClient().call('restore.startDisks', request));
    if (!started) return;
    notify('Disk restore started', vmNameOf(points, vmId));
    onClose();
    navigate({ view: 'session', sessionId: started.sessionId });
  };

  const stepProps: StepProps = { draft, update, ctx, error: showErrors ? error : null };
  return (
    <WizardDialog
      open
      title={`Virtual disks restore: ${vmNameOf(points, vmId)}`}
      steps={nav.steps}
      currentStep={step}
      heading={headings[step].heading}
      description={headings[step].description}
      back={nav.back(submitting)}
      next={step === 'summary' ? { label: 'Finish', busy: submitting, disabled: !planOk, onClick: () => void finish() } : nav.revealingNext(error !== null, () => setShowErrors(true))}
      cancel={{ label: 'Cancel', disabled: submitting, onClick: onClose }}
      discardQuestion="Discard this restore? Nothing has been restored."
    >
      {step === 'disks' && <DisksStep {...stepProps} />}
      {step === 'target' && (targets.status === 'ready' ? <TargetStep {...stepProps} /> : <TargetsLoading status={targets.status} error={targets.error} reload={reload} />)}
      {step === 'summary' && (
        <>
          {submit.status === 'error' && (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>The restore did not start</MessageBarTitle>
                {submit.message}
              </MessageBarBody>
            </MessageBar>
          )}
          <PlanSummary state={plan.state} onRetry={plan.retry} />
        </>
      )}
    </WizardDialog>
  );
}

function TargetsLoading({ status, error, reload }: { status: string; error: string | null; reload(): void }) {
  if (status === 'error') return <ErrorState title="Could not load the servers" message={error ?? ''} onRetry={reload} />;
  return <LoadingState label="Loading servers…" />;
}

function DisksStep({ draft, update, ctx, error }: StepProps) {
  const s = useStyles();
  const all = pointsOfVm(ctx.points, draft.vmId);
  const chosen = chosenDiskPoint(draft, ctx.points);
  const toggle = (index: number, on: boolean) => update({ diskIndexes: on ? [...draft.diskIndexes, index] : draft.diskIndexes.filter((i) => i !== index) });
  return (
    <div className={s.stack}>
      <Field label="Restore point">
        <Dropdown
          value={chosen ? pointText(chosen) : ''}
          selectedOptions={chosen ? [chosen.point.id] : []}
          onOptionSelect={(_e, d) => d.optionValue && update({ pointId: d.optionValue, diskIndexes: [] })}
        >
          {all.map((p, i) => (
            <Option key={p.point.id} value={p.point.id} text={pointText(p)}>
              {`${pointText(p)}${i === 0 ? ' (newest)' : ''}`}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <CheckboxGroup label="Disks to restore" vertical error={error ?? undefined}>
        {(chosen?.disks ?? []).map((d) => (
          <Checkbox
            key={d.diskIndex}
            checked={draft.diskIndexes.includes(d.diskIndex)}
            onChange={(_e, data) => toggle(d.diskIndex, data.checked === true)}
            label={`Disk ${d.diskIndex}: ${d.sourcePath} (${formatBytes(d.virtualSizeBytes)})`}
          />
        ))}
      </CheckboxGroup>
    </div>
  );
}

function TargetStep({ draft, update, ctx, error }: StepProps) {
  const s = useStyles();
  const problems = error ? targetProblems(draft, ctx) : [];
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const original = ctx.inventory.vms.find((vm) => vm.id === draft.vmId);
  const others = ctx.inventory.vms.filter((vm) => vm.id !== draft.vmId);
  const other = others.find((vm) => vm.id === draft.otherVmId);
  const server = ctx.targets.find((t) => t.serverId === draft.serverId);
  const hostName = (id: string) => ctx.inventory.hosts.find((h) => h.id === id)?.name ?? id;
  return (
    <div className={s.stack}>
      <Field label="Restore the disks to" validationMessage={problem('target')} validationState={problem('target') ? 'error' : 'none'}>
        <RadioGroup value={draft.target} onChange={(_e, d) => update({ target: d.value as DiskTargetKind })}>
          <Radio value="original-vm" label={`Original VM${original ? ` ${original.name} (${original.state})` : ' (no longer in the inventory)'}: its disks are replaced; the VM must be off`} />
          <Radio value="other-vm" label="Another VM: attached as new disks; the VM must be off" />
          <Radio value="folder" label="A folder on a managed server: VHDX files, attached to nothing" />
        </RadioGroup>
      </Field>
      {draft.target === 'other-vm' && (
        <Field label="VM" required validationMessage={problem('otherVm')} validationState={problem('otherVm') ? 'error' : 'none'}>
          <Dropdown value={other ? `${other.name} on ${hostName(other.hostId)} (${other.state})` : ''} selectedOptions={draft.otherVmId ? [draft.otherVmId] : []} onOptionSelect={(_e, d) => d.optionValue && update({ otherVmId: d.optionValue })}>
            {others.map((vm) => (
              <Option key={vm.id} value={vm.id} text={`${vm.name} on ${hostName(vm.hostId)} (${vm.state})`}>
                {`${vm.name} on ${hostName(vm.hostId)} (${vm.state})`}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {draft.target === 'folder' && (
        <>
          <Field label="Server" required validationMessage={problem('server')} validationState={problem('server') ? 'error' : 'none'}>
            <Dropdown value={server?.name ?? ''} selectedOptions={draft.serverId ? [draft.serverId] : []} onOptionSelect={(_e, d) => d.optionValue && update({ serverId: d.optionValue })}>
              {ctx.targets.map((t) => (
                <Option key={t.serverId} value={t.serverId} text={t.name} disabled={!t.available}>
                  {`${t.name}${t.available ? '' : ` — ${t.unavailableReason ?? 'unavailable'}`}`}
                </Option>
              ))}
            </Dropdown>
          </Field>
          <Field label="Folder" required hint="On that server; created when missing. Existing files are never overwritten." validationMessage={problem('path')} validationState={problem('path') ? 'error' : 'none'}>
            <Input value={draft.path} onChange={(_e, d) => update({ path: d.value })} />
          </Field>
        </>
      )}
      <Field label="Reason" hint="Kept in the restore session." validationMessage={problem('reason')} validationState={problem('reason') ? 'error' : 'none'}>
        <Textarea value={draft.reason} resize="vertical" onChange={(_e, d) => update({ reason: d.value })} />
      </Field>
    </div>
  );
}
