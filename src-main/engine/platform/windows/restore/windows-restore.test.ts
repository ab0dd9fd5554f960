// The windows restore side through the scripted executor: every snippet byte for byte against testing/__golden__/,
// in the order a restore to a new location (and a quick rollback) runs them, and what the host answers parsed into
// the facts the engine plans with.
import { describe, expect, it } from 'vitest';
import type { Inventory } from '../../../../../src-shared/domain';
import type { VmConfig } from '../../../../../src-shared/vm-config';
import { ScriptRunner } from '../exec/script-runner';
import { ScriptedExecutor, psJson } from '../testing/scripted-executor';
import { expectGolden, golden } from '../testing/test-support';
import { addClusterRolePs, attachDisksPs, createFolderPs, registerVmPs, removeFilesPs, renameFilePs, restoreFactsPs, stopVmPs, unregisterVmPs } from './restore-scripts';
import { WindowsRestore } from './windows-restore';

const VM = '5e2b7c1a-3f4d-4e8a-9b0c-1d2e3f4a5b6c';
const CONFIG: VmConfig = {
  generation: 2,
  configVersion: '10.0',
  processorCount: 4,
  memory: { startupBytes: 4294967296, dynamic: true, minimumBytes: 536870912, maximumBytes: 17179869184 },
  firmware: { secureBoot: true, secureBootTemplate: 'MicrosoftWindows' },
  nics: [
    { name: 'Network Adapter', switchName: 'vSwitch-Prod', macAddress: '00155D010203', macAddressType: 'dynamic', vlanId: null },
    { name: 'Backup', switchName: 'vSwitch-Backup', macAddress: '00155D010204', macAddressType: 'static', vlanId: 120 },
  ],
  disks: [{ diskIndex: 0, controllerType: 'SCSI', controllerNumber: 0, controllerLocation: 0 }],
  configFiles: [],
};
const DISK = 'E:\\Hyper-V\\SQL01_restored\\Virtual Hard Disks\\SQL01_restored.vhdx';
const INVENTORY: Inventory = {
  hosts: [{ id: 'hv02', name: 'HV02', clusterId: null, os: 'Windows Server 2022', hyperV: true, vssHardwareProvider: null, visibleLuns: [], cpuCores: 8, freeDiskBytes: 0, role: 'hyperv-host' }],
  clusters: [],
  volumes: [],
  vms: [{ id: VM, name: 'SQL01', hostId: 'hv02', clusterId: null, state: 'Running', disks: [{ index: 0, path: 'E:\\Hyper-V\\SQL01\\SQL01.vhdx', format: 'vhdx', virtualSizeBytes: 68719476736, fileSizeBytes: 0, volumeId: 'e' }] }],
};

function restore(exec: ScriptedExecutor) {
  return new WindowsRestore({ run: new ScriptRunner(exec), targetOf: (id) => ({ id, server: `${id}.contoso.local`, name: id.toUpperCase() }), inventory: async () => INVENTORY, agentEndpoint: async () => null, timeoutMs: 60_000 });
}

describe('windows restore scripts (golden)', () => {
  it('each snippet as committed', () => {
    expectGolden('restore-facts.host.ps1', restoreFactsPs({ cluster: false }));
    expectGolden('restore-facts.cluster.ps1', restoreFactsPs({ cluster: true }));
    expectGolden('restore-stop-vm.ps1', stopVmPs({ vmId: VM }));
    expectGolden('restore-create-folder.ps1', createFolderPs({ path: 'E:\\Hyper-V\\SQL01_restored\\Virtual Hard Disks' }));
    expectGolden('restore-rename.ps1', renameFilePs({ from: `${DISK}.partial`, to: DISK, replace: false }));
    expectGolden('restore-rename.replace.ps1', renameFilePs({ from: `${DISK}.partial`, to: DISK, replace: true }));
    expectGolden('restore-remove-files.ps1', removeFilesPs({ paths: [`${DISK}.partial`, DISK] }));
    const disks = [{ path: DISK, attachment: CONFIG.disks[0] }];
    expectGolden('restore-register.new-vm.ps1', registerVmPs({ name: 'SQL01_restored', restoreId: 'vm-r1', keepId: false, path: 'E:\\Hyper-V\\SQL01_restored', config: CONFIG, disks, switchPerNic: ['vSwitch-Prod', null], vmcxPath: null }));
    expectGolden('restore-register.import.ps1', registerVmPs({ name: 'SQL01_restored', restoreId: 'vm-r1', keepId: false, path: 'E:\\Hyper-V\\SQL01_restored', config: CONFIG, disks, switchPerNic: ['vSwitch-Prod', null], vmcxPath: 'E:\\Hyper-V\\SQL01_restored\\Virtual Machines\\X.vmcx' }));
    expectGolden('restore-unregister.ps1', unregisterVmPs({ restoreId: 'vm-r1' }));
    expectGolden('restore-cluster-role.ps1', addClusterRolePs({ vmName: 'SQL01_restored' }));
    expectGolden('restore-attach-disks.ps1', attachDisksPs({ vmId: VM, disks }));
  });
});

describe('windows restore through the scripted executor', () => {
  it('a restore to a new location: facts, folder, rename, register, start — each on the target host', async () => {
    const exec = new ScriptedExecutor([
      { label: 'facts', program: 'powershell', server: 'hv02.contoso.local', script: golden('restore-facts.host.ps1'), reply: psJson({ VmPath: 'E:\\Hyper-V', Switches: ['vSwitch-Prod'], Volumes: [{ Path: 'E:\\', FreeBytes: 1e12, Csv: false, Owner: 'HV02' }] }) },
      { label: 'find', program: 'powershell', server: 'hv02.contoso.local', script: /Get-VM -Name 'SQL01_restored'/, reply: psJson({ Id: null }) },
      { label: 'folder', program: 'powershell', server: 'hv02.contoso.local', script: golden('restore-create-folder.ps1'), reply: psJson({ Ok: true }) },
      { label: 'rename', program: 'powershell', server: 'hv02.contoso.local', script: golden('restore-rename.ps1'), reply: psJson({ Ok: true }) },
      { label: 'register', program: 'powershell', server: 'hv02.contoso.local', script: golden('restore-register.new-vm.ps1'), reply: psJson({ Id: 'NEW', State: 'Off' }) },
      { label: 'state', program: 'powershell', server: 'hv02.contoso.local', script: /Get-VM -Id '5e2b7c1a/, reply: psJson({ Id: VM, State: 'Running' }) },
    ]);
    const r = restore(exec);
    const [facts] = await r.restoreServers(['hv02']);
    expect(facts).toMatchObject({ kind: 'hyperv-host', defaultPath: 'E:\\Hyper-V', switches: ['vSwitch-Prod'], volumes: [{ path: 'E:\\', freeBytes: 1e12, kind: 'local' }], available: true });
    expect(await r.findVmByName('hv02', 'SQL01_restored')).toBeNull();
    await r.createFolder('hv02', 'E:\\Hyper-V\\SQL01_restored\\Virtual Hard Disks');
    await r.renameFile('hv02', `${DISK}.partial`, DISK, false);
    await r.registerVm({ hostId: 'hv02', name: 'SQL01_restored', vmId: 'vm-r1', path: 'E:\\Hyper-V\\SQL01_restored', config: CONFIG, disks: [{ diskIndex: 0, path: DISK, attachment: CONFIG.disks[0] }], switchPerNic: ['vSwitch-Prod', null] }, () => undefined);
    expect(await r.vmState(VM)).toBe('Running');
    expect(exec.unexpected).toEqual([]);
    expect(r.moverPath('hv02', DISK)).toBe(DISK);
  });

  it('quick rollback asks GetVirtualDiskChanges on the live disk since the point’s RCT id; a target without an agent is refused', async () => {
    const exec = new ScriptedExecutor([{ label: 'rct', program: 'powershell', server: 'hv02.contoso.local', script: /GetVirtualDiskChanges/, reply: psJson({ Code: 0, Offsets: [0, 1048576], Lengths: [65536, 131072] }) }]);
    const r = restore(exec);
    expect(await r.changedSince(VM, 0, 'rctX:1')).toEqual({ ranges: [{ offset: 0, length: 65536 }, { offset: 1048576, length: 131072 }] });
    expect(exec.calls[0].script).toContain("$limit = 'rctX:1'");
    await expect(r.ensureRestoreMover('hv02')).rejects.toMatchObject({ code: 'E_AGENT_UNREACHABLE' });
  });

  it('a rename onto an existing file is E_CONFLICT', async () => {
    const exec = new ScriptedExecutor([{ label: 'rename', program: 'powershell', server: 'hv02.contoso.local', reply: { exitCode: 1, stdout: '', stderr: `FERRY_EXISTS: ${DISK}` } }]);
    await expect(restore(exec).renameFile('hv02', `${DISK}.partial`, DISK, false)).rejects.toMatchObject({ code: 'E_CONFLICT' });
  });
});
