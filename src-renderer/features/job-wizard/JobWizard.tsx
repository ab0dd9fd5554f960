// Backup job wizard: Name → Virtual machines → Storage → Processing mode → Schedule → Summary.
// The same steps create a job (Finish → jobs.create) or edit one (Finish → jobs.update).
import { useCallback, useState } from 'react';
import { useStore } from 'zustand';
import type { Job } from '../../../src-shared/domain';
import { WizardDialog } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { draftFromSpec, draftToSpec } from './draft';
import { createJobWizardStore, JobWizardContext } from './store';
import { NameStep } from './steps/NameStep';
import { ProcessingStep } from './steps/ProcessingStep';
import { ScheduleStep } from './steps/ScheduleStep';
import { StorageStep } from './steps/StorageStep';
import { SummaryStep } from './steps/SummaryStep';
import { VmsStep } from './steps/VmsStep';
import { allErrors, JOB_STEPS, stepErrors, stepOfPath, type JobStep } from './validation';

const headings: Record<JobStep, { heading: string; description: string }> = {
  name: { heading: 'Name', description: 'A name that says what the job protects.' },
  vms: { heading: 'Virtual machines', description: 'The VMs this job backs up. Clusters and standalone hosts are listed with their VMs.' },
  storage: { heading: 'Storage', description: 'The repository and how data is stored there.' },
  processing: { heading: 'Processing mode', description: 'Where VM disks are read: on the Hyper-V host, or on an off-host proxy.' },
  schedule: { heading: 'Schedule', description: 'When the job runs by itself, and what happens to VMs that fail.' },
  summary: { heading: 'Summary', description: 'Check the settings and click Finish.' },
};

export interface JobWizardProps {
  /** the job to edit; omitted for a new job */
  job?: Job;
  onClose(): void;
  onSaved?(job: Job): void;
}

export function JobWizard({ job, onClose, onSaved }: JobWizardProps) {
  const [store] = useState(() => createJobWizardStore(job ? draftFromSpec(job.spec) : undefined));
  const w = useStore(store);
  const jobs = useFerryStore(jobsSelectors.items);
  const createJob = useFerryStore((s) => s.createJob);
  const updateJob = useFerryStore((s) => s.updateJob);
  const ctx = { existingJobNames: jobs.filter((j) => j.id !== job?.id).map((j) => j.spec.name) };
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
      const saved = await w.finish((draft) => (job ? updateJob(job.id, draftToSpec(draft)) : createJob(draftToSpec(draft))));
      if (saved) {
        onSaved?.(saved);
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
        title={job ? `Edit backup job ${job.spec.name}` : 'New backup job'}
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
        {w.step === 'schedule' && <ScheduleStep errors={shown} />}
        {w.step === 'summary' && <SummaryStep />}
      </WizardDialog>
    </JobWizardContext.Provider>
  );
}
