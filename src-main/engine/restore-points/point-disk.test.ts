import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src-shared/contract/errors';
import type { Repository, RestorePoint } from '../../../src-shared/domain';
import { Repo } from '../repository/repo';
import { backupPoint, makeDisk, tempDir } from '../repository/test-support';
import { locatePointDisk, openPointDiskReader } from './point-disk';

const BS = 32 * 1024;
let dir: string;
let image: Buffer;
let pointId: string;
let store: { getRestorePoint(id: string): RestorePoint | null; getRepository(id: string): Repository | null };

beforeAll(async () => {
  dir = await tempDir();
  const repo = await Repo.create(dir);
  image = makeDisk(BS, 'r0r', 17);
  const info = await backupPoint(repo, { 'vm-7/1': image }, BS);
  await repo.close();
  pointId = info.id;
  const point: RestorePoint = {
    id: info.id,
    jobId: 'job-1',
    jobName: 'Nightly',
    jobDeleted: false,
    sessionId: 's-1',
    repositoryId: 'repo-1',
    createdAt: info.createdAt,
    lastVerify: null,
    disks: [{ vmId: 'vm-7', vmName: 'WEB01', diskIndex: 1, sourcePath: 'C:\\VMs\\web01.vhdx', virtualSizeBytes: image.byteLength, storedBytes: 1, kind: 'full', consistency: 'application' }],
  };
  store = {
    getRestorePoint: (id) => (id === point.id ? point : null),
    getRepository: (id) => (id === 'repo-1' ? ({ id, path: dir } as Repository) : null),
  };
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('a restore point disk by the console’s names', () => {
  it('opens by VM name (any case) or id and disk index, and reads the disk', async () => {
    const id = pointId;
    expect(locatePointDisk(store, id, 'vm-7', 1)).toMatchObject({ diskKey: 'vm-7/1', repoPath: dir });
    const { reader, location } = await openPointDiskReader(store, id, 'web01', 1);
    expect(location.disk.vmName).toBe('WEB01');
    expect((await reader.read(0, image.byteLength)).equals(image)).toBe(true);
    await reader.close();
  });

  it('names what is missing with E_NOT_FOUND', async () => {
    const id = pointId;
    expect(() => locatePointDisk(store, 'nope', 'WEB01', 1)).toThrow(expect.objectContaining({ code: ErrorCode.NotFound, message: expect.stringContaining('Restore point') }));
    expect(() => locatePointDisk(store, id, 'WEB01', 0)).toThrow(expect.objectContaining({ code: ErrorCode.NotFound, message: expect.stringContaining('Disk') }));
    expect(() => locatePointDisk(store, id, 'SQL01', 1)).toThrow(expect.objectContaining({ code: ErrorCode.NotFound }));
  });
});
