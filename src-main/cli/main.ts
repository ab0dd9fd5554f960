// The bundled CLI (out/main/cli-main.js), started by out/main/cli.js (launcher.ts) once this Node has node:sqlite.
import { runCli } from './cli';
import { readPipedSecret, readSecret } from './secret-input';

// `ferry … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
});

// Started by a launcher (bin/ferry.cjs, out/main/cli.js under an older Node): its IPC channel is our lifeline. When the
// launcher is gone (even killed with SIGKILL), stop as on SIGTERM: running sessions end, snapshots are released.
if (process.channel) {
  process.channel.unref(); // the lifeline never keeps this process alive by itself
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

const tty = process.stderr.isTTY ? { columns: process.stderr.columns, write: (s: string) => void process.stderr.write(s) } : undefined;

const readStdinSecret = () => readSecret(process.stdin, (t) => void process.stderr.write(t));

runCli(process.argv.slice(2), { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), tty, readSecret: readStdinSecret, readStdin: () => readPipedSecret(process.stdin) }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ferry: E_INTERNAL: ${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  },
);
