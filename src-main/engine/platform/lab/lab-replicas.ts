// The lab's target hosts for replication: replica folders under lab/hosts/<host>/<drive>/…, the replica VMs
// (registered Off, one checkpoint per point) in lab/replicas.json, merges and failover disks as real VHDX file
// operations, failback into the source VM's live disk through its change tracking. Faults: merge,
// failover-start, failback (target: the replica VM's name); target-write is the target agent's.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import { createDifferencingVhdx, openDisk, VhdxWriter } from '../../vhdx';
import { mergeIntoParent, reparentVhdx } from '../../vhdx/vhdx-merge';
import { writeFileAtomic } from '../../util/atomic';
import type { AgentEndpoint, PlatformLog } from '../types';
import type { ByteRange } from '../../datamover/task';
import type { FailbackResult, ReplicaHost } from '../../replication/replica-host';
import { failoverFile } from '../../replication/replica-layout';
import type { RecordPoint, ReplicaRecord } from '../../replication/replica-record';
import type { LabPlatform } from './lab-platform';
import { labDir } from './lab-state';

const MiB = 1024 * 1024;

/** A replica VM as the lab's target host shows it (Hyper-V Manager: the VM, its state, its checkpoints). */
export interface LabReplicaVm {
  hostId: string;
  name: string;
  state: 'Off' | 'Running';
  checkpoints: Array<{ name: string; pointId: string }>;
  disks: string[];
}

export class LabReplicas implements ReplicaHost {
  constructor(private readonly lab: LabPlatform) {}

  private get file(): string {
    return join(labDir(this.lab.dataDir), 'replicas.json');
  }

  async list(): Promise<LabReplicaVm[]> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as LabReplicaVm[];
    } catch {
      return [];
    }
  }

  root(hostId: string, path: string): string {
    // C:\Replicas → lab/hosts/<host>/C/Replicas (a UNC path \\server\share\x → lab/hosts/<host>/unc/server/share/x)
    const parts = path.replace(/^\\\\/, 'unc\\').replace(/^([A-Za-z]):/, '$1').split(/[\\/]+/).filter((p) => p && p !== '.' && p !== '..');
    return join(labDir(this.lab.dataDir), 'hosts', hostId, ...parts);
  }

  endpoint(hostId: string): Promise<AgentEndpoint | null> {
    return this.lab.hostAgentEndpoint(hostId);
  }

  async register(r: ReplicaRecord, log: PlatformLog): Promise<void> {
    const host = this.lab.topology.hosts.find((h) => h.id === r.targetHostId)?.name ?? r.targetHostId;
    const known = (await this.list()).find((v) => v.name === r.name && v.hostId === r.targetHostId);
    await this.save({
      hostId: r.targetHostId,
      name: r.name,
      state: known?.state ?? 'Off',
      checkpoints: r.points.filter((p) => p.id !== r.mergingPointId).map((p) => ({ name: p.checkpointName, pointId: p.id })),
      disks: (r.points[r.points.length - 1]?.disks ?? []).map((d) => d.path),
    });
    if (!known) log('info', `${host}: replica VM ${r.name} registered (Off) in ${r.path}`);
  }

  async mergeOldest(r: ReplicaRecord, log: PlatformLog): Promise<void> {
    const [oldest, next, after] = r.points;
    if (!next) return;
    await this.lab.faults.gate('merge', r.name);
    for (const d of next.disks) {
      const base = oldest.disks.find((x) => x.diskIndex === d.diskIndex)?.path;
      if (!base || d.path === base) continue;
      if (existsSync(d.path)) await mergeIntoParent(d.path);
      const child = after?.disks.find((x) => x.diskIndex === d.diskIndex);
      if (child && existsSync(child.path)) await reparentVhdx(child.path, base);
      await rm(d.path, { force: true });
    }
    log('info', `${r.name}: checkpoint "${oldest.checkpointName}" deleted, its disks merged (point ${next.id} is the oldest now)`);
  }

  async startFailover(r: ReplicaRecord, point: RecordPoint, log: PlatformLog): Promise<ReplicaRecord['failoverFiles']> {
    await this.lab.faults.gate('failover-start', r.name);
    const files: ReplicaRecord['failoverFiles'] = [];
    for (const d of point.disks) {
      const path = failoverFile(r.root, r.name, d.sourcePath);
      await rm(path, { force: true });
      await createDifferencingVhdx(path, d.path);
      files.push({ diskIndex: d.diskIndex, path });
    }
    await this.setState(r, 'Running');
    // the replica's guest runs and writes, into its own differencing disks (the point stays untouched)
    for (const f of files) await guestWrite(f.path, r.name);
    log('info', `${r.name} started from checkpoint "${point.checkpointName}" (its writes go to ${files.length} new differencing disk(s))`);
    return files;
  }

  async undoFailover(r: ReplicaRecord, log: PlatformLog): Promise<void> {
    await this.setState(r, 'Off');
    for (const f of r.failoverFiles) await rm(f.path, { force: true });
    log('info', `${r.name} powered off; what it wrote since the failover was discarded`);
  }

  async failback(r: ReplicaRecord, log: PlatformLog, progress: (f: number) => void): Promise<FailbackResult> {
    await this.lab.faults.gate('failback', r.name);
    await this.setSourceRunning(r.sourceVmId, false, log);
    const written: FailbackResult['written'] = [];
    let bytesSent = 0;
    let blocksCompared = 0;
    for (const [i, f] of r.failoverFiles.entries()) {
      const ranges: ByteRange[] = [];
      const blocks: Array<{ offset: number; data: Buffer }> = [];
      const replica = await openDisk(f.path);
      const prod = await openDisk(this.lab.liveDisk(r.sourceVmId, f.diskIndex));
      try {
        // only blocks that differ go back (compared here on the target; a real host compares hashes)
        for (let at = 0; at < replica.virtualSize; at += MiB) {
          const len = Math.min(MiB, replica.virtualSize - at);
          const [a, b] = await Promise.all([replica.read(at, len), prod.read(at, len)]);
          blocksCompared++;
          if (a.equals(b)) continue;
          blocks.push({ offset: at, data: a });
          ranges.push({ offset: at, length: len });
          bytesSent += len;
        }
      } finally {
        await replica.close();
        await prod.close();
      }
      await this.lab.writeIntoLiveDisk(r.sourceVmId, f.diskIndex, blocks);
      written.push({ diskIndex: f.diskIndex, ranges });
      progress((i + 1) / Math.max(1, r.failoverFiles.length));
    }
    log('info', `${r.sourceVmName}: ${blocksCompared} block(s) compared, ${written.reduce((n, w) => n + w.ranges.length, 0)} differing block(s) sent back (${bytesSent} bytes)`);
    return { written, bytesSent, blocksCompared };
  }

  async setReplicaRunning(r: ReplicaRecord, running: boolean, log: PlatformLog): Promise<void> {
    await this.setState(r, running ? 'Running' : 'Off');
    log('info', `${r.name} ${running ? 'started' : 'powered off'}`);
  }

  async setSourceRunning(vmId: string, running: boolean, log: PlatformLog): Promise<void> {
    const vm = this.lab.topology.vms.find((v) => v.id === vmId);
    if (!vm) throw new FerryError(ErrorCode.ReplicaOperation, `Source VM ${vmId} is not in the lab`);
    if (vm.running === running) return;
    await this.lab.setVmRunning(vmId, running);
    log('info', `${vm.name} ${running ? 'started' : 'shut down'}`);
  }

  private async setState(r: ReplicaRecord, state: LabReplicaVm['state']): Promise<void> {
    const all = await this.list();
    const vm = all.find((v) => v.name === r.name && v.hostId === r.targetHostId);
    if (!vm) throw new FerryError(ErrorCode.ReplicaOperation, `Replica VM ${r.name} is not registered on its target host`);
    vm.state = state;
    await writeFileAtomic(this.file, JSON.stringify(all, null, 2));
  }

  private async save(vm: LabReplicaVm): Promise<void> {
    const all = (await this.list()).filter((v) => !(v.name === vm.name && v.hostId === vm.hostId));
    await writeFileAtomic(this.file, JSON.stringify([...all, vm], null, 2));
  }
}

/** A running replica's guest activity: 64 KiB at 1 MiB, derived from its name. */
async function guestWrite(path: string, name: string): Promise<void> {
  const w = await VhdxWriter.open(path);
  try {
    const data = Buffer.alloc(64 * 1024, name.length % 251);
    data.write(`written by ${name} after failover`, 0, 'utf8');
    await w.write(MiB, data);
  } finally {
    await w.close();
  }
}
