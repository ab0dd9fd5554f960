import { describe, expect, it } from 'vitest';
import { ReadinessCheck } from '../../../../../src-shared/domain';
import { buildWindowsInventory } from './inventory';
import { evaluateProxyReadiness, type ProxyProbe } from './readiness';
import type { ServerFacts } from './server-facts';
import { recordedReports } from '../testing/test-support';
import { eligibleVolumes } from '../../../infrastructure/proxy-eligibility';

const reports = recordedReports();
const inv = buildWindowsInventory(reports);
const proxyFacts = () => structuredClone(reports[3].facts);
const CSV1 = 'csv-5f3a9c1e-7d2b-4e6f-9a08-3c4d5e6f7a81';
const CSV2 = 'csv-6a4b0d2f-8e3c-4f70-ab19-4d5e6f708192';
const VOL_D = 'vol-7b5c1e30-9f4d-4081-bc2a-5e6f708192a3';

function check(facts: ServerFacts, serverId = 'proxy01') {
  const checks = evaluateProxyReadiness({ serverId, reachable: true, facts }, inv);
  for (const c of checks) ReadinessCheck.parse(c);
  return (id: string) => {
    const c = checks.find((x) => x.id === id);
    if (!c) throw new Error(`no check ${id}: ${checks.map((x) => x.id).join(', ')}`);
    return c;
  };
}

describe('evaluateProxyReadiness', () => {
  it('a proper proxy passes everything, with one LUN and one cluster check per volume', () => {
    const checks = evaluateProxyReadiness({ serverId: 'proxy01', reachable: true, facts: proxyFacts() }, inv);
    expect(checks.map((c) => [c.id, c.status])).toEqual([
      ['reachable', 'pass'],
      ['admin', 'pass'],
      ['os-version', 'pass'],
      ['os-match', 'pass'],
      ['hyperv-role', 'pass'],
      ['vss-hw-provider', 'pass'],
      ['vss-provider-match', 'pass'],
      ['cpu', 'pass'],
      ['memory', 'pass'],
      ['free-disk', 'pass'],
      [`lun-visible:${CSV1}`, 'pass'],
      [`not-cluster-node:${CSV1}`, 'pass'],
      [`lun-visible:${CSV2}`, 'pass'],
      [`not-cluster-node:${CSV2}`, 'pass'],
      [`lun-visible:${VOL_D}`, 'pass'],
      [`not-cluster-node:${VOL_D}`, 'pass'],
    ]);
    expect(checks.find((c) => c.id === `lun-visible:${CSV1}`)).toMatchObject({ volumeId: CSV1, reason: expect.stringMatching(/offline as it should be/) });
  });

  it('a node of the cluster fails for that cluster\'s CSVs only', () => {
    const get = check(structuredClone(reports[1].facts), 'hv02');
    expect(get(`not-cluster-node:${CSV1}`)).toMatchObject({ status: 'fail', volumeId: CSV1, reason: expect.stringMatching(/node of cluster CLU01/), fix: expect.any(String) });
    expect(get(`not-cluster-node:${CSV2}`).status).toBe('fail');
    expect(get(`not-cluster-node:${VOL_D}`).status).toBe('pass');
  });

  it('the host that owns a local volume is not an off-host proxy for it', () => {
    const get = check(structuredClone(reports[2].facts), 'hv03');
    expect(get(`not-cluster-node:${VOL_D}`)).toMatchObject({ status: 'fail', reason: expect.stringMatching(/owns this volume/) });
  });

  it('cluster service running but unreadable: warning, never a silent pass', () => {
    const f = proxyFacts();
    f.clusterService = 'running';
    f.clusterError = 'Access denied';
    expect(check(f)(`not-cluster-node:${CSV1}`)).toMatchObject({ status: 'warning', reason: expect.stringMatching(/Access denied/) });
  });

  it('no hardware provider → both provider checks fail', () => {
    const f = proxyFacts();
    f.providers = f.providers.filter((p) => p.type !== 'hardware');
    const get = check(f);
    expect(get('vss-hw-provider')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/hardware provider/) });
    expect(get('vss-provider-match')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/hv01 uses Pure Storage/) });
  });

  it('a different hardware provider fails the match; another version only warns', () => {
    const other = proxyFacts();
    other.providers = [{ id: '{11111111-2222-4333-8444-555555555555}', name: 'Other Array VSS Provider', version: '1.0', type: 'hardware' }];
    expect(check(other)('vss-provider-match').status).toBe('fail');
    const older = proxyFacts();
    older.providers = older.providers.map((p) => (p.type === 'hardware' ? { ...p, version: '6.0.0' } : p));
    expect(check(older)('vss-provider-match')).toMatchObject({ status: 'warning', reason: expect.stringMatching(/6\.1\.3, proxy 6\.0\.0/) });
  });

  it('a LUN the proxy cannot see is not applicable: that volume is left out, nothing fails', () => {
    const f = proxyFacts();
    f.disks = f.disks.filter((d) => !d.uniqueId.endsWith('011002'));
    const get = check(f);
    expect(get(`lun-visible:${CSV2}`)).toMatchObject({ status: 'not-applicable', reason: expect.stringMatching(/011002.*does not serve this volume/), fix: expect.stringMatching(/zone\/mask the LUN/) });
    expect(get(`lun-visible:${CSV1}`).status).toBe('pass');
    // the volume's other row passes, yet the volume is not served; the others are
    const eligible = eligibleVolumes(evaluateProxyReadiness({ serverId: 'proxy01', reachable: true, facts: f }, inv));
    expect(eligible).not.toContain(CSV2);
    expect(eligible).toContain(CSV1);
  });

  it('OS: other build than the hosts, too old, client edition', () => {
    const newer = proxyFacts();
    newer.os = { ...newer.os, build: 26100, caption: 'Microsoft Windows Server 2025 Datacenter' };
    expect(check(newer)('os-match')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/differs from every host/) });
    const old = proxyFacts();
    old.os = { ...old.os, build: 9600 };
    expect(check(old)('os-version').status).toBe('fail');
    const client = proxyFacts();
    client.os = { ...client.os, productType: 1, caption: 'Microsoft Windows 11 Enterprise' };
    expect(check(client)('os-version')).toMatchObject({ status: 'fail', reason: expect.stringMatching(/client edition/) });
  });

  it('admin rights and the Hyper-V role', () => {
    const f = proxyFacts();
    f.isAdmin = false;
    f.hyperV = false;
    const get = check(f);
    expect(get('admin').status).toBe('fail');
    expect(get('hyperv-role')).toMatchObject({ status: 'fail', fix: expect.stringMatching(/Install-WindowsFeature/) });
  });

  it('resources: too few cores fail; little memory or disk warn; almost no disk fails', () => {
    const f = proxyFacts();
    f.cpuCores = 1;
    f.memoryBytes = 1024 ** 3;
    f.systemDriveFreeBytes = 500 * 1024 ** 2;
    const get = check(f);
    expect(get('cpu').status).toBe('fail');
    expect(get('memory').status).toBe('warning');
    expect(get('free-disk').status).toBe('warning');
    f.systemDriveFreeBytes = 100 * 1024 ** 2;
    expect(check(f)('free-disk').status).toBe('fail');
  });

  it('a volume whose LUN could not be identified gets a warning', () => {
    const copy = structuredClone(inv);
    copy.volumes[0].lun = '';
    const checks = evaluateProxyReadiness({ serverId: 'proxy01', reachable: true, facts: proxyFacts() }, copy);
    expect(checks.find((c) => c.id === `lun-visible:${CSV1}`)?.status).toBe('warning');
  });

  it('unreachable: the reason and fix, and every other requirement marked as not checked', () => {
    const probe: ProxyProbe = { serverId: 'proxy02', reachable: false, reason: 'cannot reach proxy02 over WinRM', fix: 'Enable-PSRemoting' };
    const checks = evaluateProxyReadiness(probe, inv);
    expect(checks[0]).toEqual({ id: 'reachable', title: 'Reachable over WinRM', status: 'fail', reason: 'cannot reach proxy02 over WinRM', fix: 'Enable-PSRemoting' });
    expect(checks).toHaveLength(16);
    expect(checks.slice(1).every((c) => c.status === 'fail' && /Not checked/.test(c.reason))).toBe(true);
  });
});
