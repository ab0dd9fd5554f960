// The web host's composition root: a service on the data folder (scheduler on, lab agents as child processes of
// the bundled CLI) behind the WebSocket host that also serves the built renderer. `ferry serve` and `npm start`
// (without Electron) come here.
import { agentCommand, defaultAgentPackageDir, rendererDir, VERSION } from '../../app-paths';
import type { EngineStop, PlatformKind } from '../../engine/facade/engine';
import { createService, type Service } from '../../service/service';
import { startWebHost, type WebHost } from './web-host';

export interface WebConsoleOptions {
  dataDir: string;
  /** 0: any free port */
  port: number;
  /** pause per lab step so people can watch the lifecycle (ms) */
  labStepDelayMs: number;
  /** default: the platform the data folder was used with, else the lab */
  platform?: PlatformKind;
  /** windows: the agent package proxies get; else platform.json's, else this checkout's release/agent */
  agentPackageDir?: string;
  /** start-up messages (lab created, leftovers cleaned), and errors the web host survived */
  onStartupLog(text: string): void;
  /** what it is called when another process finds the data folder taken (default "ferry serve") */
  command?: string;
}

export interface WebConsole {
  service: Service;
  host: WebHost;
  /** Stops the web host, then the engine (running sessions: graceful for stop.graceMs, then immediate). */
  close(stop?: EngineStop): Promise<void>;
}

export async function startWebConsole(opts: WebConsoleOptions): Promise<WebConsole> {
  const service = await createService({
    dataDir: opts.dataDir,
    host: { host: 'web', version: VERSION },
    labStepDelayMs: opts.labStepDelayMs,
    agentCommand: agentCommand(),
    platform: opts.platform,
    agentPackageDir: opts.agentPackageDir,
    defaultAgentPackageDir: defaultAgentPackageDir(),
    onStartupLog: (_l, t) => opts.onStartupLog(t),
    command: opts.command ?? 'ferry serve',
  });
  let host: WebHost;
  try {
    host = await startWebHost({ service, staticDir: rendererDir(), port: opts.port, onError: (e) => opts.onStartupLog(`web host: ${e instanceof Error ? e.message : String(e)}`) });
  } catch (e) {
    await service.close(); // a port in use: the data folder is given back
    throw e;
  }
  // Other ferry commands on this data folder send their requests here instead of opening it themselves.
  service.engine.publishEndpoint({ url: `http://127.0.0.1:${host.port}`, token: host.token });
  return {
    service,
    host,
    async close(stop) {
      // sessions stop first, while consoles still see them end; then no more connections; then the engine closes
      await service.engine.orchestrator.stopAll(stop);
      await host.close();
      await service.close();
    },
  };
}
