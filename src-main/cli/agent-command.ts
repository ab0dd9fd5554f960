// `ferry agent`: runs the data mover as a TLS service on a proxy (the lab starts one per proxy).
import { readFile } from 'node:fs/promises';
import { startAgentServer } from '../hosts/agent/agent-server';
import { InProcessDataMover } from '../engine/datamover/in-process-mover';
import { RepoPool } from '../engine/repository/repo-pool';
import { LabFaults, labMoverHooks } from '../engine/platform/lab/faults';
import { VERSION } from './paths';
import type { Command } from './cli';
import { UsageError } from './usage';

export const agentCommandSpec: Command = {
  usage: 'ferry agent --server-id ID --cert FILE --key FILE --token-file FILE [--port N] [--bind ADDR] [--exit-with-parent]',
  summary: 'Run the Ferry data mover agent on an off-host proxy (TLS, pinned certificate, pairing token)',
  options: {
    'server-id': { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    'token-file': { type: 'string' },
    port: { type: 'string' },
    bind: { type: 'string' },
    'exit-with-parent': { type: 'boolean' },
    // Lab only: the simulated proxy's data-path faults (read error, repository write failure).
    'lab-faults': { type: 'string' },
  },
  async run({ values }, io) {
    const need = (k: string) => {
      const v = values[k];
      if (typeof v !== 'string' || !v) throw new UsageError(`--${k} is required`);
      return v;
    };
    const serverId = need('server-id');
    const [certPem, keyPem, token] = await Promise.all([readFile(need('cert'), 'utf8'), readFile(need('key'), 'utf8'), readFile(need('token-file'), 'utf8')]);
    const port = typeof values.port === 'string' ? Number(values.port) : 6170;
    const repos = new RepoPool();
    const server = await startAgentServer({
      serverId,
      version: VERSION,
      certPem,
      keyPem,
      token: token.trim(),
      mover: new InProcessDataMover(repos, typeof values['lab-faults'] === 'string' ? labMoverHooks(new LabFaults(values['lab-faults'])) : {}),
      port,
      bind: typeof values.bind === 'string' ? values.bind : '127.0.0.1',
      // The repository has one writer at a time: hand the lock back as soon as this agent is idle.
      onIdle: () => repos.closeAll(),
      log: (t) => io.err(`agent ${serverId}: ${t}`),
    });
    io.out(`FERRY_AGENT_READY port=${server.port} version=${VERSION}`);
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
      if (values['exit-with-parent']) {
        process.stdin.resume();
        process.stdin.once('end', resolve);
        process.stdin.once('close', resolve);
      }
    });
    await server.close();
    await repos.closeAll();
    process.exit(0);
  },
};
