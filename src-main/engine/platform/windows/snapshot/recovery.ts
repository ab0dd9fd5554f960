// Crash recovery: rebuilds what the platform knew about a snapshot from the records Ferry leaves on each machine
// (snapshot.json + the gate's created.txt), and joins them with what VSS still lists, for the leftover scan.
// Pure: the platform does the remote calls and hands the results in.
import type { Leftover } from '../../types';
import { snapshotFolderName, snapshotPaths } from './snapshot-paths';
import { recordShadowIds, type FolderRecord } from './records';
import type { Target } from '../exec/script-runner';
import { newSnapshotState, type SnapshotState } from './snapshot-state';

export interface ServerRecords {
  target: Target;
  records: FolderRecord[];
}

export function stateFromRecords(snapshotId: string, scans: ServerRecords[], workRoot: string): SnapshotState | undefined {
  const folder = snapshotFolderName(snapshotId);
  let state: SnapshotState | undefined;
  for (const { target, records } of scans) {
    for (const r of records.filter((x) => x.folder === folder || x.record?.snapshotId === snapshotId)) {
      const ids = recordShadowIds(r);
      const hostId = r.record?.hostId ?? target.id;
      const s = (state ??= newSnapshotState({ snapshotId, hostId, paths: snapshotPaths(workRoot, snapshotId) }));
      // whatever was exposed before the crash is unknown: every server with a folder gets its mount folder probed
      s.exposeAttemptedOn = [...new Set([...s.exposeAttemptedOn, target.id])];
      if (r.record?.role === 'proxy') {
        s.importedOn = target.id;
        s.importAttemptedOn = [...new Set([...s.importAttemptedOn, target.id])];
        s.importedShadowIds = ids.shadowIds;
        s.setId ??= ids.setId;
        if (s.shadowIds.length === 0) s.shadowIds = ids.shadowIds;
        continue;
      }
      s.hostId = hostId;
      if (r.record) {
        s.volumeId = r.record.volumeId;
        s.volumePath = r.record.volumePath;
        s.vmIds = r.record.vmIds;
        s.applicationConsistent = r.record.applicationConsistent;
        s.providerId = r.record.providerId;
        s.alias = r.record.alias;
      }
      s.setId = ids.setId ?? s.setId;
      if (ids.shadowIds.length > 0) s.shadowIds = ids.shadowIds;
    }
  }
  return state;
}

/**
 * One leftover per snapshot folder per server. `listed` holds the shadow ids VSS still lists on that server
 * (null when the listing failed: then the recorded ids are reported as they are).
 */
export function leftoversFrom(scans: ServerRecords[], listed: Map<string, Set<string> | null>): Leftover[] {
  const leftovers: Leftover[] = [];
  for (const { target, records } of scans) {
    const present = listed.get(target.id) ?? null;
    for (const r of records) {
      const { shadowIds } = recordShadowIds(r);
      leftovers.push({
        snapshotId: r.record?.snapshotId ?? r.folder,
        shadowIds: present ? shadowIds.filter((id) => present.has(id)) : shadowIds,
        where: target.id,
      });
    }
  }
  return leftovers;
}
