// The API service: one engine, one hub, one dispatcher; transports open connections on it.
import type { ServerFrame } from '../../src-shared/contract/protocol';
import type { ServerConnection } from '../../src-shared/contract/memory-transport';
import { createEngine, type AgentCommand, type Engine, type PlatformKind, type SecretStore } from '../engine/facade/engine';
import { Dispatcher } from './dispatcher';
import { createHandlers, type HostInfo } from './handlers';
import { EventHub } from './hub';
import { openConnection } from './connection';

export interface Service {
  readonly engine: Engine;
  readonly hub: EventHub;
  readonly dispatcher: Dispatcher;
  connect(send: (f: ServerFrame) => void): ServerConnection;
  close(): Promise<void>;
}

export interface ServiceOptions {
  dataDir: string;
  host: HostInfo;
  labStepDelayMs?: number;
  /** how to start `ferry agent` for lab proxies (null: data moves in-process) */
  agentCommand?: AgentCommand;
  /** where secrets (agent tokens, credentials) live; default: owner-only files in the data folder */
  secrets?: SecretStore;
  /** run job schedules (default true; the one-shot CLI commands turn it off) */
  scheduler?: boolean;
  /** start-up messages: lab created, leftovers cleaned */
  onStartupLog?: (level: 'info' | 'warning' | 'error', text: string) => void;
  /** default: the data folder's platform, else 'lab'; 'windows' reads <dataDir>/platform.json (Windows only) */
  platform?: PlatformKind;
  /** windows: the agent package folder the user named (wins over platform.json's "agentPackage") */
  agentPackageDir?: string;
  /** windows: the host's own agent package folder, used when nothing names one */
  defaultAgentPackageDir?: string;
}

export async function createService(opts: ServiceOptions): Promise<Service> {
  const hub = new EventHub();
  const engine = await createEngine({
    dataDir: opts.dataDir,
    labStepDelayMs: opts.labStepDelayMs,
    sink: {
      state: (v) => hub.sessionState(v),
      ended: () => {
        for (const what of ['sessions', 'jobs', 'restorePoints', 'repositories'] as const) hub.changed(what);
      },
      log: (id, line) => hub.sessionLog(id, line),
    },
    onTask: (t) => hub.task(t),
    onChanged: (what) => hub.changed(what),
    version: opts.host.version,
    agentCommand: opts.agentCommand,
    secrets: opts.secrets,
    platform: opts.platform,
    agentPackageDir: opts.agentPackageDir,
    defaultAgentPackageDir: opts.defaultAgentPackageDir,
  });
  const say = opts.onStartupLog ?? (() => undefined);
  if (engine.labCreatedNow) {
    say('info', `Created a fresh lab in ${opts.dataDir}: 2 standalone Hyper-V hosts, cluster CLU01 with 3 nodes and 2 CSVs, 8 VMs; the workgroup servers HV03 (1 VM) and PROXY04 are there to add as managed servers (lab accounts: README, "Lab accounts")`);
  }
  // Crash recovery before anything new can start.
  await engine.orchestrator.recover(say);
  if (opts.scheduler !== false) engine.orchestrator.startScheduler();
  const dispatcher = new Dispatcher(createHandlers(engine, hub, opts.host));
  return {
    engine,
    hub,
    dispatcher,
    connect: (send) => openConnection(dispatcher, hub, send),
    async close() {
      hub.flush();
      await engine.close();
    },
  };
}
