// Per-wizard state for "New backup job" (a fresh vanilla store per opened dialog).
import { createStore, type StoreApi } from 'zustand';
import type { Job } from '../../../src-shared/domain';
import { IDLE_SUBMIT, runSubmit, type SubmitState } from '../../components/wizard/submit';
import { createWizardContext } from '../../components/wizard/wizardContext';
import { emptyDraft, type JobDraft } from './draft';
import type { JobStep } from './validation';

export interface JobWizardState {
  /** true when Finish saves an existing job (jobs.update) */
  editing: boolean;
  step: JobStep;
  draft: JobDraft;
  /** after a failed Next we show errors even for fields the admin has not touched */
  showErrors: boolean;
  vmSearch: string;
  submit: SubmitState;
  goTo(step: JobStep): void;
  update(patch: Partial<JobDraft>): void;
  setShowErrors(show: boolean): void;
  setVmSearch(text: string): void;
  finish(create: (draft: JobDraft) => Promise<Job>): Promise<Job | null>;
}

export function createJobWizardStore(initial?: Partial<JobDraft>, editing = false): StoreApi<JobWizardState> {
  return createStore<JobWizardState>()((set, get) => ({
    editing,
    step: 'name',
    draft: { ...emptyDraft(), ...initial },
    showErrors: false,
    vmSearch: '',
    submit: IDLE_SUBMIT,
    goTo: (step) => set({ step, showErrors: false }),
    update: (patch) => set({ draft: { ...get().draft, ...patch } }),
    setShowErrors: (showErrors) => set({ showErrors }),
    setVmSearch: (vmSearch) => set({ vmSearch }),
    finish: (create) => runSubmit((submit) => set({ submit }), () => create(get().draft)),
  }));
}

export const { Context: JobWizardContext, useWizard: useJobWizard } = createWizardContext<JobWizardState>('useJobWizard');
