// Entire VM restore: VMs → restore point → mode (original location with quick rollback, or a new location: host,
// path, name, VM id, network) → power on and reason → Summary with the engine's plan and space check. Finish starts
// the restore session and opens it in the session view.
import { useMemo, useState } from 'react';
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { getClient } from '../../backend/client';
import { useNotify } from '../../components/notify';
import { IDLE_SUBMIT, runSubmit, type SubmitState } from '../../components/wizard/submit';
import { useWizardSteps } from '../../components/wizard/useWizardSteps';
import { WizardDialog } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { restorePointsSelectors } from '../../store/slices/restorePoints/selectors';
import { PlanSummary } from '../restore/PlanSummary';
import { usePlan } from '../restore/usePlan';
import { useRestoreTargets } from '../restore/useRestoreTargets';
import { firstInvalidStep, initialDraft, stepError, stepsFor, toRequest, vmNameOf, type RestoreContext, type VmRestoreDraft, type VmRestoreStep } from './draft';
import { HostStep, ModeStep, NetworkStep, OptionsStep, PointStep, VmsStep } from './steps';

const headings: Record<VmRestoreStep, { heading: string; description: string }> = {
  vms: { heading: 'Virtual machines', description: 'The VMs to restore from their backups.' },
  point: { heading: 'Restore point', description: 'The state to bring back: the newest point unless you pick another.' },
  mode: { heading: 'Restore mode', description: 'Roll the VM back where it is, or create it anew, elsewhere or with other settings.' },
  host: { heading: 'Host', description: 'Where the restored VM is registered; the data goes from the repository straight to that host.' },
  network: { heading: 'Network', description: 'Which virtual switch each network adapter connects to on the target.' },
  options: { heading: 'Reason', description: 'What happens after the restore, and why it is done.' },
  summary: { heading: 'Summary', description: 'Check what the restore will do, then click Finish. Nothing has changed yet.' },
};

export function VmRestoreWizard({ vmId, pointId, onClose }: { vmId: string; pointId: string | null; onClose(): void }) {
  const notify = useNotify();
  const points = useFerryStore(restorePointsSelectors.all).data;
  const inventory = useFerryStore(inventorySelectors.data);
  const navigate = useFerryStore((s) => s.navigate);
  const { targets, reload } = useRestoreTargets();
  const [draft, setDraft] = useState<VmRestoreDraft>(() => initialDraft(vmId, pointId));
  const [step, setStep] = useState<VmRestoreStep>('vms');
  const [showErrors, setShowErrors] = useState(false);
  const [submit, setSubmit] = useState<SubmitState>(IDLE_SUBMIT);
  const ctx: RestoreContext = { points, inventory, targets: targets.data };
  const update = (patch: Partial<VmRestoreDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const nav = useWizardSteps(stepsFor(draft.mode), step, (next) => {
    setStep(next);
    setShowErrors(false);
  });
  const request = useMemo(() => toRequest(draft, ctx), [draft, points, inventory, targets.data]);
  const plan = usePlan(JSON.stringify(request), () => getClient().call('restore.planVm', request), step === 'summary');
  const error = stepError(step, draft, ctx);
  const shown = showErrors ? error : null;
  const submitting = submit.status === 'submitting';
  const planOk = plan.state.status === 'ready' && plan.state.plan.ok;

  const finish = async () => {
    const invalid = firstInvalidStep(draft, ctx);
    if (invalid) {
      setStep(invalid);
      setShowErrors(true);
      return;
    }
    const started = await runSubmit(setSubmit, () => getClient().call('restore.startVm', request));
    if (!started) return;
    notify('Restore started', draft.vmIds.map((id) => vmNameOf(points, id)).join(', '));
    onClose();
    navigate({ view: 'session', sessionId: started.sessionId });
  };

  const stepProps = { draft, update, ctx, error: shown };
  return (
    <WizardDialog
      open
      title={`Entire VM restore: ${vmNameOf(points, vmId)}`}
      steps={nav.steps}
      currentStep={step}
      heading={headings[step].heading}
      description={headings[step].description}
      back={nav.back(submitting)}
      next={
        step === 'summary'
          ? { label: 'Finish', busy: submitting, disabled: !planOk, onClick: () => void finish() }
          : nav.revealingNext(error !== null, () => setShowErrors(true))
      }
      cancel={{ label: 'Cancel', disabled: submitting, onClick: onClose }}
      discardQuestion="Discard this restore? Nothing has been restored."
    >
      {step === 'vms' && <VmsStep {...stepProps} />}
      {step === 'point' && <PointStep {...stepProps} />}
      {step === 'mode' && <ModeStep {...stepProps} />}
      {step === 'host' && <HostStep {...stepProps} targets={targets} reload={reload} />}
      {step === 'network' && <NetworkStep {...stepProps} />}
      {step === 'options' && <OptionsStep {...stepProps} />}
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
