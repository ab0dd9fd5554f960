// "Add server" discovery on Windows: the inventory's server-facts probe run against the name the admin typed,
// with the account the admin chose. Tells a cluster name (WinRM lands on the node that owns it, whose facts name
// the cluster) from a cluster node and from a standalone server; for a cluster, every node is probed with the
// same account, which also proves the account works on all of them.
import { ErrorCode, FerryError } from '../../../../../src-shared/contract/errors';
import type { ReadinessCheck } from '../../../../../src-shared/domain';
import { CONSOLE_IDENTITY, probeChecks } from '../../../servers/probe-checks';
import { detectKind, serverIdFromName } from '../../../../../src-shared/server-kind';
import type { PlatformLog, ProbedServer, ServerCredential } from '../../types';
import { WinCode } from '../error-codes';
import { hintOf } from '../errors';
import { buildWindowsInventory, serverId, type ServerReport } from './inventory';
import { domainSuffix } from '../exec/managed-credentials';
import { serverFactsPs } from './ps-server-facts';
import type { ScriptRunner, Target } from '../exec/script-runner';
import { readServerFacts, type ServerFacts } from './server-facts';

/** Kerberos refuses tickets beyond this clock difference (default domain policy). */
const MAX_SKEW_MS = 5 * 60_000;
/** Windows Server 2016 */
const MIN_BUILD = 14393;
const STEP = 'Server probe';

export interface ProbeDeps {
  run: ScriptRunner;
  /** how the executor reaches a name (platform.json's spelling when it lists the server) */
  targetFor(name: string): Target;
  timeoutMs: number;
  now(): number;
}

export async function probeWindowsServer(deps: ProbeDeps, name: string, credential: ServerCredential | null, log: PlatformLog): Promise<ProbedServer> {
  const account = credential?.user ?? CONSOLE_IDENTITY;
  const target = deps.targetFor(name);
  log('info', `${target.name}: reading the server's facts over WinRM as ${account}`);
  const first = await factsOf(deps, target, credential, account);
  const f = first.facts;
  const typedId = serverIdFromName(name);
  const isClusterName = f.cluster !== null && f.cluster.name.toLowerCase() === typedId && serverId(f.computerName) !== typedId;
  const reports: ServerReport[] = [{ connectName: target.name, role: f.hyperV ? 'hyperv-host' : 'server', facts: f }];
  const extra: ReadinessCheck[] = [clockCheck(first, target.name)];
  if (isClusterName && f.cluster) {
    log('info', `${target.name} is the network name of cluster ${f.cluster.name} (answered by node ${f.computerName}); probing its other nodes`);
    for (const node of f.cluster.nodes.filter((n) => serverId(n.name) !== serverId(f.computerName))) {
      const nodeTarget = deps.targetFor(`${node.name.toLowerCase()}${domainSuffix(target.name)}`);
      try {
        const r = await factsOf(deps, nodeTarget, credential, account);
        reports.push({ connectName: nodeTarget.name, role: 'hyperv-host', facts: r.facts });
        extra.push({ id: `node:${serverId(node.name)}`, title: `Node ${node.name}`, status: 'pass', reason: `${node.name} answered as ${account} (${node.state})` });
      } catch (e) {
        const err = FerryError.from(e);
        extra.push({ id: `node:${serverId(node.name)}`, title: `Node ${node.name}`, status: 'warning', reason: `${node.name} (${node.state}) did not answer: ${err.message}`, fix: hintOf(err) ?? 'Check the node, then rescan the cluster' });
      }
    }
  }
  const inv = buildWindowsInventory(reports);
  const hardware = f.providers.find((p) => p.type === 'hardware')?.name ?? null;
  const os = `${f.os.caption} (${f.os.version})`.trim();
  const clusterName = f.cluster?.name ?? null;
  const nodeNames = f.cluster?.nodes.map((n) => n.name) ?? [];
  const checks = [
    ...probeChecks({ name: target.name, account, os, osSupported: f.os.build >= MIN_BUILD && f.os.productType !== 1, hyperV: f.hyperV, hardwareProvider: hardware, clusterName, isClusterName, nodeNames }),
    ...extra,
  ];
  const vmCount = inv.vms.length;
  log('info', `${target.name}: ${os}, ${f.hyperV ? 'Hyper-V role' : 'no Hyper-V role'}, ${vmCount} VM(s)${clusterName ? `, cluster ${clusterName}` : ''}`);
  return {
    id: isClusterName && clusterName ? serverId(clusterName) : serverId(f.computerName || typedId),
    name: target.name,
    detectedKind: detectKind({ isClusterName, clusterName, hyperV: f.hyperV, vmCount }),
    os,
    hyperV: f.hyperV,
    vssHardwareProvider: hardware,
    clusterName,
    nodeNames,
    vmCount,
    volumes: inv.volumes.map((v) => ({ id: v.id, path: v.displayPath, kind: v.kind, sizeBytes: v.sizeBytes, lun: v.lun })),
    checks,
  };
}

interface TimedFacts {
  facts: ServerFacts;
  startedAt: number;
  endedAt: number;
}

async function factsOf(deps: ProbeDeps, target: Target, credential: ServerCredential | null, account: string): Promise<TimedFacts> {
  const startedAt = deps.now();
  let value: unknown;
  try {
    value = await deps.run.ps(target, STEP, serverFactsPs({ includeVms: true }), deps.timeoutMs, credential ?? undefined);
  } catch (e) {
    throw probeError(FerryError.from(e), target.name, account);
  }
  const endedAt = deps.now();
  const facts = readServerFacts(value, STEP, target.name, 'probe');
  if (!facts.isAdmin) {
    throw new FerryError(ErrorCode.AccessDenied, `Access is denied: ${account} reached ${target.name} but is not an elevated administrator there.`, {
      hint: 'Use an account in the local Administrators group of the server (for a local account, remote UAC also needs LocalAccountTokenFilterPolicy = 1).',
      server: target.name,
    });
  }
  return { facts, startedAt, endedAt };
}

/** WinRM's refusals in the contract's terms: the console shows "access denied" and "unreachable" as such. */
function probeError(err: FerryError, server: string, account: string): FerryError {
  if (err.code === WinCode.AccessDenied) {
    return new FerryError(ErrorCode.AccessDenied, `Access is denied: ${server} refused ${account}.`, {
      hint: 'Check the account and its password; it must be in the local Administrators group of the server (for a workgroup server: .\\Administrator or SERVER\\account).',
      server,
      cause: err.code,
    });
  }
  if (err.code === WinCode.Credentials) {
    return new FerryError(ErrorCode.AccessDenied, `No usable account for ${server}: ${err.message}`, { hint: hintOf(err) ?? 'Choose a stored credential for the server.', server, cause: err.code });
  }
  if (err.code === WinCode.Unreachable || err.code === WinCode.ExecTimeout) {
    return new FerryError(ErrorCode.ServerUnreachable, err.message, {
      hint: hintOf(err) ?? 'Check the name (DNS), that the server is on, that WinRM is enabled (Enable-PSRemoting) and TCP 5985/5986 is open from the console.',
      server,
      cause: err.code,
    });
  }
  return err;
}

/** Kerberos needs the clocks within 5 minutes; the probe's own duration is not counted as skew. */
function clockCheck(t: TimedFacts, server: string): ReadinessCheck {
  const title = 'Clock in sync with the console';
  const collected = t.facts.collectedAt ? Date.parse(t.facts.collectedAt) : NaN;
  if (Number.isNaN(collected)) return { id: 'clock', title, status: 'warning', reason: `${server} did not report its time`, fix: 'Check w32tm /query /status on the server' };
  const skew = Math.max(0, Math.abs(collected - (t.startedAt + t.endedAt) / 2) - (t.endedAt - t.startedAt) / 2);
  if (skew <= MAX_SKEW_MS) return { id: 'clock', title, status: 'pass', reason: `Within ${Math.round(skew / 1000)} s of the console` };
  return {
    id: 'clock',
    title,
    status: 'warning',
    reason: `${server}'s clock is ${Math.round(skew / 60_000)} min off the console's: Kerberos refuses more than 5 min`,
    fix: 'Sync the time with the domain (w32tm /resync) on the server and the console',
  };
}
