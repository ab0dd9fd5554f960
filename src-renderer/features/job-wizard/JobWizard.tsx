// Job wizard. Backup: Name → Virtual machines → Storage → Guest processing → Processing mode → Schedule → Summary.
// Replication: Name → Virtual machines → Destination → Network → Job settings → Guest processing → Data transfer →
// Schedule → Summary (the same steps where the two kinds agree). The same steps create a job (Finish → jobs.create),
// edit one (Finish → jobs.update) or clone one (pre-filled from another job, Finish → jobs.create).
import { useMemo, useState } from 'react';
import { useStore } from 'zustand';
import type { Job, JobKind } from '../../../src-shared/domain';
import { useWizardSteps } from '../../components/wizard/useWizardSteps';
import { WizardDialog } from '../../components/wizard/WizardDialog';
import { useFerryStore } from '../../store';
import { inventorySelectors } from '../../store/slices/inventory/selectors';
import { jobsSelectors } from '../../store/slices/jobs/selectors';
import { repositoriesSelectors } from '../../store/slices/repositories/selectors';
import { cloneName, draftFromDefaults, draftFromSpec, draftToSpec, emptyDraft } from './draft';
import { settingsSelectors } from '../../store/slices/settings/selectors';
import { DestinationStep } from './steps/DestinationStep';
import { NetworkStep } from './steps/NetworkStep';
import { ReplicaSettingsStep } from './steps/ReplicaSettingsStep';
import { createJobWizardStore, JobWizardContext } from './store';
import { GuestStep } from './steps/GuestStep';
import { NameStep } from './steps/NameStep';
import { ProcessingStep } from './steps/ProcessingStep';
import { ScheduleStep } from './steps/ScheduleStep';
import { StorageStep } from './steps/StorageStep';
import { SummaryStep } from './steps/SummaryStep';
import { VmsStep } from './steps/VmsStep';
import { allErrors, stepErrors, stepOfPath, stepsFor, type JobStep } from './validation';

const headings: Record<JobStep, { heading: string; description: string }> = {
  name: { heading: 'Name', description: 'A name that says what the job protects.' },
  vms: { heading: 'Virtual machines', description: 'The VMs this job backs up. Clusters and standalone hosts are listed with their VMs.' },
  storage: { heading: 'Storage', description: 'The repository, how many restore points it keeps, and how data is stored there.' },
  guest: { heading: 'Guest processing', description: 'How consistent the data inside the VMs is at the snapshot instant.' },
  processing: { heading: 'Processing mode', description: 'Where VM disks are read: on the Hyper-V host, or on an off-host proxy.' },
  schedule: { heading: 'Schedule', description: 'When the job runs by itself, and what happens to VMs that fail.' },
  summary: { heading: 'Summary', description: 'Check the settings and click Finish.' },
  destination: { heading: 'Destination', description: 'The Hyper-V host that holds the replica VMs, and their folder on it.' },
  network: { heading: 'Network', description: 'Which virtual switch the replicas connect to on the target host.' },
  settings: { heading: 'Job settings', description: 'How many restore points each replica keeps, and what the replicas are called.' },
};

/** The replication wizard words some steps for replicas; the rest read the same for both kinds. */
const replicationHeadings: Partial<typeof headings> = {
  vms: { heading: 'Virtual machines', description: 'The VMs this job replicates. Clusters and standalone hosts are listed with their VMs.' },
  processing: { heading: 'Data transfer', description: 'Where VM disks are read: on the Hyper-V host, or on an off-host proxy that sends them to the target host.' },
};

const kindWord = (kind: JobKind) => (kind === 'replication' ? 'replication' : 'backup');

export interface JobWizardProps {
  /** the job to edit; omitted for a new job */
  job?: Job;
  /** a job to start from (Clone); the result is a new job */
  cloneOf?: Job;
  /** for a new job: which kind (default backup) */
  kind?: JobKind;
  onClose(): void;
  onSaved?(job: Job): void;
}

export function JobWizard({ job, cloneOf, kind: newKind = 'backup', onClose, onSaved }: JobWizardProps) {
  const jobs = useFerryStore(jobsSelectors.items);
  const vms = useFerryStore(inventorySelectors.vms);
  const repositories = useFerryStore(repositoriesSelectors.items);
  const jobDefaults = useFerryStore(settingsSelectors.jobDefaults);
  const [store] = useState(() => {
    if (job) return createJobWizardStore(draftFromSpec(job.spec), true);
    if (cloneOf) return createJobWizardStore({ ...draftFromSpec(cloneOf.spec), name: cloneName(cloneOf.spec.name, jobs.map((j) => j.spec.name)) });
    // with one repository there is nothing to choose; a replication job writes to no repository, but the job
    // spec still names one (the contract requires it), so it gets the first
    const repositoryId = repositories.length === 1 || newKind === 'replication' ? (repositories[0]?.id ?? '') : '';
    return createJobWizardStore({ ...emptyDraft(newKind), ...(jobDefaults ? draftFromDefaults(jobDefaults) : {}), repositoryId });
  });
  const w = useStore(store);
  // what the wizard opened with: Escape asks before throwing away anything entered since
  const [opened] = useState(() => JSON.stringify(store.getState().draft));
  const dirty = useMemo(() => JSON.stringify(w.draft) !== opened, [w.draft, opened]);
  const createJob = useFerryStore((s) => s.createJob);
  const updateJob = useFerryStore((s) => s.updateJob);
  const ctx = { existingJobNames: jobs.filter((j) => j.id !== job?.id).map((j) => j.spec.name), vms };
  const errors = stepErrors(w.step, w.draft, ctx);
  const shown = w.showErrors ? errors : [];
  const kind = w.draft.kind;
  const nav = useWizardSteps(stepsFor(kind), w.step, w.goTo);
  const submitting = w.submit.status === 'submitting';

  const finish = async () => {
    // Earlier steps can have become invalid since (e.g. a VM removed from the inventory): show the first.
    const all = allErrors(w.draft, ctx);
    if (all.length > 0) {
      store.getState().goTo(stepOfPath(all[0]!.path, kind));
      store.getState().setShowErrors(true);
      return;
    }
    const saved = await w.finish((draft) => (job ? updateJob(job.id, draftToSpec(draft)) : createJob(draftToSpec(draft))));
    if (saved) {
      onSaved?.(saved);
      onClose();
    }
  };

  const { heading, description } = (kind === 'replication' ? replicationHeadings[w.step] : undefined) ?? headings[w.step];
  const word = kindWord(kind);
  return (
    <JobWizardContext.Provider value={store}>
      <WizardDialog
        open
        title={job ? `Edit ${word} job ${job.spec.name}` : cloneOf ? `New ${word} job from ${cloneOf.spec.name}` : `New ${word} job`}
        steps={nav.steps}
        currentStep={w.step}
        heading={heading}
        description={description}
        back={nav.back(submitting)}
        next={
          w.step === 'summary'
            ? { label: 'Finish', busy: submitting, onClick: () => void finish() }
            : nav.revealingNext(errors.length > 0, () => w.setShowErrors(true))
        }
        cancel={{ label: 'Cancel', disabled: submitting, onClick: onClose }}
        initialFocus="first-field"
        discardQuestion={dirty ? (job ? `Discard your changes to ${job.spec.name}?` : `Discard this new ${word} job? The settings you entered are lost.`) : null}
        // every step of an existing job is filled in: edit any of them directly (Finish still checks them all)
        onStepSelect={job ? (step) => w.goTo(step as JobStep) : undefined}
      >
        {w.step === 'name' && <NameStep errors={shown} />}
        {w.step === 'vms' && <VmsStep errors={shown} />}
        {w.step === 'storage' && <StorageStep errors={shown} />}
        {w.step === 'destination' && <DestinationStep errors={shown} />}
        {w.step === 'network' && <NetworkStep errors={shown} />}
        {w.step === 'settings' && <ReplicaSettingsStep errors={shown} />}
        {w.step === 'guest' && <GuestStep />}
        {w.step === 'processing' && <ProcessingStep errors={shown} />}
        {w.step === 'schedule' && <ScheduleStep errors={shown} />}
        {w.step === 'summary' && <SummaryStep />}
      </WizardDialog>
    </JobWizardContext.Provider>
  );
}
