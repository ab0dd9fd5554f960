// The per-snapshot folder layout on a Windows machine and the folder names snapshot ids map to.
import { describe, expect, it } from 'vitest';
import { PATHS } from '../testing/test-support';
import { snapshotFolderName } from './snapshot-paths';

describe('paths', () => {
  it('maps snapshot ids to safe, distinct folder names', () => {
    expect(snapshotFolderName('snap-0001')).toBe('snap-0001');
    const a = snapshotFolderName('job:7:vol');
    const b = snapshotFolderName('job_7_vol');
    expect(a).toMatch(/^job_7_vol-[0-9a-f]{8}$/);
    expect(b).toBe('job_7_vol');
    expect(a).not.toBe(b);
    expect(snapshotFolderName('con')).toMatch(/^con-[0-9a-f]{8}$/);
    expect(snapshotFolderName('x.')).toMatch(/^x_-[0-9a-f]{8}$/);
  });

  it('lays out one folder per snapshot and a mount folder with trailing backslash', () => {
    expect(PATHS).toEqual({
      dir: 'C:\\ProgramData\\Ferry\\snapshots\\snap-0001',
      cab: 'C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\snapshot.cab',
      gate: 'C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\gate.cmd',
      created: 'C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\created.txt',
      releaseFlag: 'C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\release.flag',
      abortFlag: 'C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\abort.flag',
      record: 'C:\\ProgramData\\Ferry\\snapshots\\snap-0001\\snapshot.json',
      mountPoint: 'C:\\ProgramData\\Ferry\\mounts\\snap-0001\\',
    });
  });
});
