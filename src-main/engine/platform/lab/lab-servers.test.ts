// The lab's managed-server side: a lab made before HV03/PROXY04 existed is completed in place (once), and the
// account table decides who gets in where.
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDisk } from '../../vhdx';
import { ensureLab, upgradeLab } from './create-lab';
import { lunDir } from './lab-layout';
import { labLoginOk, probeLabServer, resolveLabServer } from './lab-servers';
import { readLabState, writeLabState } from './lab-state';
import { LAB_PASSWORD, defaultTopology } from './topology';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'ferry-lab-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('a lab from an older version', () => {
  it('gains HV03 (with SRV-EDGE01 and its disk), LUN-03 and PROXY04 once, keeping everything else', async () => {
    const dir = tempDir();
    expect(await ensureLab(dir)).toEqual({ created: true, added: [] });
    // What an older version wrote: the same lab without the servers added since.
    const state = readLabState(dir)!;
    const old = {
      ...state,
      guestWriteRound: 7,
      topology: {
        ...state.topology,
        hosts: state.topology.hosts.filter((h) => h.id !== 'hv03' && h.id !== 'proxy04'),
        volumes: state.topology.volumes.filter((v) => v.id !== 'vol-hv03-f'),
        vms: state.topology.vms.filter((v) => v.id !== 'vm-edge01'),
      },
    };
    await writeLabState(dir, old);
    rmSync(lunDir(dir, 'LUN-03'), { recursive: true, force: true });

    // what was added is reported by the one call that added it (ferry lab init prints it)
    expect(await ensureLab(dir)).toEqual({ created: false, added: ['HV03', 'PROXY04', 'SRV-EDGE01'] });
    const upgraded = readLabState(dir)!;
    expect(upgraded.guestWriteRound).toBe(7);
    expect(upgraded.topology.hosts.map((h) => h.id)).toEqual(defaultTopology().hosts.map((h) => h.id));
    expect(upgraded.topology.vms.map((v) => v.id)).toEqual(defaultTopology().vms.map((v) => v.id));
    const disk = join(lunDir(dir, 'LUN-03'), 'Hyper-V', 'SRV-EDGE01', 'Virtual Hard Disks', 'SRV-EDGE01.vhdx');
    expect(existsSync(disk)).toBe(true);
    const reader = await openDisk(disk);
    try {
      expect(reader.virtualSize).toBe(32 * 1024 * 1024);
    } finally {
      await reader.close();
    }
    expect(await upgradeLab(dir)).toEqual([]); // idempotent
    expect(readLabState(dir)!.topology.vms).toHaveLength(upgraded.topology.vms.length);
  });
});

describe('lab accounts', () => {
  const topo = defaultTopology();
  const hv03 = resolveLabServer(topo, 'hv03.LAB.local')!;
  const hv01 = resolveLabServer(topo, 'HV01')!;
  const clu = resolveLabServer(topo, 'clu01')!;

  it('resolves short names and .lab.local FQDNs in any case, nothing else', () => {
    expect(hv03).toMatchObject({ kind: 'host', host: { id: 'hv03' } });
    expect(clu).toMatchObject({ kind: 'cluster', cluster: { id: 'clu01' } });
    expect(resolveLabServer(topo, 'hv03.contoso.local')).toBeNull();
    expect(resolveLabServer(topo, 'nope')).toBeNull();
  });

  it('the console identity and LAB accounts on domain servers; the local Administrator on workgroup servers', () => {
    const as = (user: string, secret = LAB_PASSWORD) => ({ user, secret });
    expect(labLoginOk(hv01, null)).toBe(true);
    expect(labLoginOk(clu, null)).toBe(true);
    expect(labLoginOk(hv03, null)).toBe(false);
    for (const u of ['LAB\\backup-admin', 'lab\\Backup-Admin', 'backup-admin@lab.local']) expect(labLoginOk(hv01, as(u))).toBe(true);
    expect(labLoginOk(hv01, as('LAB\\backup-admin', 'wrong'))).toBe(false);
    expect(labLoginOk(hv03, as('LAB\\backup-admin'))).toBe(false);
    for (const u of ['.\\Administrator', 'HV03\\Administrator', 'hv03\\administrator', 'Administrator']) expect(labLoginOk(hv03, as(u))).toBe(true);
    expect(labLoginOk(hv03, as('PROXY04\\Administrator'))).toBe(false);
    expect(labLoginOk(hv01, as('.\\Administrator'))).toBe(false);
  });

  it('probing PROXY04: a Hyper-V server without VMs is suggested as a Windows server', () => {
    const p = probeLabServer({ topo, name: 'proxy04', credential: { user: '.\\Administrator', secret: LAB_PASSWORD }, unreachable: () => false, log: () => undefined });
    expect(p).toMatchObject({ id: 'proxy04', name: 'PROXY04', detectedKind: 'windows-server', hyperV: true, vmCount: 0, volumes: [] });
  });

  it('BACKUP03 (2012 R2, no Hyper-V): OS fails, the Hyper-V role is a warning', () => {
    const p = probeLabServer({ topo, name: 'BACKUP03', credential: null, unreachable: () => false, log: () => undefined });
    expect(p.detectedKind).toBe('windows-server');
    expect(p.checks.find((c) => c.id === 'os')?.status).toBe('fail');
    expect(p.checks.find((c) => c.id === 'hyperv-role')?.status).toBe('warning');
    expect(p.checks.find((c) => c.id === 'vss-provider')).toBeUndefined();
  });
});
