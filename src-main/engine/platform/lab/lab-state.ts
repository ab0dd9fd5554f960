// The lab's persistent state (lab.json): topology plus what exists on the simulated SAN and proxies.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic';
import type { LabTopology } from './topology';

export interface LabSnapshotRecord {
  id: string;
  volumeId: string;
  hostId: string;
  /** VMs whose files the lab copied (a real volume snapshot holds all; the lab copies only what is needed) */
  vmIds: string[];
  shadowIds: string[];
  provider: string;
  importedOn: string | null;
  exposedOn: string | null;
  createdAt: string;
}

export interface LabAgentRecord {
  serverId: string;
  version: string;
  installedAt: string;
  certFingerprint: string;
}

export interface LabState {
  formatVersion: 1;
  createdAt: string;
  topology: LabTopology;
  snapshots: LabSnapshotRecord[];
  agents: LabAgentRecord[];
  guestWriteRound: number;
}

export const labDir = (dataDir: string): string => join(dataDir, 'lab');
const statePath = (dataDir: string): string => join(labDir(dataDir), 'lab.json');
export const labFaultsFile = (dataDir: string): string => join(labDir(dataDir), 'faults.json');

export function readLabState(dataDir: string): LabState | null {
  try {
    return JSON.parse(readFileSync(statePath(dataDir), 'utf8')) as LabState;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

export async function writeLabState(dataDir: string, s: LabState): Promise<void> {
  await writeFileAtomic(statePath(dataDir), JSON.stringify(s, null, 2));
}
