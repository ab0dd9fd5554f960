// The API service: one engine, one hub, one dispatcher; transports open connections on it.
import type { ServerFrame } from '../../src-shared/contract/protocol';
import type { ServerConnection } from '../../src-shared/contract/memory-transport';
import { createEngine, dataFolderBusy, type AgentCommand, type Engine, type EngineAccess, type EngineStop, type PlatformKind, type SecretStore } from '../engine/facade/engine';
import { Dispatcher } from './dispatcher';
import { createHandlers, type HostInfo } from './handlers';
import { EventHub } from './hub';
import { openConnection } from './connection';
import { readOnlyHandlers } from './read-only';
import { Accounts, type LoginPolicy } from './accounts/accounts';
import { auditRecorder } from './accounts/audit';

export interface Service {
  readonly engine: Engine;
  readonly hub: EventHub;
  readonly dispatcher: Dispatcher;
  readonly accounts: Accounts;
  /** the local console (Electron, the embedded web console, the CLI): an implicit Administrator */
  connect(send: (f: ServerFrame) => void): ServerConnection;
  /** a connection from elsewhere (the TLS listener): nothing but auth.login/auth.resume until it logs in */
  connectRemote(send: (f: ServerFrame) => void): ServerConnection;
  /** Stops running sessions (graceful for stop.graceMs, then immediate), closes the engine, gives the folder back. */
  close(stop?: EngineStop): Promise<void>;
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
  /** 'owner' (default): take the data folder (E_ENGINE_BUSY if another engine has it), recover, run sessions.
   *  'read-only': look at a folder without taking it: no recovery, no scheduler, only the contract's queries. */
  access?: EngineAccess;
  /** what this host is to people who find the folder taken, e.g. "ferry serve", "ferry job run" */
  command?: string;
  /** failed-login slowing and lockout, token lifetime (tests shorten them) */
  loginPolicy?: LoginPolicy;
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
    access: opts.access,
    role: opts.host.host,
    command: opts.command,
    onLog: opts.onStartupLog,
  });
  if (engine.access === 'read-only') return readOnlyService(engine, hub, opts);
  const say = opts.onStartupLog ?? (() => undefined);
  if (engine.labCreatedNow) {
    say('info', `Created a fresh lab in ${opts.dataDir}: 2 standalone Hyper-V hosts, cluster CLU01 with 3 nodes and 2 CSVs, 8 VMs; the workgroup servers HV03 (1 VM) and PROXY04 are there to add as managed servers (lab accounts: README, "Lab accounts")`);
  }
  // Crash recovery before anything new can start.
  await engine.orchestrator.recover(say);
  await engine.restore.recover(say);
  if (opts.scheduler !== false) {
    engine.orchestrator.startScheduler();
    // history retention and the daily summary; queued notifications (also those a crash left) go out from now on
    engine.housekeeping.start();
    engine.notifications.start();
  }
  const accounts = new Accounts(engine.store.users, opts.loginPolicy);
  const dispatcher = new Dispatcher(createHandlers(engine, hub, opts.host, accounts), (c) => accounts.current(c), auditRecorder(engine.store.audit));
  return {
    engine,
    hub,
    dispatcher,
    accounts,
    connect: (send) => openConnection(dispatcher, hub, send),
    connectRemote: (send) => openConnection(dispatcher, hub, send, null),
    async close(stop) {
      hub.flush();
      await engine.close(stop);
    },
  };
}

/** Start-up recovery and schedules belong to the engine that owns the folder: a read-only service only answers queries. */
function readOnlyService(engine: Engine, hub: EventHub, opts: ServiceOptions): Service {
  const accounts = new Accounts(engine.store.users, opts.loginPolicy);
  const dispatcher = new Dispatcher(
    readOnlyHandlers(createHandlers(engine, hub, opts.host, accounts), (method) => dataFolderBusy(opts.dataDir, `${method} must go through it`)),
    (c) => accounts.current(c),
  );
  return {
    engine,
    hub,
    dispatcher,
    accounts,
    connect: (send) => openConnection(dispatcher, hub, send),
    connectRemote: (send) => openConnection(dispatcher, hub, send, null),
    async close() {
      await engine.close();
    },
  };
}
