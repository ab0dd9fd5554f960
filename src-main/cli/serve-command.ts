// `ferry serve`: the console as a web host on 127.0.0.1 until Ctrl-C or SIGTERM, which stop the engine in order
// (stop-signals.ts). It owns the data folder: other ferry commands on it send their requests here.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PLATFORM_KINDS, type PlatformKind } from '../engine/platform/create-platform';
import { startWebConsole } from '../hosts/web/start';
import { loadOrCreateServiceCert } from '../hosts/tls/service-cert';
import { startTlsListener, type TlsListener } from '../hosts/tls/tls-listener';
import { dataDirOf, dataOpt, parseIntArg } from './args';
import { UsageError, type CliIo, type Command } from './command';
import { StopSignals } from './stop-signals';

export const serveCommand: Command = {
  usage: 'ferry serve [--data DIR] [--port N] [--listen ADDR:PORT] [--step-delay MS] [--platform lab|windows] [--agent-package DIR]',
  summary: 'Run the console as a web host on 127.0.0.1 and print its URL with the access token',
  options: { ...dataOpt, port: { type: 'string' }, listen: { type: 'string' }, 'step-delay': { type: 'string' }, platform: { type: 'string' }, 'agent-package': { type: 'string' } },
  async run({ values }, io) {
    const port = values.port === undefined ? 0 : parseIntArg('--port', values.port, 0, 65535);
    const delay = values['step-delay'] === undefined ? 400 : parseIntArg('--step-delay', values['step-delay'], 0, 60_000);
    // default: the platform the data folder was used with, else the lab
    const platform = values.platform === undefined ? undefined : parsePlatformArg(values.platform);
    // windows: the agent package proxies get (npm run dist:agent); else platform.json's, else this checkout's release/agent
    const agentPackageDir = values['agent-package'] === undefined ? undefined : parseAgentPackageArg(values['agent-package']);
    const listen = values.listen === undefined ? null : parseListenArg(values.listen);
    const dataDir = dataDirOf(values);
    // listening from the start: a signal during start-up stops it as soon as it is up
    const signals = new StopSignals(io);
    try {
      const web = await startWebConsole({ dataDir, port, labStepDelayMs: delay, platform, agentPackageDir, onStartupLog: (t) => io.out(t) });
      io.out(`Data folder: ${dataDir}`);
      io.out(`Platform: ${web.service.engine.platformKind}`);
      io.out(`Ferry console (web host) ready: ${web.host.url}`);
      const tls = listen ? await listenTls(web.service, dataDir, listen, io) : null;
      const stop = await signals.requested;
      await tls?.close();
      await web.close(stop);
      io.out('Ferry console stopped: sessions ended, snapshots released, data folder given back');
      return 0;
    } finally {
      signals.dispose();
    }
  },
};

/** `--listen ADDR:PORT` (IPv6 in brackets: [::]:8443). */
function parseListenArg(v: unknown): { host: string; port: number } {
  const m = typeof v === 'string' ? /^(?:\[([0-9a-fA-F:.]+)\]|([^:\s]+)):(\d{1,5})$/.exec(v) : null;
  if (!m) throw new UsageError('--listen must be ADDR:PORT, e.g. 0.0.0.0:8443 or [::]:8443');
  return { host: m[1] ?? m[2], port: parseIntArg('--listen port', m[3], 0, 65535) };
}

/** The same contract over TLS for consoles elsewhere: accounts required, the certificate's fingerprint to pin. */
async function listenTls(service: Parameters<typeof startTlsListener>[0], dataDir: string, at: { host: string; port: number }, io: CliIo): Promise<TlsListener> {
  const cert = await loadOrCreateServiceCert(dataDir);
  const tls = await startTlsListener(service, cert, at.host, at.port);
  io.out(`Ferry service (TLS) listening on ${at.host}:${tls.port}${cert.created ? ' with a certificate generated now' : ''}`);
  io.out(`Certificate SHA-256 fingerprint: ${tls.fingerprint256}`);
  if (service.accounts.list().length === 0) io.out('No accounts yet: nobody can log in over TLS. Add one with: ferry user add NAME --role Administrator');
  return tls;
}

function parsePlatformArg(v: unknown): PlatformKind {
  const kind = PLATFORM_KINDS.find((k) => k === v);
  if (!kind) throw new UsageError(`--platform must be one of ${PLATFORM_KINDS.join(', ')}`);
  return kind;
}

/** A folder `npm run dist:agent` wrote: it holds install-agent.ps1 and app/cli.js. */
function parseAgentPackageArg(v: unknown): string {
  if (typeof v !== 'string' || v.length === 0) throw new UsageError('--agent-package needs a folder');
  const dir = resolve(v);
  if (!existsSync(join(dir, 'install-agent.ps1')) || !existsSync(join(dir, 'app', 'cli.js'))) {
    throw new UsageError(`--agent-package ${dir} is not a Ferry agent package (no install-agent.ps1 and app/cli.js); build one with npm run dist:agent`);
  }
  return dir;
}
