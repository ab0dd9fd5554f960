// Per-wizard state (a vanilla store per open dialog, so every run starts fresh).
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { ReadinessCheck } from '../../../src-shared/domain';
import { getClient } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { defaultDescription } from './validation';

export const PROXY_STEPS = [
  { id: 'server', label: 'Server' },
  { id: 'readiness', label: 'Readiness' },
  { id: 'tasks', label: 'Max concurrent tasks' },
  { id: 'review', label: 'Review' },
  { id: 'apply', label: 'Apply' },
  { id: 'summary', label: 'Summary' },
] as const;
export type ProxyStep = (typeof PROXY_STEPS)[number]['id'];

export interface ReadinessState {
  serverId: string;
  status: 'loading' | 'ready' | 'error';
  rows: ReadinessCheck[];
  error: string | null;
}

export interface ApplyState {
  status: 'idle' | 'starting' | 'started' | 'error';
  taskId: string | null;
  error: string | null;
}

export interface ProxyWizardState {
  step: ProxyStep;
  serverId: string | null;
  description: string;
  maxTasks: number | null;
  /** once the admin edits max tasks we stop replacing it with the per-server suggestion */
  maxTasksEdited: boolean;
  readiness: ReadinessState | null;
  apply: ApplyState;
  goTo(step: ProxyStep): void;
  chooseServer(serverId: string, suggestedTasks: number): void;
  setDescription(text: string): void;
  setMaxTasks(value: number | null): void;
  runReadiness(): Promise<void>;
  startApply(): Promise<boolean>;
}

export function createProxyWizardStore(): StoreApi<ProxyWizardState> {
  let checkGeneration = 0;
  return createStore<ProxyWizardState>()((set, get) => ({
    step: 'server',
    serverId: null,
    description: defaultDescription(),
    maxTasks: 4,
    maxTasksEdited: false,
    readiness: null,
    apply: { status: 'idle', taskId: null, error: null },
    goTo: (step) => set({ step }),
    chooseServer(serverId, suggestedTasks) {
      if (serverId === get().serverId) return;
      set({ serverId, ...(get().maxTasksEdited ? {} : { maxTasks: suggestedTasks }) });
    },
    setDescription: (description) => set({ description }),
    setMaxTasks: (maxTasks) => set({ maxTasks, maxTasksEdited: true }),
    async runReadiness() {
      const serverId = get().serverId;
      if (!serverId) return;
      const mine = ++checkGeneration;
      set({ readiness: { serverId, status: 'loading', rows: [], error: null } });
      try {
        const rows = await getClient().call('proxies.check', { serverId });
        if (mine === checkGeneration) set({ readiness: { serverId, status: 'ready', rows, error: null } });
      } catch (e) {
        if (mine === checkGeneration) set({ readiness: { serverId, status: 'error', rows: [], error: errorMessage(e) } });
      }
    },
    async startApply() {
      const { serverId, description, maxTasks } = get();
      if (!serverId || maxTasks === null) return false;
      set({ apply: { status: 'starting', taskId: null, error: null } });
      try {
        const { taskId } = await getClient().call('proxies.create', { serverId, description, maxTasks });
        set({ apply: { status: 'started', taskId, error: null } });
        return true;
      } catch (e) {
        set({ apply: { status: 'error', taskId: null, error: errorMessage(e) } });
        return false;
      }
    },
  }));
}

export const ProxyWizardContext = createContext<StoreApi<ProxyWizardState> | null>(null);

export function useProxyWizard<T>(selector: (s: ProxyWizardState) => T): T {
  const store = useContext(ProxyWizardContext);
  if (!store) throw new Error('useProxyWizard outside ProxyWizardContext');
  return useStore(store, selector);
}
