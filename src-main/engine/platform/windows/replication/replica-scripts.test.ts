// The target-side replication scripts, asserted byte for byte against their golden files (PowerShell's parser and
// the 5.1 check run over them in test/pwsh). Names with quotes stay inside their literals.
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../testing/test-support';
import {
  checkpointReplicaPs,
  failoverStartPs,
  mergeOldestCheckpointPs,
  permanentFailoverPs,
  registerReplicaPs,
  replicaFolderPs,
  shutDownVmPs,
  undoFailoverPs,
} from './replica-scripts';

const FOLDER = 'C:\\Replicas\\SQL01_replica';
const CHECKPOINT = 'Ferry restore point 2026-12-07 23:00:00';

function replicaScriptSamples(name = 'SQL01_replica'): Array<[string, string]> {
  return [
    ['replica-folder.ps1', replicaFolderPs({ folder: FOLDER })],
    [
      'replica-register.ps1',
      registerReplicaPs({
        name,
        folder: FOLDER,
        generation: 2,
        memoryBytes: 4294967296,
        cpuCount: 2,
        disks: [`${FOLDER}\\Virtual Hard Disks\\SQL01.vhdx`, `${FOLDER}\\Virtual Hard Disks\\SQL01_disk1.vhdx`],
        adapters: [
          { name: 'Network Adapter', targetSwitch: 'DR-LAN' },
          { name: 'Backup Adapter', targetSwitch: null },
        ],
      }),
    ],
    ['replica-checkpoint.ps1', checkpointReplicaPs({ name, checkpointName: CHECKPOINT })],
    ['replica-merge-oldest.ps1', mergeOldestCheckpointPs({ name, checkpointName: CHECKPOINT })],
    ['replica-failover-start.ps1', failoverStartPs({ name, checkpointName: CHECKPOINT })],
    ['replica-undo-failover.ps1', undoFailoverPs({ name, checkpointName: CHECKPOINT })],
    ['replica-permanent.ps1', permanentFailoverPs({ name })],
    ['replica-shutdown-source.ps1', shutDownVmPs({ vmId: '5e2b7c1a-3f4d-4e8a-9b0c-1d2e3f4a5b6c', timeoutSeconds: 300 })],
  ];
}

describe('replication target-side scripts', () => {
  for (const [file, text] of replicaScriptSamples()) {
    it(`${file} matches its golden file`, () => expectGolden(file, text));
  }

  it('a hostile replica name stays one literal', () => {
    const text = failoverStartPs({ name: "x'; Remove-Item C:\\ -Recurse; '", checkpointName: "a'b" });
    expect(text).toContain("Get-VM -Name 'x''; Remove-Item C:\\ -Recurse; ''' -ErrorAction Stop");
    expect(text).toContain("-Name 'a''b' -ErrorAction Stop");
  });
});
