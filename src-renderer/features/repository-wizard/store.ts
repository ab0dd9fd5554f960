// Per-wizard state of "Add backup repository" (a fresh vanilla store per opened dialog).
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { Repository } from '../../../src-shared/domain';
import { getClient } from '../../backend/client';
import { errorCode, errorMessage } from '../../backend/errors';

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
  submit: { status: 'idle' | 'submitting' | 'error'; code: string | null; message: string | null };
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
    submit: { status: 'idle', code: null, message: null },
    created: null,
    goTo: (step) => set({ step, showErrors: false }),
    setName: (name, suggestion) => set(get().pathEdited ? { name } : { name, path: suggestion }),
    setPath: (path) => set({ path, pathEdited: true }),
    setShowErrors: (showErrors) => set({ showErrors }),
    async create() {
      set({ submit: { status: 'submitting', code: null, message: null } });
      try {
        const repo = await getClient().call('repositories.create', { name: get().name.trim(), path: get().path.trim() });
        set({ created: repo, submit: { status: 'idle', code: null, message: null }, step: 'summary' });
        return repo;
      } catch (e) {
        set({ submit: { status: 'error', code: errorCode(e), message: errorMessage(e) } });
        return null;
      }
    },
  }));
}

export const RepositoryWizardContext = createContext<StoreApi<RepositoryWizardState> | null>(null);

export function useRepositoryWizard<T>(selector: (s: RepositoryWizardState) => T): T {
  const store = useContext(RepositoryWizardContext);
  if (!store) throw new Error('useRepositoryWizard outside RepositoryWizardContext');
  return useStore(store, selector);
}
