// What the platform knows about each snapshot while the console runs. The durable copy lives in the records on
// the Windows machines (records.ts); this is rebuilt from them after a restart.
import type { ChangeReference, ExposedSnapshot } from '../../types';
import type { HostSession } from './host-session';
import type { SnapshotPaths } from './snapshot-paths';

/** DiskShadow alias of the one volume in each snapshot; the gate records it under this name. */
export const VOLUME_ALIAS = 'FERRY_VOL1';

export interface SnapshotState {
  snapshotId: string;
  hostId: string;
  volumeId: string;
  /** the path given to `add volume` */
  volumePath: string;
  vmIds: string[];
  applicationConsistent: boolean;
  providerId: string;
  alias: string;
  paths: SnapshotPaths;
  setId: string | null;
  shadowIds: string[];
  /** the running host DiskShadow session, null after a restart */
  session: HostSession | null;
  /** server ids where an import was tried (a failed or partial import must be cleaned there too) */
  importAttemptedOn: string[];
  importedOn: string | null;
  /** shadow ids as the importing server lists them (normally the same as on the host) */
  importedShadowIds: string[];
  exposeAttemptedOn: string[];
  exposed: { serverId: string; result: ExposedSnapshot } | null;
  deleted: boolean;
  /** RCT reference of each disk, taken just before the snapshot (absent: change tracking not asked or not possible) */
  references?: ChangeReference[];
}

export type SnapshotFacts = Pick<SnapshotState, 'snapshotId' | 'hostId' | 'paths'> & Partial<SnapshotState>;

/** A state with nothing done yet beyond what `facts` says. */
export function newSnapshotState(facts: SnapshotFacts): SnapshotState {
  return {
    volumeId: '',
    volumePath: '',
    vmIds: [],
    applicationConsistent: false,
    providerId: '',
    alias: VOLUME_ALIAS,
    setId: null,
    shadowIds: [],
    session: null,
    importAttemptedOn: [],
    importedOn: null,
    importedShadowIds: [],
    exposeAttemptedOn: [],
    exposed: null,
    deleted: false,
    ...facts,
  };
}

export class SnapshotRegistry {
  private readonly states = new Map<string, SnapshotState>();

  get(snapshotId: string): SnapshotState | undefined {
    return this.states.get(snapshotId);
  }

  put(state: SnapshotState): SnapshotState {
    this.states.set(state.snapshotId, state);
    return state;
  }
}

/** "hostId|C:\...\snapshot.cab": enough for import to find the .cab, even after a restart. */
export function formatMetadataRef(hostId: string, cabPath: string): string {
  return `${hostId}|${cabPath}`;
}

export function parseMetadataRef(ref: string): { hostId: string; cabPath: string } | null {
  const i = ref.indexOf('|');
  if (i <= 0) return null;
  return { hostId: ref.slice(0, i), cabPath: ref.slice(i + 1) };
}
