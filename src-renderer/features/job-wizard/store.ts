// Per-wizard state for "New backup job" (a fresh vanilla store per opened dialog).
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Job } from '../../../src-shared/domain';
import { errorMessage, fieldErrors, type FieldError } from '../../backend/errors';
import { emptyDraft, type JobDraft } from './draft';
import type { JobStep } from './validation';

export interface SubmitState {
  status: 'idle' | 'submitting' | 'error';
  message: string | null;
  fieldErrors: FieldError[];
}

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
    submit: { status: 'idle', message: null, fieldErrors: [] },
    goTo: (step) => set({ step, showErrors: false }),
    update: (patch) => set({ draft: { ...get().draft, ...patch } }),
    setShowErrors: (showErrors) => set({ showErrors }),
    setVmSearch: (vmSearch) => set({ vmSearch }),
    async finish(create) {
      set({ submit: { status: 'submitting', message: null, fieldErrors: [] } });
      try {
        const job = await create(get().draft);
        set({ submit: { status: 'idle', message: null, fieldErrors: [] } });
        return job;
      } catch (e) {
        set({ submit: { status: 'error', message: errorMessage(e), fieldErrors: fieldErrors(e) } });
        return null;
      }
    },
  }));
}

export const JobWizardContext = createContext<StoreApi<JobWizardState> | null>(null);

export function useJobWizard<T>(selector: (s: JobWizardState) => T): T {
  const store = useContext(JobWizardContext);
  if (!store) throw new Error('useJobWizard outside JobWizardContext');
  return useStore(store, selector);
}
