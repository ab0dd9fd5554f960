// The repository config file: its presence makes a directory a repository; its version gates the format.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import { z } from 'zod';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { isNotFound, listDir, messageOf } from './fs-util';
import { writeFileAtomic } from '../util/atomic';
import { RepoLayout } from './layout';

export const REPO_FORMAT = 'ferry-repository';
export const REPO_FORMAT_VERSION = 1;

const RepoConfig = z.object({
  format: z.literal(REPO_FORMAT),
  version: z.number().int(),
  id: z.string(),
  createdAt: z.string(),
});
export type RepoConfig = z.infer<typeof RepoConfig>;

export async function readConfig(layout: RepoLayout): Promise<RepoConfig> {
  let text: string;
  try {
    const st = await fs.stat(layout.root);
    if (!st.isDirectory()) throw new FerryError(ErrorCode.RepoMissing, `Not a Ferry repository: ${layout.root} is not a directory`);
    text = await fs.readFile(layout.config, 'utf8');
  } catch (e) {
    if (e instanceof FerryError) throw e;
    if (isNotFound(e)) throw new FerryError(ErrorCode.RepoMissing, `Not a Ferry repository: ${layout.root} (no config.json)`);
    throw new FerryError(ErrorCode.RepoCorrupt, `Cannot read repository config in ${layout.root}: ${messageOf(e)}`);
  }
  let parsed: ReturnType<typeof RepoConfig.safeParse>;
  try {
    parsed = RepoConfig.safeParse(JSON.parse(text));
  } catch (e) {
    throw new FerryError(ErrorCode.RepoCorrupt, `Repository config in ${layout.root} is not valid JSON: ${messageOf(e)}`);
  }
  if (!parsed.success) {
    throw new FerryError(ErrorCode.RepoCorrupt, `Repository config in ${layout.root} is not a Ferry repository config`);
  }
  if (parsed.data.version !== REPO_FORMAT_VERSION) {
    throw new FerryError(
      ErrorCode.RepoCorrupt,
      `Repository ${layout.root} has format version ${parsed.data.version}; this Ferry reads version ${REPO_FORMAT_VERSION} only`,
      { version: parsed.data.version, supported: REPO_FORMAT_VERSION },
    );
  }
  return parsed.data;
}

/** Lay out a new repository. The config is written last: a crash before it leaves a non-repository. */
export async function createRepoFiles(layout: RepoLayout): Promise<RepoConfig> {
  const existing = await listDir(layout.root).catch((e: unknown) => {
    throw new FerryError(ErrorCode.RepoWrite, `Cannot read ${layout.root}: ${messageOf(e)}`);
  });
  if (existing.includes('config.json')) {
    throw new FerryError(ErrorCode.RepoCorrupt, `${layout.root} is already a repository; open it instead of creating it`);
  }
  const ours = new Set(['packs', 'points', 'manifests', 'tmp']); // an earlier create that crashed before config.json
  const foreign = existing.filter((n) => !ours.has(n));
  if (foreign.length > 0) {
    throw new FerryError(
      ErrorCode.RepoCorrupt,
      `Cannot create a repository in ${layout.root}: the directory is not empty (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''})`,
    );
  }
  const config: RepoConfig = {
    format: REPO_FORMAT,
    version: REPO_FORMAT_VERSION,
    id: randomUUID(),
    createdAt: new Date().toISOString(),
  };
  try {
    for (const dir of layout.dirs) await fs.mkdir(dir, { recursive: true });
    await writeFileAtomic(layout.config, JSON.stringify(config, null, 2) + '\n', layout.tmpDir);
  } catch (e) {
    throw new FerryError(ErrorCode.RepoWrite, `Cannot create repository in ${layout.root}: ${messageOf(e)}`);
  }
  return config;
}
