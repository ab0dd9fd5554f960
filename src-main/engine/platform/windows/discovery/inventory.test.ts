import { describe, expect, it } from 'vitest';
import { Inventory } from '../../../../../src-shared/domain';
import { buildWindowsInventory, toDomainInventory, volumesOfVm } from './inventory';
import { parseServerFacts } from './server-facts';
import { normalizeDate } from './server-facts-schema';
import { factsStdout, recordedReports, transcriptStdout } from '../testing/test-support';

const GiB = 1024 ** 3;
const TiB = 1024 ** 4;
const CSV1 = 'csv-5f3a9c1e-7d2b-4e6f-9a08-3c4d5e6f7a81';
const CSV2 = 'csv-6a4b0d2f-8e3c-4f70-ab19-4d5e6f708192';
const VOL_D = 'vol-7b5c1e30-9f4d-4081-bc2a-5e6f708192a3';
const LUN = (n: string) => `624A9370C4F5D3E2A1B0000000${n}`;

describe('parseServerFacts', () => {
  it('reads a cluster node', () => {
    const f = parseServerFacts(factsStdout('facts-hv01.json'));
    expect(f.computerName).toBe('HV01');
    expect(f.os).toMatchObject({ build: 20348, productType: 3, architecture: '64-bit' });
    expect(f.cluster).toEqual({ name: 'CLU01', nodes: [{ name: 'HV01', state: 'Up' }, { name: 'HV02', state: 'Up' }] });
    expect(f.clusterService).toBe('running');
    expect(f.providers).toEqual([
      { id: '{b5946137-7b9f-4925-af80-51abd60b20d5}', name: 'Microsoft Software Shadow Copy provider 1.0', version: '1.0.0.7', type: 'system' },
      { id: '{781c006a-5829-4a25-81e3-d5e43bd005ab}', name: 'Pure Storage VSS Hardware Provider', version: '6.1.3', type: 'hardware' },
    ]);
    expect(f.csvs[0]).toMatchObject({ path: 'C:\\ClusterStorage\\Volume1', ownerNode: 'HV01', diskGuid: '{a3c1e5f7-1111-4a2b-8c3d-000000011001}' });
    const app = f.vms.find((v) => v.name === 'APP01')!;
    expect(app.drives[0].chain.map((c) => [c.type, c.parentPath !== null])).toEqual([
      ['differencing', true],
      ['dynamic', false],
    ]);
    expect(app.referencePoints[0].rctIds).toHaveLength(2);
  });

  it('survives every ConvertTo-Json pitfall of Windows PowerShell 5.1', () => {
    const f = parseServerFacts(transcriptStdout('facts-hv02.pitfalls.json'));
    expect(f.collectedAt).toBe('2026-11-25T13:04:12.000Z'); // "\/Date(ms)\/"
    expect(f.os.lastBootUpTime).toBe(new Date(1793513564000).toISOString());
    expect(f.clusterService).toBe('running'); // 4
    expect(f.cluster?.nodes.map((n) => n.state)).toEqual(['Up', 'Up']); // 0
    expect(f.csvs.map((c) => c.state)).toEqual(['Online', 'Online']); // 2
    expect(f.volumes).toHaveLength(1); // a bare object instead of a one-element array
    expect(f.cpuCores).toBe(32); // "32"
    expect(f.memoryBytes).toBe(512 * GiB); // UInt64 as a string
    const web = f.vms.find((v) => v.name === 'WEB01')!;
    expect(web.id).toBe('5b4c3d2e-7f60-4182-ac9b-2e3f4a5b6c7d'); // upper-case GUID normalized
    expect(web.state).toBe('Off'); // 3
    expect(web.drives).toHaveLength(1); // bare object
    expect(web.drives[0].controllerType).toBe('IDE'); // 0
    expect(web.drives[0].chain).toEqual([
      expect.objectContaining({ format: 'vhdx', type: 'dynamic', sizeBytes: 100 * GiB, fileSizeBytes: 20 * GiB, parentPath: null }),
    ]);
    expect(web.referencePoints).toEqual([]); // null
  });

  it('normalizes both date forms', () => {
    expect(normalizeDate('\\/Date(1326441600000)\\/')).toBe('2012-01-13T08:00:00.000Z');
    expect(normalizeDate('/Date(1326441600000)/')).toBe('2012-01-13T08:00:00.000Z');
    expect(normalizeDate('2026-11-25T13:04:12.0000000Z')).toBe('2026-11-25T13:04:12.000Z');
    expect(normalizeDate('')).toBeNull();
  });

  it('rejects output that is not the probe', () => {
    expect(() => parseServerFacts('FERRY_JSON:{"hello":1}')).toThrow();
  });
});

describe('buildWindowsInventory → domain Inventory', () => {
  const win = buildWindowsInventory(recordedReports());
  const inv = toDomainInventory(win);

  it('is a valid domain Inventory', () => {
    expect(() => Inventory.parse(inv)).not.toThrow();
  });

  it('hosts and the proxy, with providers, LUNs and roles', () => {
    expect(inv.hosts.map((h) => [h.id, h.name, h.clusterId, h.role, h.vssHardwareProvider])).toEqual([
      ['hv01', 'hv01.contoso.local', 'clu01', 'hyperv-host', 'Pure Storage VSS Hardware Provider'],
      ['hv02', 'hv02.contoso.local', 'clu01', 'hyperv-host', 'Pure Storage VSS Hardware Provider'],
      ['hv03', 'hv03.contoso.local', null, 'hyperv-host', 'Pure Storage VSS Hardware Provider'],
      ['proxy01', 'proxy01.contoso.local', null, 'server', 'Pure Storage VSS Hardware Provider'],
    ]);
    const hv01 = inv.hosts[0];
    expect(hv01).toMatchObject({ os: 'Microsoft Windows Server 2022 Datacenter (10.0.20348)', hyperV: true, cpuCores: 32, freeDiskBytes: 150 * GiB });
    expect(hv01.visibleLuns).toEqual([LUN('011001'), LUN('011002')]); // boot disk left out
    expect(inv.hosts[3].visibleLuns).toEqual([LUN('011001'), LUN('011002'), LUN('011003')]);
  });

  it('the cluster with its nodes and CSVs', () => {
    expect(inv.clusters).toEqual([{ id: 'clu01', name: 'CLU01', nodeIds: ['hv01', 'hv02'], csvIds: [CSV1, CSV2] }]);
  });

  it('CSVs with their owner node and LUN (matched through the cluster disk GUID), local SAN volumes with theirs', () => {
    expect(inv.volumes).toEqual([
      { id: CSV1, path: 'C:\\ClusterStorage\\Volume1', kind: 'csv', clusterId: 'clu01', ownerHostId: 'hv01', sizeBytes: 4 * TiB, usedBytes: 1.5 * TiB, lun: LUN('011001') },
      { id: CSV2, path: 'C:\\ClusterStorage\\Volume2', kind: 'csv', clusterId: 'clu01', ownerHostId: 'hv02', sizeBytes: 4 * TiB, usedBytes: 1 * TiB, lun: LUN('011002') },
      { id: VOL_D, path: 'D:\\', kind: 'local', clusterId: null, ownerHostId: 'hv03', sizeBytes: 2 * TiB, usedBytes: 0.5 * TiB, lun: LUN('011003') },
    ]);
    expect(win.volumes.map((v) => v.shadowPath)).toEqual(['C:\\ClusterStorage\\Volume1\\', 'C:\\ClusterStorage\\Volume2\\', 'D:\\']);
  });

  it('VMs with disks on their volume; a checkpointed disk is its .avhdx with the whole chain counted', () => {
    expect(inv.vms.map((v) => [v.name, v.hostId, v.clusterId, v.state])).toEqual([
      ['APP01', 'hv01', 'clu01', 'Running'],
      ['SQL01', 'hv01', 'clu01', 'Running'],
      ['WEB01', 'hv02', 'clu01', 'Off'],
      ['SPAN01', 'hv02', 'clu01', 'Running'],
      ['PT01', 'hv02', 'clu01', 'Off'],
      ['FILE01', 'hv03', null, 'Off'],
    ]);
    const app = inv.vms[0];
    expect(app.disks).toEqual([
      {
        index: 0,
        path: 'C:\\ClusterStorage\\Volume1\\VMs\\APP01\\Virtual Hard Disks\\APP01_OS_8D3F2A1B-4C5D-4E6F-9A0B-1C2D3E4F5A6B.avhdx',
        format: 'vhdx',
        virtualSizeBytes: 128 * GiB,
        fileSizeBytes: 1140850688 + 40 * GiB,
        volumeId: CSV1,
      },
      { index: 1, path: 'C:\\ClusterStorage\\Volume1\\VMs\\APP01\\Virtual Hard Disks\\APP01_Data.vhdx', format: 'vhdx', virtualSizeBytes: 512 * GiB, fileSizeBytes: 512 * GiB + 4194304, volumeId: CSV1 },
    ]);
    expect(inv.vms[5].disks.map((d) => [d.format, d.volumeId])).toEqual([
      ['vhdx', VOL_D],
      ['vhd', VOL_D],
    ]);
  });

  it('keeps chains, RCT and the volumes each VM touches in the Windows view', () => {
    const app = win.vms.find((v) => v.name === 'APP01')!;
    expect(app.disks[0].chain).toHaveLength(2);
    expect(app.rctCapable).toBe(true);
    expect(app.referencePoints[0]).toMatchObject({ type: 2, consistencyLevel: 1 });
    expect(volumesOfVm(app)).toEqual([CSV1]);
    const span = win.vms.find((v) => v.name === 'SPAN01')!;
    expect(volumesOfVm(span).sort()).toEqual([CSV1, CSV2].sort());
  });

  it('skips disks the off-host path cannot read, and says why', () => {
    const pt = win.vms.find((v) => v.name === 'PT01')!;
    expect(pt.disks.map((d) => d.topPath)).toEqual(['C:\\ClusterStorage\\Volume2\\VMs\\PT01\\PT01.vhdx']);
    expect(pt.disks[0].index).toBe(0);
    expect(pt.skipped.map((s) => s.reason)).toEqual([expect.stringMatching(/pass-through/), expect.stringMatching(/VHD Set/)]);
    expect(win.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^PT01: SCSI 0:0 skipped/), expect.stringMatching(/^PT01: SCSI 0:1 skipped/)]));
  });

  it('a clustered VM reported by two nodes appears once', () => {
    const reports = recordedReports();
    const twice = buildWindowsInventory([...reports, { ...reports[0], connectName: 'hv01-again' }]);
    expect(twice.vms.filter((v) => v.name === 'APP01')).toHaveLength(1);
  });
});
