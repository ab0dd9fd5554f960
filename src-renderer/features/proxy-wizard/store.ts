// Per-wizard state (a vanilla store per open dialog, so every run starts fresh). The same store drives
// "Add" (ends with an install task) and "Edit" (ends with proxies.update; nothing is installed).
import { createStore, type StoreApi } from 'zustand';
import type { ConnectedVolumes, Proxy, ReadinessCheck, Weekday } from '../../../src-shared/domain';
import { getClient } from '../../backend/client';
import { errorMessage } from '../../backend/errors';
import { IDLE_APPLY, runApply, type ApplyState } from '../../components/wizard/useApplyTask';
import { createWizardContext } from '../../components/wizard/wizardContext';
import { sortDays } from '../../lib/weekdays';
import { defaultDescription, settingsOf, toDraft, toPatch, type ProxySettings, type ThrottleScope } from './validation';

/** Business hours: what a throttle window is for, nearly always. */
const DEFAULT_WINDOW = { days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] as Weekday[], start: '08:00', end: '18:00' };

const ALL_STEPS = [
  { id: 'server', label: 'Server' },
  { id: 'readiness', label: 'Readiness' },
  { id: 'volumes', label: 'Connected volumes' },
  { id: 'tasks', label: 'Max concurrent tasks' },
  { id: 'traffic', label: 'Traffic rules' },
  { id: 'review', label: 'Review' },
  { id: 'apply', label: 'Apply' },
  { id: 'summary', label: 'Summary' },
] as const;
export type ProxyStep = (typeof ALL_STEPS)[number]['id'];
export type ProxyWizardMode = 'create' | 'edit';

/** Editing installs nothing, so it has no Apply step: Review saves and shows the Summary. */
export function proxySteps(mode: ProxyWizardMode): { id: ProxyStep; label: string }[] {
  return ALL_STEPS.filter((s) => mode === 'create' || s.id !== 'apply');
}

export interface ReadinessState {
  serverId: string;
  status: 'loading' | 'ready' | 'error';
  rows: ReadinessCheck[];
  error: string | null;
}

export interface ProxyWizardState {
  mode: ProxyWizardMode;
  /** the proxy being edited; null when adding */
  original: Proxy | null;
  step: ProxyStep;
  serverId: string | null;
  description: string;
  maxTasks: number | null;
  /** once the admin edits max tasks we stop replacing it with the per-server suggestion */
  maxTasksEdited: boolean;
  volumesMode: ConnectedVolumes['mode'];
  chosenVolumeIds: string[];
  throttleEnabled: boolean;
  throttleMBps: number | null;
  /** the limit applies always, or only inside the window below */
  throttleScope: ThrottleScope;
  windowDays: Weekday[];
  windowStart: string;
  windowEnd: string;
  /** edit only: a disabled proxy is skipped by automatic selection */
  enabled: boolean;
  readiness: ReadinessState | null;
  /** the install task (create), or the saved changes (edit) */
  apply: ApplyState;
  goTo(step: ProxyStep): void;
  chooseServer(serverId: string, suggestedTasks: number): void;
  setDescription(text: string): void;
  setMaxTasks(value: number | null): void;
  setVolumesMode(mode: ConnectedVolumes['mode']): void;
  toggleVolume(volumeId: string, chosen: boolean): void;
  setThrottle(enabled: boolean, mbps: number | null): void;
  setThrottleWindow(patch: Partial<Pick<ProxyWizardState, 'throttleScope' | 'windowDays' | 'windowStart' | 'windowEnd'>>): void;
  setEnabled(enabled: boolean): void;
  runReadiness(): Promise<void>;
  /** create: starts the install task; edit: saves the changes. Resolves true when it went through. */
  startApply(): Promise<boolean>;
}

/** The settings as the wizard holds them now; null while a field is not a valid number yet. */
export function currentSettings(w: ProxyWizardState): ProxySettings | null {
  if (w.maxTasks === null) return null;
  if (w.throttleEnabled && w.throttleMBps === null) return null;
  const windowed = w.throttleEnabled && w.throttleScope === 'window';
  return {
    description: w.description,
    maxTasks: w.maxTasks,
    throttleMBps: w.throttleEnabled ? (w.throttleMBps ?? 0) : 0,
    throttleWindow: windowed ? { days: sortDays(w.windowDays), start: w.windowStart, end: w.windowEnd } : null,
    connectedVolumes: w.volumesMode === 'automatic' ? { mode: 'automatic' } : { mode: 'chosen', volumeIds: w.chosenVolumeIds },
    enabled: w.enabled,
  };
}

export function createProxyWizardStore(original: Proxy | null = null): StoreApi<ProxyWizardState> {
  let checkGeneration = 0;
  const start = original ? settingsOf(original) : null;
  return createStore<ProxyWizardState>()((set, get) => ({
    mode: original ? 'edit' : 'create',
    original,
    step: 'server',
    serverId: original?.serverId ?? null,
    description: start?.description ?? defaultDescription(),
    maxTasks: start?.maxTasks ?? 4,
    maxTasksEdited: original !== null,
    volumesMode: start?.connectedVolumes.mode ?? 'automatic',
    chosenVolumeIds: start?.connectedVolumes.mode === 'chosen' ? [...start.connectedVolumes.volumeIds] : [],
    throttleEnabled: (start?.throttleMBps ?? 0) > 0,
    throttleMBps: start && start.throttleMBps > 0 ? start.throttleMBps : 100,
    throttleScope: start?.throttleWindow ? 'window' : 'always',
    windowDays: [...(start?.throttleWindow ?? DEFAULT_WINDOW).days],
    windowStart: (start?.throttleWindow ?? DEFAULT_WINDOW).start,
    windowEnd: (start?.throttleWindow ?? DEFAULT_WINDOW).end,
    enabled: start?.enabled ?? true,
    readiness: null,
    apply: IDLE_APPLY,
    goTo: (step) => set({ step }),
    chooseServer(serverId, suggestedTasks) {
      if (serverId === get().serverId) return;
      // Volumes chosen for another server mean nothing for this one.
      set({ serverId, chosenVolumeIds: [], ...(get().maxTasksEdited ? {} : { maxTasks: suggestedTasks }) });
    },
    setDescription: (description) => set({ description }),
    setMaxTasks: (maxTasks) => set({ maxTasks, maxTasksEdited: true }),
    setVolumesMode: (volumesMode) => set({ volumesMode }),
    toggleVolume(volumeId, chosen) {
      const rest = get().chosenVolumeIds.filter((id) => id !== volumeId);
      set({ chosenVolumeIds: chosen ? [...rest, volumeId] : rest });
    },
    setThrottle: (throttleEnabled, throttleMBps) => set({ throttleEnabled, throttleMBps }),
    setThrottleWindow: (patch) => set(patch),
    setEnabled: (enabled) => set({ enabled }),
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
    startApply() {
      const { serverId, original } = get();
      const settings = currentSettings(get());
      if (!serverId || !settings) return Promise.resolve(false);
      return runApply(
        (apply) => set({ apply }),
        async () => {
          if (!original) return (await getClient().call('proxies.create', toDraft(serverId, settings))).taskId;
          const patch = toPatch(original, settings);
          if (patch) await getClient().call('proxies.update', patch);
          return null; // saved: nothing is installed
        },
      );
    },
  }));
}

export const { Context: ProxyWizardContext, useWizard: useProxyWizard } = createWizardContext<ProxyWizardState>('useProxyWizard');
