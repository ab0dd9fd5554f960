// A second, independent reference: ntfs-3g's command-line tools (libntfs-3g directly, no FUSE). ntfsls -i gives
// each directory's names with their MFT record numbers, ntfscat -i the bytes of a record's streams.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import type { NtfsFileSystem } from '../ntfs-file-system';
import { sha256Of } from './compare-with-ntfs3g';

const run = promisify(execFile);

/** name → record number of a directory, as ntfsls prints it (without the . and .. entries). */
export async function ntfslsNames(image: string, dir: string): Promise<Map<string, string>> {
  const { stdout } = await run('ntfsls', ['-i', '-p', `/${dir}`, image], { maxBuffer: 64 * 1024 * 1024 });
  const names = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\d+)\s(.*)$/.exec(line);
    if (m && m[2] !== '.' && m[2] !== '..' && m[2] !== './' && m[2] !== '../') names.set(m[2], m[1]);
  }
  return names;
}

export async function ntfscatSha256(image: string, record: string, stream = ''): Promise<string> {
  const args = stream ? ['-a', '0x80', '-n', stream, '-i', record, image] : ['-i', record, image];
  const { stdout } = await run('ntfscat', args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  return createHash('sha256').update(stdout).digest('hex');
}

/**
 * Differences between the reader and ntfsls/ntfscat for `dir` (names, record numbers, file bytes, the first few
 * streams of each file): one ntfscat process per stream, so big cases are sampled (the FUSE comparison is complete).
 */
export async function compareWithNtfsProgs(reader: NtfsFileSystem, image: string, dir: string, maxFiles = Infinity): Promise<string[]> {
  const diffs: string[] = [];
  const theirs = await ntfslsNames(image, dir);
  const mine = await reader.list(dir);
  const myNames = mine.map((e) => e.name).sort();
  const theirNames = [...theirs.keys()].sort();
  if (JSON.stringify(myNames) !== JSON.stringify(theirNames)) diffs.push(`${dir || '/'}: names differ (${myNames.length} vs ${theirNames.length} from ntfsls)`);
  let files = 0;
  for (const e of mine) {
    if (theirs.has(e.name) && theirs.get(e.name) !== e.id) diffs.push(`${dir}/${e.name}: record ${e.id}, ntfsls says ${theirs.get(e.name)}`);
    if (e.kind !== 'file' || e.id === undefined || files++ >= maxFiles) continue;
    const path = dir ? `${dir}/${e.name}` : e.name;
    if ((await sha256Of(await reader.open(path))) !== (await ntfscatSha256(image, e.id))) diffs.push(`${path}: bytes differ from ntfscat`);
    for (const s of (e.streams ?? []).slice(0, 5)) {
      if ((await sha256Of(await reader.openStream(path, s.name))) !== (await ntfscatSha256(image, e.id, s.name))) diffs.push(`${path}:${s.name}: bytes differ from ntfscat`);
    }
  }
  return diffs;
}
