// Per-wizard state of "Add server" (a vanilla store per open dialog, so every run starts fresh).
import { createStore, type StoreApi } from 'zustand';
import { HostVssSettings, type ManagedServerKind } from '../../../src-shared/domain';
import { getClient } from '../../backend/client';
import { errorCode, errorMessage } from '../../backend/errors';
import { IDLE_APPLY, runApply, type ApplyState } from '../../components/wizard/useApplyTask';
import { createWizardContext } from '../../components/wizard/wizardContext';
import { isHyperV } from '../../store/slices/servers/selectors';
import { credentialIdOf, type CredentialChoice } from '../credentials/CredentialPicker';
import type { VssForm } from '../servers/VssSettingsFields';
import { toServerDraft, type ProbeState } from './validation';

const ALL_STEPS = [
  { id: 'type', label: 'Type' },
  { id: 'name', label: 'Name' },
  { id: 'credentials', label: 'Credentials' },
  { id: 'discovery', label: 'Discovery' },
  { id: 'vss', label: 'VSS settings' },
  { id: 'review', label: 'Review' },
  { id: 'apply', label: 'Apply' },
  { id: 'summary', label: 'Summary' },
] as const;
export type ServerStep = (typeof ALL_STEPS)[number]['id'];

/** A plain Windows server takes no VM snapshots, so it has no VSS settings step. */
export function serverSteps(kind: ManagedServerKind | null): { id: ServerStep; label: string }[] {
  return ALL_STEPS.filter((s) => s.id !== 'vss' || kind === null || isHyperV(kind));
}

export interface ServerWizardState {
  step: ServerStep;
  kind: ManagedServerKind | null;
  name: string;
  description: string;
  credential: CredentialChoice;
  vss: VssForm;
  probe: ProbeState | null;
  /** the servers.add task */
  apply: ApplyState;
  goTo(step: ServerStep): void;
  setKind(kind: ManagedServerKind): void;
  setName(name: string): void;
  setDescription(description: string): void;
  chooseCredential(choice: CredentialChoice): void;
  setVss(vss: VssForm): void;
  /** Connects with the chosen account and reports what the server is; changes nothing on it. */
  runProbe(): Promise<void>;
  /** Starts servers.add; resolves true when the task started. */
  startApply(): Promise<boolean>;
}

export function defaultServerDescription(now = new Date()): string {
  return `Added by the Ferry console on ${now.toLocaleDateString()}`;
}

export function createServerWizardStore(presetKind: ManagedServerKind | null = null): StoreApi<ServerWizardState> {
  let probeGeneration = 0;
  return createStore<ServerWizardState>()((set, get) => ({
    step: 'type',
    kind: presetKind,
    name: '',
    description: defaultServerDescription(),
    credential: null,
    // the contract's defaults, so a new server starts where the host would put it
    vss: HostVssSettings.parse({}),
    probe: null,
    apply: IDLE_APPLY,
    goTo: (step) => set({ step }),
    setKind: (kind) => set({ kind }),
    setName: (name) => set({ name }),
    setDescription: (description) => set({ description }),
    chooseCredential: (credential) => set({ credential }),
    setVss: (vss) => set({ vss }),
    async runProbe() {
      const { name, credential } = get();
      const probed = { name: name.trim(), credentialId: credentialIdOf(credential) };
      const mine = ++probeGeneration;
      set({ probe: { ...probed, status: 'loading', result: null, error: null } });
      try {
        const result = await getClient().call('servers.probe', probed);
        if (mine === probeGeneration) set({ probe: { ...probed, status: 'done', result, error: null } });
      } catch (e) {
        if (mine === probeGeneration) {
          set({ probe: { ...probed, status: 'error', result: null, error: { code: errorCode(e) ?? 'E_INTERNAL', message: errorMessage(e) } } });
        }
      }
    },
    startApply() {
      const { kind, name, description, credential, vss } = get();
      if (!kind) return Promise.resolve(false);
      return runApply(
        (apply) => set({ apply }),
        async () => {
          // Built inside the request: a draft the contract's schema refuses is shown like the host's refusal.
          const draft = toServerDraft({ kind, name, description, choice: credential, vss });
          return (await getClient().call('servers.add', draft)).taskId;
        },
      );
    },
  }));
}

export const { Context: ServerWizardContext, useWizard: useServerWizard } = createWizardContext<ServerWizardState>('useServerWizard');
