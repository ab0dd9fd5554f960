import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic';

describe('writeFileAtomic', () => {
  const dirs: string[] = [];
  const fresh = () => {
    const d = mkdtempSync(join(tmpdir(), 'ferry-atomic-'));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('creates the missing folder, replaces the old content, and leaves no temp file', async () => {
    const target = join(fresh(), 'a', 'b', 'state.json');
    await writeFileAtomic(target, 'one');
    await writeFileAtomic(target, 'two');
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(readdirSync(join(target, '..'))).toEqual(['state.json']);
  });

  it('a write that cannot land removes its temp file and keeps what was there', async () => {
    const dir = fresh();
    const target = join(dir, 'taken');
    mkdirSync(join(target, 'inside'), { recursive: true }); // a non-empty folder: rename over it fails
    await expect(writeFileAtomic(target, 'x')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
    expect(readdirSync(target)).toEqual(['inside']);
  });

  it('writes its temp file into tmpDir when one is given (the repository keeps temp files in its tmp/ folder)', async () => {
    const dir = fresh();
    const tmp = join(dir, 'tmp');
    // a tmpDir that does not exist fails the write: the temp file is not made next to the target instead
    await expect(writeFileAtomic(join(dir, 'config'), 'c', tmp)).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
    mkdirSync(tmp);
    await writeFileAtomic(join(dir, 'config'), 'c', tmp);
    expect(readFileSync(join(dir, 'config'), 'utf8')).toBe('c');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
