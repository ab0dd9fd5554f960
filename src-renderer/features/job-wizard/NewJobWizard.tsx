// "New backup job": Name → Virtual machines → Storage → Processing mode → Summary (Finish creates it).
import { useCallback, useState } from 'react';
import { useStore } from 'zustand';
import type { Job } from '../../../src-shared/domain';
import { WizardDialog } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { draftToSpec } from './draft';
import { createJobWizardStore, JobWizardContext } from './store';
import { NameStep } from './steps/NameStep';
import { ProcessingStep } from './steps/ProcessingStep';
import { StorageStep } from './steps/StorageStep';
import { SummaryStep } from './steps/SummaryStep';
import { VmsStep } from './steps/VmsStep';
import { allErrors, JOB_STEPS, stepErrors, stepOfPath, type JobStep } from './validation';

const headings: Record<JobStep, { heading: string; description: string }> = {
  name: { heading: 'Name', description: 'A name that says what the job protects.' },
  vms: { heading: 'Virtual machines', description: 'The VMs this job backs up. Clusters and standalone hosts are listed with their VMs.' },
  storage: { heading: 'Storage', description: 'The repository and how data is stored there.' },
  processing: { heading: 'Processing mode', description: 'Where VM disks are read: on the Hyper-V host, or on an off-host proxy.' },
  summary: { heading: 'Summary', description: 'Check the settings and click Finish to create the job.' },
};

export function NewJobWizard({ onClose, onCreated }: { onClose(): void; onCreated?(job: Job): void }) {
  const [store] = useState(() => createJobWizardStore());
  const w = useStore(store);
  const jobs = useFerryStore(jobsSelectors.items);
  const createJob = useFerryStore((s) => s.createJob);
  const ctx = { existingJobNames: jobs.map((j) => j.spec.name) };
  const errors = stepErrors(w.step, w.draft, ctx);
  const shown = w.showErrors ? errors : [];
  const index = JOB_STEPS.findIndex((s) => s.id === w.step);

  const focusFirstInvalid = useCallback(() => {
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[role="dialog"] [aria-invalid="true"]')?.focus());
  }, []);

  const onNext = async () => {
    if (w.step === 'summary') {
      const all = allErrors(w.draft, ctx);
      if (all.length > 0) {
        store.getState().goTo(stepOfPath(all[0]!.path));
        store.getState().setShowErrors(true);
        return;
      }
      const job = await w.finish((draft) => createJob(draftToSpec(draft)));
      if (job) {
        onCreated?.(job);
        onClose();
      }
      return;
    }
    if (errors.length > 0) {
      w.setShowErrors(true);
      focusFirstInvalid();
      return;
    }
    w.goTo(JOB_STEPS[index + 1]!.id);
  };

  const { heading, description } = headings[w.step];
  return (
    <JobWizardContext.Provider value={store}>
      <WizardDialog
        open
        title="New backup job"
        steps={[...JOB_STEPS]}
        currentStep={w.step}
        heading={heading}
        description={description}
        back={{ label: 'Back', disabled: index === 0 || w.submit.status === 'submitting', onClick: () => w.goTo(JOB_STEPS[index - 1]!.id) }}
        next={{
          label: w.step === 'summary' ? 'Finish' : 'Next',
          busy: w.submit.status === 'submitting',
          onClick: () => void onNext(),
        }}
        cancel={{ label: 'Cancel', disabled: w.submit.status === 'submitting', onClick: onClose }}
      >
        {w.step === 'name' && <NameStep errors={shown} />}
        {w.step === 'vms' && <VmsStep errors={shown} />}
        {w.step === 'storage' && <StorageStep errors={shown} />}
        {w.step === 'processing' && <ProcessingStep errors={shown} />}
        {w.step === 'summary' && <SummaryStep />}
      </WizardDialog>
    </JobWizardContext.Provider>
  );
}
