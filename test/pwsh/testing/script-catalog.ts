// Every PowerShell script Ferry generates or ships, produced by Ferry's real generator functions — once with
// ordinary parameters, once with hostile ones (quotes of every kind, $(...), ';', non-ASCII) — plus the golden
// files of both golden folders. The parse and 5.1 tests run over all of them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NamedScript } from './pwsh-session';
import { HOSTILE_NAME } from './hostile';
import {
  deployAgentPs,
  dpapiCodec,
  installAgentPs,
  listFerryRecordsPs,
  mountPointStatePs,
  powershellBootstrap,
  prepareHostSnapshotPs,
  prepareProxyPs,
  rctChangesPs,
  rctReferencePointsPs,
  rctRetirePs,
  readCabPs,
  readGateStatePs,
  remoteWrapperScript,
  removeWorkPs,
  serverFactsPs,
  signalGatePs,
  unprepareProxyPs,
  uninstallAgentPs,
  writeProxyCabPs,
  GOLDEN_DIRS,
  checkpointReplicaPs,
  failoverStartPs,
  mergeOldestCheckpointPs,
  permanentFailoverPs,
  registerReplicaPs,
  replicaFolderPs,
  shutDownVmPs,
  undoFailoverPs,
} from '../windows-scripts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const VM_A = '5e2b7c1a-3f4d-4e8a-9b0c-1d2e3f4a5b6c';
const VM_B = '6f3c8d2b-4a5e-4f9b-8c1d-2e3f4a5b6c7d';

/** The parameter values one variant of the catalog uses. */
interface Flavour {
  suffix: string;
  dir: string;
  name: string;
  server: string;
}

const ORDINARY: Flavour = { suffix: '', dir: 'C:\\ProgramData\\Ferry\\snapshots\\snap-0001', name: 'SRV-APP01', server: 'proxy01.contoso.local' };
const HOSTILE: Flavour = { suffix: '.hostile', dir: `C:\\Ferry Work\\${HOSTILE_NAME}`, name: HOSTILE_NAME, server: HOSTILE_NAME };

function generated(f: Flavour): NamedScript[] {
  const s = (name: string, text: string): NamedScript => ({ name: `${name}${f.suffix}.ps1`, text });
  const record = JSON.stringify({ ferry: 1, role: 'host', vmName: f.name });
  return [
    s('prepare-host', prepareHostSnapshotPs({ dir: f.dir, gatePath: `${f.dir}\\gate.cmd`, gateText: '@echo off\r\nexit /b 0\r\n', recordPath: `${f.dir}\\snapshot.json`, recordJson: record })),
    s('read-gate-state', readGateStatePs({ createdPath: `${f.dir}\\created.txt` })),
    s('signal-release', signalGatePs({ dir: f.dir, flagPath: `${f.dir}\\release.flag`, flag: 'release' })),
    s('signal-abort', signalGatePs({ dir: f.dir, flagPath: `${f.dir}\\abort.flag`, flag: 'abort' })),
    s('read-cab', readCabPs({ cabPath: `${f.dir}\\snapshot.cab` })),
    s('write-proxy-cab', writeProxyCabPs({ dir: f.dir, cabPath: `${f.dir}\\snapshot.cab`, recordPath: `${f.dir}\\snapshot.json`, recordJson: record, base64: 'AAEC', sha256: 'ab'.repeat(32) })),
    s('mount-prepare', mountPointStatePs({ mountPoint: `${f.dir}\\mount\\`, create: true })),
    s('mount-probe', mountPointStatePs({ mountPoint: `${f.dir}\\mount\\`, create: false })),
    s('remove-work', removeWorkPs({ dir: f.dir })),
    s('remove-work.mount', removeWorkPs({ dir: f.dir, mountPoint: `${f.dir}\\mount\\` })),
    s('list-records', listFerryRecordsPs({ snapshotsRoot: f.dir })),
    s('prepare-proxy', prepareProxyPs({ workRoot: f.dir, markerJson: record })),
    s('unprepare-proxy', unprepareProxyPs({ workRoot: f.dir })),
    s('rct-reference-points.one', rctReferencePointsPs({ vmIds: [VM_A] })),
    s('rct-reference-points.two', rctReferencePointsPs({ vmIds: [VM_A, VM_B] })),
    s('rct-changes', rctChangesPs({ path: `${f.dir}\\${f.name}.vhdx`, rctId: `rctX:${f.name}`, virtualSize: 137438953472 })),
    s('rct-retire', rctRetirePs({ vmId: f.name, retire: [`rctX:${f.name}`], keep: [] })),
    s('rct-retire.keep', rctRetirePs({ vmId: VM_A, retire: ['rctX:1'], keep: ['rctX:2', `rctX:${f.name}`] })),
    s('deploy-agent.proxy', deployAgentPs({ server: f.server, winrm: { authentication: 'Kerberos', useSsl: true, port: 5986 }, packageDir: `${f.dir}\\agent`, pairingDir: `${f.dir}\\pairing`, remoteRoot: `${f.dir}\\agent-package`, version: '0.9.0', serverId: 'proxy01', agentPort: 6170 })),
    s('deploy-agent.local', deployAgentPs({ server: undefined, packageDir: `${f.dir}\\agent`, pairingDir: `${f.dir}\\pairing`, remoteRoot: `${f.dir}\\agent-package`, version: '0.9.0', serverId: 'proxy01', agentPort: 6170 })),
    s('uninstall-agent', uninstallAgentPs({ remoteRoot: `${f.dir}\\agent-package`, version: '0.9.0' })),
    s('remote-wrapper.powershell', remoteWrapperScript({ server: f.server, program: 'powershell', script: `'${f.name.replace(/'/g, "''")}'\n`, withCredential: true })),
    s('remote-wrapper.powershell.integrated', remoteWrapperScript({ server: f.server, program: 'powershell', script: "'x'\n", withCredential: false, authentication: 'Negotiate' })),
    s('remote-wrapper.diskshadow', remoteWrapperScript({ server: f.server, program: 'diskshadow', script: 'list shadows all\r\n', withCredential: false, authentication: 'Kerberos', useSsl: true, port: 5986 })),
    s('bootstrap', powershellBootstrap(serverFactsPs({ includeVms: true }))),
    s('replica-folder', replicaFolderPs({ folder: `${f.dir}\\${f.name}` })),
    s('replica-register', registerReplicaPs({ name: f.name, folder: `${f.dir}\\${f.name}`, generation: 2, memoryBytes: 2147483648, cpuCount: 2, disks: [`${f.dir}\\${f.name}.vhdx`], adapters: [{ name: f.name, targetSwitch: f.name }, { name: 'Second', targetSwitch: null }] })),
    s('replica-checkpoint', checkpointReplicaPs({ name: f.name, checkpointName: f.name })),
    s('replica-merge-oldest', mergeOldestCheckpointPs({ name: f.name, checkpointName: f.name })),
    s('replica-failover-start', failoverStartPs({ name: f.name, checkpointName: f.name })),
    s('replica-undo-failover', undoFailoverPs({ name: f.name, checkpointName: f.name })),
    s('replica-permanent', permanentFailoverPs({ name: f.name })),
    s('replica-shutdown-source', shutDownVmPs({ vmId: VM_A, timeoutSeconds: 300 })),
  ];
}

/** The DPAPI scripts of dpapi-codec.ts, captured through its injectable runner. */
function dpapiScripts(): NamedScript[] {
  const seen: NamedScript[] = [];
  const codec = dpapiCodec((script) => {
    seen.push({ name: `dpapi-${seen.length === 0 ? 'protect' : 'unprotect'}.ps1`, text: script });
    return Buffer.from('x').toString('base64');
  });
  codec.decode(codec.encode('secret'));
  return seen;
}

/** Everything Ferry generates, through its generators. */
export function generatedScripts(): NamedScript[] {
  return [
    ...generated(ORDINARY),
    ...generated(HOSTILE),
    { name: 'server-facts.host.ps1', text: serverFactsPs({ includeVms: true }) },
    { name: 'server-facts.proxy.ps1', text: serverFactsPs({ includeVms: false }) },
    { name: 'install-agent.ps1', text: installAgentPs({ version: '0.9.0' }) },
    ...dpapiScripts(),
  ];
}

/** The golden PowerShell files (.ps1, and the bootstrap line), as committed. */
export function goldenScripts(): NamedScript[] {
  const out: NamedScript[] = [];
  for (const dir of GOLDEN_DIRS) {
    for (const file of readdirSync(join(ROOT, dir)).sort()) {
      if (!file.endsWith('.ps1') && file !== 'bootstrap.txt') continue;
      out.push({ name: `${dir}/${file}`, text: readFileSync(join(ROOT, dir, file), 'utf8') });
    }
  }
  return out;
}
