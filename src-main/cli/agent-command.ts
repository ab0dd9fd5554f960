// `ferry agent`: runs the data mover as a TLS service on a proxy (the lab starts one per proxy) until it is stopped.
import { readFile } from 'node:fs/promises';
import { startAgent } from '../hosts/agent/start';
import { requireString } from './args';
import type { Command } from './command';

export const agentCommand: Command = {
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
    const need = (k: string) => requireString(`--${k}`, values[k]);
    const serverId = need('server-id');
    const [certPem, keyPem, token] = await Promise.all([readFile(need('cert'), 'utf8'), readFile(need('key'), 'utf8'), readFile(need('token-file'), 'utf8')]);
    const agent = await startAgent({
      serverId,
      certPem,
      keyPem,
      token: token.trim(),
      port: typeof values.port === 'string' ? Number(values.port) : 6170,
      bind: typeof values.bind === 'string' ? values.bind : '127.0.0.1',
      labFaultsFile: typeof values['lab-faults'] === 'string' ? values['lab-faults'] : undefined,
      log: (t) => io.err(`agent ${serverId}: ${t}`),
    });
    io.out(`FERRY_AGENT_READY port=${agent.port} version=${agent.version}`);
    await new Promise<void>((resolve) => {
      process.once('SIGTERM', resolve);
      process.once('SIGINT', resolve);
      if (values['exit-with-parent']) {
        process.stdin.resume();
        process.stdin.once('end', resolve);
        process.stdin.once('close', resolve);
      }
    });
    await agent.close();
    process.exit(0);
  },
};
