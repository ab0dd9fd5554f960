// The requirement list a server probe shows (pass / warning / fail, with the reason and the fix), built the same
// way by both platforms from what they found. Platforms append their own extra checks (clock skew, cluster nodes).
import type { ReadinessCheck } from '../../../src-shared/domain';

export interface ProbeCheckInput {
  /** the server as the admin named it */
  name: string;
  /** who connected: an account name, or "the console's own identity" */
  account: string;
  os: string;
  osSupported: boolean;
  hyperV: boolean;
  hardwareProvider: string | null;
  clusterName: string | null;
  isClusterName: boolean;
  nodeNames: string[];
}

export const CONSOLE_IDENTITY = "the console's own Windows identity";

export function probeChecks(f: ProbeCheckInput): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    { id: 'reachable', title: 'Server is reachable', status: 'pass', reason: `${f.name} answered over WinRM` },
    { id: 'admin', title: 'Credentials are administrator', status: 'pass', reason: `${f.account} is a local administrator on ${f.name}` },
    f.osSupported
      ? { id: 'os', title: 'Operating system', status: 'pass', reason: f.os }
      : { id: 'os', title: 'Operating system', status: 'fail', reason: `${f.os} is not supported`, fix: 'Use Windows Server 2016 or later' },
    f.hyperV
      ? { id: 'hyperv-role', title: 'Hyper-V role installed', status: 'pass', reason: 'The Hyper-V role is enabled' }
      : {
          id: 'hyperv-role',
          title: 'Hyper-V role installed',
          status: 'warning',
          reason: 'No Hyper-V role: it can be managed as a Windows server, but it neither runs VMs nor can serve as an off-host proxy (importing Hyper-V snapshots needs the role)',
          fix: 'Install-WindowsFeature -Name Hyper-V -IncludeManagementTools -Restart',
        },
  ];
  if (f.hyperV) {
    checks.push(
      f.hardwareProvider
        ? { id: 'vss-provider', title: 'VSS hardware provider', status: 'pass', reason: `${f.hardwareProvider} installed` }
        : {
            id: 'vss-provider',
            title: 'VSS hardware provider',
            status: 'warning',
            reason: 'No VSS hardware provider: snapshots fall back to the software provider; off-host impossible',
            fix: "Install the storage vendor's VSS hardware provider (the same version on every host and proxy)",
          },
    );
  }
  if (f.isClusterName) {
    checks.push({ id: 'cluster', title: 'Failover cluster', status: 'pass', reason: `Cluster ${f.clusterName ?? f.name} with node(s) ${f.nodeNames.join(', ')}: they are added with it` });
  } else if (f.clusterName) {
    checks.push({
      id: 'cluster-node',
      title: 'Standalone server',
      status: 'fail',
      reason: `${f.name} is a node of cluster ${f.clusterName} — add the cluster instead`,
      fix: `Add ${f.clusterName} as a Hyper-V cluster: its nodes and their VMs come with it`,
    });
  }
  return checks;
}
