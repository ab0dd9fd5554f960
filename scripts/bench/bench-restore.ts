// Bench helper: Ferry's restore data path (the target's data mover, restore-writer.ts) as its own process —
//   full REPO POINT OUT.vhdx          one whole disk of the point as a new dynamic VHDX
//   rollback REPO POINT LIVE.vhdx RANGES.json   quick rollback: only RANGES written back from the point into LIVE
// Prints {"bytesWritten", "elapsedMs"} (the restore itself, without process start-up).
import { InProcessDiskWriter } from '../../src-main/engine/datamover/restore-writer';
import { RepoPool } from '../../src-main/engine/repository/repo-pool';
import { readFileSync } from 'node:fs';

const [mode, repoDir, pointId, path, rangesFile] = process.argv.slice(2);
const repos = new RepoPool();
const diskKey = (await repos.read(repoDir, (r) => r.getPoint(pointId))).disks[0].diskKey;
const ranges = mode === 'rollback' ? (JSON.parse(readFileSync(rangesFile, 'utf8')) as Array<{ offset: number; length: number }>) : undefined;
const r = await new InProcessDiskWriter(repos).restore(
  { taskId: 'bench', repositoryDir: repoDir, pointId, diskKey, path, write: mode === 'rollback' ? 'in-place' : 'new-file', ...(ranges ? { ranges } : {}) },
  () => undefined,
  new AbortController().signal,
);
await repos.closeAll();
process.stdout.write(`${JSON.stringify({ bytesWritten: r.bytesWritten, elapsedMs: r.elapsedMs })}\n`);
