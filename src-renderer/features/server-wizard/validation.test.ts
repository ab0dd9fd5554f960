import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract';
import { backupAdmin, hv03Probe, managedServers, proxy04Probe } from '../../test/serverFixtures';
import { CONSOLE_CHOICE } from '../credentials/CredentialPicker';
import { credentialError, discoveryError, kindMismatch, nameError, probeErrorHint, toServerDraft, type ProbeState } from './validation';

const done = (result = hv03Probe, credentialId: string | null = 'cred-1'): ProbeState => ({ name: 'hv03', credentialId, status: 'done', result, error: null });

describe('Add server wizard rules', () => {
  it('name: DNS or NetBIOS, trimmed, not already managed (case-insensitive)', () => {
    expect(nameError('', managedServers)).toBe('Enter the server name');
    expect(nameError('hv03:5985', managedServers)).toMatch(/DNS name or NetBIOS name/);
    expect(nameError('-hv03', managedServers)).toMatch(/DNS name or NetBIOS name/);
    expect(nameError(' clu01 ', managedServers)).toBe('CLU01 is already managed (Hyper-V cluster).');
    expect(nameError('hv03.lab.local', managedServers)).toBeNull();
  });

  it('credentials: a choice is required; Kerberos needs a name, not an IP address; a removed credential is refused', () => {
    expect(credentialError(null, [backupAdmin], 'hv03')).toMatch(/Choose the account/);
    expect(credentialError(CONSOLE_CHOICE, [backupAdmin], 'hv03')).toBeNull();
    expect(credentialError(CONSOLE_CHOICE, [backupAdmin], '192.168.10.3')).toMatch(/needs the server’s DNS name/);
    expect(credentialError('cred-1', [backupAdmin], '192.168.10.3')).toBeNull();
    expect(credentialError('cred-gone', [backupAdmin], 'hv03')).toMatch(/no longer exists/);
  });

  it('discovery must be for the current name and account, and finished', () => {
    expect(discoveryError(null, 'hyperv-host', 'hv03', 'cred-1')).toBe('Discovery has not finished.');
    expect(discoveryError(done(), 'hyperv-host', 'hv04', 'cred-1')).toBe('Discovery has not finished.');
    expect(discoveryError(done(), 'hyperv-host', 'hv03', CONSOLE_CHOICE)).toBe('Discovery has not finished.');
    expect(discoveryError({ ...done(), status: 'loading', result: null }, 'hyperv-host', 'hv03', 'cred-1')).toBe('Discovery has not finished.');
    expect(discoveryError(done(), 'hyperv-host', ' hv03 ', 'cred-1')).toBeNull();
    const denied: ProbeState = { ...done(), status: 'error', result: null, error: { code: ErrorCode.AccessDenied, message: 'Access is denied' } };
    expect(discoveryError(denied, 'hyperv-host', 'hv03', 'cred-1')).toBe('Access is denied');
    expect(discoveryError(done({ ...hv03Probe, alreadyManaged: true }), 'hyperv-host', 'hv03', 'cred-1')).toMatch(/already managed/);
    const warnOnly = { ...hv03Probe, checks: [{ id: 'w', title: 'Free space', status: 'warning' as const, reason: 'low' }] };
    expect(discoveryError(done(warnOnly), 'hyperv-host', 'hv03', 'cred-1')).toBeNull(); // warnings do not block
  });

  it('kind: the same rule as the host — VMs make a host, a cluster name a cluster, a node needs its cluster', () => {
    expect(kindMismatch('hyperv-host', hv03Probe)).toBeNull();
    expect(kindMismatch('windows-server', hv03Probe)).toEqual({
      message: 'HV03 runs 1 VM(s): add it as a Hyper-V host so they can be protected (a Hyper-V host can be an off-host proxy too).',
      fits: 'hyperv-host',
    });
    // An empty Hyper-V server is suggested as a Windows server, but may be added as a host.
    expect(kindMismatch('windows-server', proxy04Probe)).toBeNull();
    expect(kindMismatch('hyperv-host', proxy04Probe)).toBeNull();
    expect(kindMismatch('hyperv-host', { ...proxy04Probe, hyperV: false })?.fits).toBe('windows-server');
    expect(kindMismatch('hyperv-cluster', hv03Probe)).toEqual({ message: 'HV03 is not a failover cluster: add it as a Hyper-V host.', fits: 'hyperv-host' });
    const cluster = { ...hv03Probe, name: 'CLU02', clusterName: 'CLU02', detectedKind: 'hyperv-cluster' as const, nodeNames: ['N1', 'N2'] };
    expect(kindMismatch('hyperv-cluster', cluster)).toBeNull();
    expect(kindMismatch('hyperv-host', cluster)?.fits).toBe('hyperv-cluster');
    const node = { ...hv03Probe, name: 'HVC01', clusterName: 'CLU01' };
    expect(kindMismatch('hyperv-host', node)).toEqual({
      message: 'HVC01 is a node of cluster CLU01 — add the cluster instead',
      fits: null,
    });
    expect(kindMismatch('hyperv-cluster', node)?.fits).toBeNull();
  });

  it('hints name the way out by error code', () => {
    expect(probeErrorHint(ErrorCode.AccessDenied, 'HV03', true)).toMatch(/refused the console identity.*\.\\Administrator/);
    expect(probeErrorHint(ErrorCode.AccessDenied, 'HV03', false)).toMatch(/Check the password/);
    expect(probeErrorHint(ErrorCode.ServerUnreachable, 'HV03', false)).toMatch(/WinRM/);
  });

  it('the draft: trimmed name, console identity as null, VSS only for Hyper-V', () => {
    const vss = { failoverToSoftwareProvider: false, maxSnapshotsPerVolume: 2 };
    expect(toServerDraft({ kind: 'hyperv-host', name: ' hv03 ', description: 'd', choice: CONSOLE_CHOICE, vss })).toEqual({
      kind: 'hyperv-host',
      name: 'hv03',
      description: 'd',
      credentialId: null,
      vss,
    });
    // A Windows server gets the host defaults, whatever the (hidden) form held.
    expect(toServerDraft({ kind: 'windows-server', name: 'proxy04', description: '', choice: 'cred-2', vss }).vss).toEqual({
      failoverToSoftwareProvider: true,
      maxSnapshotsPerVolume: 4,
    });
  });
});
