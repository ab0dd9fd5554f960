// Managed servers on Windows, against recorded transcripts: the probe (standalone host, cluster name, cluster
// node, access denied, unreachable), the explicit credential of a probe, and how managed servers are then
// inventoried and reached with their stored account.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { ManagedServerRef } from '../../types';
import type { ExecRequest } from '../exec/executor';
import type { ProcessSpec } from '../exec/process-runner';
import { ManagedCredentials } from '../exec/managed-credentials';
import { serverFactsPs } from './ps-server-facts';
import { CRED_SECRET_ENV, CRED_USER_ENV, RemoteExecutor } from '../exec/remote-executor';
import { ScriptedExecutor, ok, type ScriptedStep } from '../testing/scripted-executor';
import { HV01, HV02, HV03, ManualClock, PROXY, factsStdout, transcript, transcriptStdout } from '../testing/test-support';
import { WindowsPlatform } from '../windows-platform';
import { MemorySecrets } from '../testing/agent-test-support';
import { CredentialVault } from '../../../secrets/credential-vault';
import { ManagedServers } from '../../../servers/managed-servers';
import { Store } from '../../../store/store';

const EDGE = 'edge05.contoso.local';
const LOCAL_ADMIN = { user: '.\\Administrator', secret: 'S3cret-Edge!' };
const hostProbe = serverFactsPs({ includeVms: true });

function platformWith(steps: ScriptedStep[], managedCredentials?: ManagedCredentials) {
  const exec = new ScriptedExecutor(steps);
  const logs: string[] = [];
  const platform = new WindowsPlatform({ executor: exec, hosts: [HV01, HV02, HV03], servers: [PROXY], clock: new ManualClock(), managedCredentials });
  return { exec, platform, logs, log: (level: string, text: string) => void logs.push(`${level}: ${text}`) };
}

async function failure(p: Promise<unknown>): Promise<FerryError> {
  const e = await p.then(
    () => {
      throw new Error('expected a failure');
    },
    (err: unknown) => err,
  );
  if (!(e instanceof FerryError)) throw e;
  return e;
}

const failed = (stderr: string) => ({ exitCode: 1, stdout: '', stderr });

describe('WindowsPlatform.probeServer (recorded transcripts)', () => {
  it('a workgroup host with a local account: hyperv-host, 1 VM on 1 volume, software provider only → warning', async () => {
    const seen: ExecRequest[] = [];
    const h = platformWith([
      {
        label: 'facts edge05',
        program: 'powershell',
        server: EDGE,
        script: hostProbe,
        reply: (call) => {
          seen.push(call);
          return ok(factsStdout('facts-edge05.workgroup.json'));
        },
      },
    ]);
    const probe = await h.platform.probeServer(EDGE, LOCAL_ADMIN, h.log);
    expect(seen[0].credential).toEqual(LOCAL_ADMIN); // the chosen account, not whatever the provider has
    expect(probe).toMatchObject({
      id: 'edge05',
      name: EDGE,
      detectedKind: 'hyperv-host',
      os: 'Microsoft Windows Server 2019 Standard (10.0.17763)',
      hyperV: true,
      vssHardwareProvider: null,
      clusterName: null,
      nodeNames: [],
      vmCount: 1,
      volumes: [{ id: 'vol-c2d3e4f5-0505-4a6b-9c7d-8e9fa0b1c2d3', path: 'F:\\', kind: 'local', sizeBytes: 1099511627776 }],
    });
    const byId = Object.fromEntries(probe.checks.map((c) => [c.id, c]));
    expect(byId.admin).toMatchObject({ status: 'pass', reason: expect.stringContaining('.\\Administrator') });
    expect(byId['vss-provider']).toMatchObject({ status: 'warning', reason: 'No VSS hardware provider: snapshots fall back to the software provider; off-host impossible' });
    expect(byId.clock).toMatchObject({ status: 'pass' });
    expect(JSON.stringify(probe) + h.logs.join('\n')).not.toContain(LOCAL_ADMIN.secret);
    h.exec.assertDone();
  });

  it('Access is denied (WinRM) → E_ACCESS_DENIED with a hint, naming the account but never the password', async () => {
    const h = platformWith([{ label: 'facts edge05', program: 'powershell', server: EDGE, script: hostProbe, reply: failed(transcript('probe.access-denied.txt')) }]);
    const err = await failure(h.platform.probeServer(EDGE, LOCAL_ADMIN, h.log));
    expect(err.code).toBe(ErrorCode.AccessDenied);
    expect(err.message).toBe(`Access is denied: ${EDGE} refused .\\Administrator.`);
    expect(err.details).toMatchObject({ hint: expect.stringMatching(/Administrators group/), server: EDGE });
    expect(JSON.stringify(err.details) + err.message).not.toContain(LOCAL_ADMIN.secret);
  });

  it('connected but not an administrator → E_ACCESS_DENIED', async () => {
    const notAdmin = ok(factsStdout('facts-edge05.workgroup.json').replace('"IsAdmin":true', '"IsAdmin":false'));
    const h = platformWith([{ label: 'facts edge05', program: 'powershell', server: EDGE, script: hostProbe, reply: notAdmin }]);
    const err = await failure(h.platform.probeServer(EDGE, null, h.log));
    expect(err.code).toBe(ErrorCode.AccessDenied);
    expect(err.message).toMatch(/the console's own Windows identity reached edge05\.contoso\.local but is not an elevated administrator/);
  });

  it('WinRM cannot reach the name → E_SERVER_UNREACHABLE with the WinRM text and a hint', async () => {
    const h = platformWith([{ label: 'facts nosuch', program: 'powershell', server: 'nosuch.contoso.local', script: hostProbe, reply: failed(transcript('probe.unreachable.txt')) }]);
    const err = await failure(h.platform.probeServer('nosuch.contoso.local', null, h.log));
    expect(err.code).toBe(ErrorCode.ServerUnreachable);
    expect(err.message).toMatch(/cannot reach nosuch\.contoso\.local over WinRM \(Connecting to remote server nosuch\.contoso\.local failed .*WinRM cannot complete the operation/);
    expect(err.details).toMatchObject({ hint: expect.stringMatching(/WinRM/) });
  });

  it('a cluster name: the owner node answers, the other nodes are probed with the same account', async () => {
    const creds: Array<ExecRequest['credential']> = [];
    const reply = (stdout: string) => (call: ExecRequest) => {
      creds.push(call.credential);
      return ok(stdout);
    };
    const h = platformWith([
      { label: 'facts via cluster name', program: 'powershell', server: 'clu01.contoso.local', script: hostProbe, reply: reply(factsStdout('facts-hv01.json')) },
      { label: 'facts node hv02', program: 'powershell', server: HV02, script: hostProbe, reply: reply(transcriptStdout('facts-hv02.pitfalls.json')) },
    ]);
    const admin = { user: 'CONTOSO\\svc-ferry', secret: 'pw' };
    const probe = await h.platform.probeServer('clu01.contoso.local', admin, h.log);
    expect(probe).toMatchObject({ id: 'clu01', detectedKind: 'hyperv-cluster', clusterName: 'CLU01', nodeNames: ['HV01', 'HV02'] });
    expect(probe.vmCount).toBeGreaterThan(2);
    expect(probe.volumes.filter((v) => v.kind === 'csv').length).toBeGreaterThanOrEqual(2);
    expect(probe.checks.find((c) => c.id === 'cluster')).toMatchObject({ status: 'pass' });
    expect(probe.checks.find((c) => c.id === 'node:hv02')).toMatchObject({ status: 'pass' });
    expect(creds).toEqual([admin, admin]);
    h.exec.assertDone();
  });

  it('a cluster node by its own name: hyperv-host with its cluster and a failing "add the cluster instead" check', async () => {
    const h = platformWith([{ label: 'facts hv01', program: 'powershell', server: HV01, script: hostProbe, reply: ok(factsStdout('facts-hv01.json')) }]);
    const probe = await h.platform.probeServer('HV01', null, h.log);
    expect(probe).toMatchObject({ id: 'hv01', name: HV01, detectedKind: 'hyperv-host', clusterName: 'CLU01' });
    expect(probe.checks.find((c) => c.id === 'cluster-node')).toMatchObject({ status: 'fail', reason: `${HV01} is a node of cluster CLU01 — add the cluster instead` });
  });

  it('a clock 9 minutes off the console → warning (Kerberos allows 5)', async () => {
    const skewed = ok(factsStdout('facts-edge05.workgroup.json').replace('2026-11-25T13:04:01.0000000Z', '2026-11-25T13:13:00.0000000Z'));
    const h = platformWith([{ label: 'facts edge05', program: 'powershell', server: EDGE, script: hostProbe, reply: skewed }]);
    const probe = await h.platform.probeServer(EDGE, LOCAL_ADMIN, h.log);
    expect(probe.checks.find((c) => c.id === 'clock')).toMatchObject({ status: 'warning', reason: expect.stringMatching(/9 min off/) });
  });
});

describe('WindowsPlatform managed servers', () => {
  it('preconfiguredServers = platform.json hosts (hyperv-host) + servers (windows-server)', async () => {
    const h = platformWith([]);
    expect(await h.platform.preconfiguredServers()).toEqual([
      { name: HV01, kind: 'hyperv-host' },
      { name: HV02, kind: 'hyperv-host' },
      { name: HV03, kind: 'hyperv-host' },
      { name: PROXY, kind: 'windows-server' },
    ]);
  });

  it('once managed servers are set, the inventory visits them (a standalone host added later included) and not the rest', async () => {
    const h = platformWith([
      { label: 'facts hv03', program: 'powershell', server: HV03, script: hostProbe, reply: ok(factsStdout('facts-hv03.json')) },
      { label: 'facts edge05', program: 'powershell', server: EDGE, script: hostProbe, reply: ok(factsStdout('facts-edge05.workgroup.json')) },
      { label: 'facts proxy01', program: 'powershell', server: PROXY, script: serverFactsPs({ includeVms: false }), reply: ok(factsStdout('facts-proxy01.json')) },
    ]);
    h.platform.setManagedServers([
      { id: 'hv03', name: HV03, kind: 'hyperv-host', memberIds: [], credentialId: null },
      { id: 'edge05', name: EDGE, kind: 'hyperv-host', memberIds: [], credentialId: 'cred-edge' },
      { id: 'proxy01', name: PROXY, kind: 'windows-server', memberIds: [], credentialId: null },
    ]);
    const inv = await h.platform.inventory();
    expect(inv.hosts.map((x) => x.id).sort()).toEqual(['edge05', 'hv03', 'proxy01']);
    expect(inv.vms.some((v) => v.name === 'SRV-EDGE05')).toBe(true);
    h.exec.assertDone();
  });

  it('a managed cluster is inventoried through its nodes, in the cluster\'s domain', async () => {
    const h = platformWith([
      { label: 'facts hv01', program: 'powershell', server: HV01, script: hostProbe, reply: ok(factsStdout('facts-hv01.json')) },
      { label: 'facts hv02', program: 'powershell', server: HV02, script: hostProbe, reply: ok(transcriptStdout('facts-hv02.pitfalls.json')) },
    ]);
    h.platform.setManagedServers([{ id: 'clu01', name: 'clu01.contoso.local', kind: 'hyperv-cluster', memberIds: ['hv01', 'hv02'], credentialId: null }]);
    const inv = await h.platform.inventory();
    expect(inv.clusters.map((c) => c.id)).toEqual(['clu01']);
    expect(inv.hosts.map((x) => x.id)).toEqual(['hv01', 'hv02']);
    h.exec.assertDone();
  });
});

describe('seeding managed servers from platform.json', () => {
  const HV03_IP = '10.20.0.13';
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  function seeding(steps: ScriptedStep[], hosts: string[]) {
    const dir = mkdtempSync(join(tmpdir(), 'ferry-seed-'));
    dirs.push(dir);
    const store = new Store(join(dir, 'ferry.db'));
    const exec = new ScriptedExecutor(steps);
    const platform = new WindowsPlatform({ executor: exec, hosts, servers: [PROXY], clock: new ManualClock() });
    return { exec, store, servers: new ManagedServers(store, platform, platform, new CredentialVault(new MemorySecrets())) };
  }
  const hv03ByIp = (label: string): ScriptedStep => ({ label, program: 'powershell', server: HV03_IP, script: hostProbe, reply: ok(factsStdout('facts-hv03.json')) });
  const proxyFacts = (label: string): ScriptedStep => ({ label, program: 'powershell', server: PROXY, script: serverFactsPs({ includeVms: false }), reply: ok(factsStdout('facts-proxy01.json')) });

  it('a host configured by IP address is registered under its computer name: it and its VMs stay in the managed inventory', async () => {
    const t = seeding([hv03ByIp('facts hv03 (seeding)'), proxyFacts('facts proxy01 (seeding)'), hv03ByIp('facts hv03 (managed)'), proxyFacts('facts proxy01 (managed)')], [HV03_IP]);
    try {
      expect(await t.servers.seedOnce()).toBe(2);
      expect(t.servers.list().map((s) => [s.id, s.name, s.kind, s.vss])).toEqual([
        ['hv03', HV03_IP, 'hyperv-host', { failoverToSoftwareProvider: true, maxSnapshotsPerVolume: 4 }],
        ['proxy01', PROXY, 'windows-server', { failoverToSoftwareProvider: true, maxSnapshotsPerVolume: 4 }],
      ]);
      t.servers.sync();
      const inv = await t.servers.inventory(); // reached by the configured address, kept by the computer's id
      expect(inv.hosts.map((x) => x.id)).toEqual(['hv03', 'proxy01']);
      expect(inv.vms.map((v) => [v.name, v.hostId])).toEqual([['FILE01', 'hv03']]);
      t.exec.assertDone();
    } finally {
      t.store.close();
    }
  });

  it('a configured host that does not answer keeps the id its name gives; the ones that answered get theirs', async () => {
    const t = seeding(
      [hv03ByIp('facts hv03'), { label: 'facts hv01 (down)', program: 'powershell', server: HV01, script: hostProbe, reply: failed(transcript('probe.unreachable.txt')) }, proxyFacts('facts proxy01')],
      [HV03_IP, HV01],
    );
    try {
      expect(await t.servers.seedOnce()).toBe(3);
      expect(t.servers.list().map((s) => `${s.id}=${s.name}`)).toEqual([`hv01=${HV01}`, `hv03=${HV03_IP}`, `proxy01=${PROXY}`]);
      // that first inventory is each server's first check: the one that did not answer says so, not "OK"
      expect(t.servers.list().map((s) => [s.id, s.status, s.lastCheckAt !== null])).toEqual([
        ['hv01', 'unreachable', false],
        ['hv03', 'ok', true],
        ['proxy01', 'ok', true],
      ]);
      expect(t.servers.list()[0].statusReason).toMatch(/did not answer .* Rescan/);
      expect(await t.servers.seedOnce()).toBe(0); // once per data folder
      t.exec.assertDone();
    } finally {
      t.store.close();
    }
  });
});

describe('ManagedCredentials and the executor', () => {
  const servers: ManagedServerRef[] = [
    { id: 'edge05', name: EDGE, kind: 'hyperv-host', memberIds: [], credentialId: 'cred-edge' },
    { id: 'clu01', name: 'clu01.contoso.local', kind: 'hyperv-cluster', memberIds: ['hv01', 'hv02'], credentialId: 'cred-domain' },
    { id: 'proxy01', name: PROXY, kind: 'windows-server', memberIds: [], credentialId: null },
  ];
  const vault = { get: async (id: string) => ({ 'cred-edge': LOCAL_ADMIN, 'cred-domain': { user: 'CONTOSO\\svc', secret: 'dom' } })[id] ?? null };
  const fallback = { get: async (server: string) => (server === PROXY ? { user: 'CONTOSO\\from-platform-json', secret: 'pj' } : null) };

  it('a managed server gets its stored account, a cluster node its cluster\'s, the rest platform.json\'s or none', async () => {
    const creds = new ManagedCredentials(vault, fallback);
    creds.setServers(servers);
    expect(await creds.get(EDGE)).toEqual(LOCAL_ADMIN);
    expect(await creds.get('EDGE05')).toEqual(LOCAL_ADMIN);
    expect((await creds.get(HV02))?.user).toBe('CONTOSO\\svc');
    expect((await creds.get(PROXY))?.user).toBe('CONTOSO\\from-platform-json');
    expect(await creds.get(HV03)).toBeNull();
  });

  it('RemoteExecutor: an explicit credential wins over the provider, reaches PowerShell only through env, and is masked', async () => {
    const specs: ProcessSpec[] = [];
    const runner = { run: async (spec: ProcessSpec) => (specs.push(spec), { exitCode: 0, stdout: `echo ${LOCAL_ADMIN.secret}`, stderr: '' }) };
    const provider = { get: async () => ({ user: 'CONTOSO\\other', secret: 'other' }) };
    const exec = new RemoteExecutor({ credentials: provider, runner });
    const r = await exec.run({ program: 'powershell', script: 'Get-Date', server: EDGE, timeoutMs: 1000, credential: LOCAL_ADMIN });
    expect(specs[0].env).toEqual({ [CRED_USER_ENV]: LOCAL_ADMIN.user, [CRED_SECRET_ENV]: LOCAL_ADMIN.secret });
    expect(specs[0].stdin).not.toContain(LOCAL_ADMIN.secret);
    expect(r.stdout).toBe('echo ***');
    await exec.run({ program: 'powershell', script: 'Get-Date', server: EDGE, timeoutMs: 1000 });
    expect(specs[1].env?.[CRED_USER_ENV]).toBe('CONTOSO\\other');
  });
});
