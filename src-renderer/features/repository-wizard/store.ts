// Per-wizard state of "Add backup repository" (a fresh vanilla store per opened dialog).
import { createStore, type StoreApi } from 'zustand';
import type { Repository } from '../../../src-shared/domain';
import { getClient } from '../../backend/client';
import { IDLE_SUBMIT, runSubmit, type SubmitState } from '../../components/wizard/submit';
import { createWizardContext } from '../../components/wizard/wizardContext';

export const REPOSITORY_STEPS = [
  { id: 'name', label: 'Name' },
  { id: 'folder', label: 'Folder' },
  { id: 'review', label: 'Review' },
  { id: 'summary', label: 'Summary' },
] as const;
export type RepositoryStep = (typeof REPOSITORY_STEPS)[number]['id'];

export interface RepositoryWizardState {
  step: RepositoryStep;
  name: string;
  path: string;
  /** until the admin types a path we keep suggesting one from the name */
  pathEdited: boolean;
  showErrors: boolean;
  submit: SubmitState;
  created: Repository | null;
  goTo(step: RepositoryStep): void;
  setName(name: string, suggestion: string): void;
  setPath(path: string): void;
  setShowErrors(show: boolean): void;
  create(): Promise<Repository | null>;
}

export function createRepositoryWizardStore(): StoreApi<RepositoryWizardState> {
  return createStore<RepositoryWizardState>()((set, get) => ({
    step: 'name',
    name: '',
    path: '',
    pathEdited: false,
    showErrors: false,
    submit: IDLE_SUBMIT,
    created: null,
    goTo: (step) => set({ step, showErrors: false }),
    setName: (name, suggestion) => set(get().pathEdited ? { name } : { name, path: suggestion }),
    setPath: (path) => set({ path, pathEdited: true }),
    setShowErrors: (showErrors) => set({ showErrors }),
    async create() {
      const { name, path } = get();
      const repo = await runSubmit(
        (submit) => set({ submit }),
        () => getClient().call('repositories.create', { name: name.trim(), path: path.trim() }),
      );
      if (repo) set({ created: repo, step: 'summary' });
      return repo;
    },
  }));
}

export const { Context: RepositoryWizardContext, useWizard: useRepositoryWizard } =
  createWizardContext<RepositoryWizardState>('useRepositoryWizard');
