// `npm start`: the Electron console when an Electron binary is installed, otherwise the web host.
// Electron 45 downloads its binary on first run, which fails offline — so we look for it instead of asking.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { appRoot } from './app-paths';
import { runCli } from './cli/cli';

function electronBinary(): string | null {
  const dir = join(appRoot(), 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const bin = join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const args = process.argv.slice(2);
const bin = process.env.FERRY_NO_ELECTRON ? null : electronBinary();
if (bin) {
  console.log(`Starting the Ferry console in Electron (${bin})`);
  const child = spawn(bin, [join(appRoot(), 'out', 'main', 'electron.cjs'), ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('No Electron binary is installed on this machine (node_modules/electron/dist is empty): starting the web host instead.');
  const dataIdx = args.indexOf('--data');
  const port = process.env.PORT ?? '0';
  void runCli(['serve', '--port', port, ...(dataIdx >= 0 ? ['--data', args[dataIdx + 1]] : [])], {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
  }).then((code) => {
    process.exitCode = code;
  });
}
