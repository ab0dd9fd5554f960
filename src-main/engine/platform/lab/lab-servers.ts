// "Add server" in the lab: name resolution (short names, .lab.local FQDNs, any case), the logins of the lab's
// account table (topology.ts) as WinRM would judge them, and what a probe finds. Pure: topology in, probe out.
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { Cluster, Host } from '../../../../src-shared/domain';
import { CONSOLE_IDENTITY, probeChecks } from '../../servers/probe-checks';
import { detectKind } from '../../../../src-shared/server-kind';
import type { PlatformLog, ProbedServer, ServerCredential } from '../types';
import { LAB_ACCOUNTS, LAB_DNS_SUFFIX, LAB_DOMAIN, LAB_WORKGROUP_SERVER_IDS, type LabTopology } from './topology';

export type LabServer = { kind: 'host'; host: Host } | { kind: 'cluster'; cluster: Cluster };

/** The lab object a name refers to, or null (as DNS would not resolve it). */
export function resolveLabServer(topo: LabTopology, name: string): LabServer | null {
  let n = name.trim().toLowerCase();
  if (n.endsWith(LAB_DNS_SUFFIX)) n = n.slice(0, -LAB_DNS_SUFFIX.length);
  if (n.includes('.')) return null; // another DNS domain: nothing in the lab answers
  const host = topo.hosts.find((h) => h.name.toLowerCase() === n);
  if (host) return { kind: 'host', host };
  const cluster = topo.clusters.find((c) => c.name.toLowerCase() === n);
  return cluster ? { kind: 'cluster', cluster } : null;
}

const idOf = (s: LabServer): string => (s.kind === 'host' ? s.host.id : s.cluster.id);
const nameOf = (s: LabServer): string => (s.kind === 'host' ? s.host.name : s.cluster.name);
export const isWorkgroup = (s: LabServer): boolean => s.kind === 'host' && LAB_WORKGROUP_SERVER_IDS.includes(s.host.id);

/** True when the account is an administrator there (the lab's LAB_ACCOUNTS table). */
export function labLoginOk(server: LabServer, credential: ServerCredential | null): boolean {
  const workgroup = isWorkgroup(server);
  if (credential === null) return !workgroup; // Kerberos as the console's identity: domain servers only
  const user = credential.user.trim().toLowerCase();
  for (const a of LAB_ACCOUNTS) {
    if (a.user === null || a.password !== credential.secret) continue;
    if (a.scope === 'domain' && !workgroup) {
      const [domain, account] = a.user.toLowerCase().split('\\');
      if (user === `${domain}\\${account}` || user === `${account}@${LAB_DNS_SUFFIX.slice(1)}`) return true;
    }
    if (a.scope === 'workgroup' && workgroup) {
      const account = a.user.toLowerCase().split('\\')[1];
      const local = nameOf(server).toLowerCase();
      if (user === `.\\${account}` || user === `${local}\\${account}` || user === account) return true;
    }
  }
  return false;
}

export interface LabProbeInput {
  topo: LabTopology;
  name: string;
  credential: ServerCredential | null;
  /** fault injection: the server does not answer */
  unreachable(serverId: string): boolean;
  log: PlatformLog;
}

export function probeLabServer({ topo, name, credential, unreachable, log }: LabProbeInput): ProbedServer {
  const account = credential?.user ?? CONSOLE_IDENTITY;
  const server = resolveLabServer(topo, name);
  if (!server) {
    throw new FerryError(ErrorCode.ServerUnreachable, `WinRM cannot process the request: the computer name ${name.trim()} could not be resolved.`, {
      hint: `Check the name. The lab has HV01, HV02, CLU01 (nodes HVC01–HVC03), PROXY01, PROXY02, BACKUP03 in the ${LAB_DOMAIN} domain and the workgroup servers HV03 and PROXY04; FQDNs end in ${LAB_DNS_SUFFIX}.`,
      server: name.trim(),
    });
  }
  const id = idOf(server);
  const display = nameOf(server);
  if (unreachable(id)) {
    throw new FerryError(ErrorCode.ServerUnreachable, `WinRM cannot complete the operation: ${display} did not answer on port 5985.`, {
      hint: 'Check that the server is on, that WinRM is enabled (Enable-PSRemoting) and TCP 5985 is open from the console.',
      server: display,
    });
  }
  log('info', `${display}: WinRM session as ${account}${isWorkgroup(server) ? ' (workgroup server: local account, NTLM)' : ` (${LAB_DOMAIN} domain, Kerberos)`}`);
  if (!labLoginOk(server, credential)) {
    const hint = isWorkgroup(server)
      ? `${display} is not in the ${LAB_DOMAIN} domain: only its local administrator gets in (.\\Administrator or ${display}\\Administrator). Lab accounts: README, "Lab accounts".`
      : `Use an administrator of the ${LAB_DOMAIN} domain (e.g. ${LAB_DOMAIN}\\backup-admin) and check the password. Lab accounts: README, "Lab accounts".`;
    throw new FerryError(ErrorCode.AccessDenied, `Connecting to ${display} failed: Access is denied (as ${account}).`, { hint, server: display });
  }

  const nodes = server.kind === 'cluster' ? topo.hosts.filter((h) => server.cluster.nodeIds.includes(h.id)) : [];
  const host = server.kind === 'host' ? server.host : nodes[0];
  const cluster = server.kind === 'cluster' ? server.cluster : topo.clusters.find((c) => c.id === host.clusterId) ?? null;
  const vms = server.kind === 'cluster' ? topo.vms.filter((v) => v.clusterId === server.cluster.id) : topo.vms.filter((v) => v.hostId === host.id);
  const volumeIds = new Set([
    ...vms.map((v) => v.volumeId),
    ...topo.volumes.filter((v) => (server.kind === 'cluster' ? v.clusterId === server.cluster.id : v.kind === 'local' && v.ownerHostId === host.id)).map((v) => v.id),
  ]);
  const volumes = topo.volumes.filter((v) => volumeIds.has(v.id)).map((v) => ({ id: v.id, path: v.path, kind: v.kind, sizeBytes: v.sizeBytes, lun: v.lun }));
  const isClusterName = server.kind === 'cluster';
  const clusterName = cluster?.name ?? null;
  const nodeNames = cluster ? topo.hosts.filter((h) => cluster.nodeIds.includes(h.id)).map((h) => h.name) : [];
  log('info', `${display}: ${host.os}, ${host.hyperV ? 'Hyper-V role' : 'no Hyper-V role'}, ${vms.length} VM(s)${clusterName ? `, cluster ${clusterName}` : ''}`);
  return {
    id,
    name: display,
    detectedKind: detectKind({ isClusterName, clusterName, hyperV: host.hyperV, vmCount: vms.length }),
    os: host.os,
    hyperV: host.hyperV,
    vssHardwareProvider: host.vssHardwareProvider,
    clusterName,
    nodeNames,
    vmCount: vms.length,
    volumes,
    checks: probeChecks({
      name: display,
      account,
      os: host.os,
      osSupported: /Windows Server (2016|2019|2022|2025)/.test(host.os),
      hyperV: host.hyperV,
      hardwareProvider: host.vssHardwareProvider,
      clusterName,
      isClusterName,
      nodeNames,
    }),
  };
}
