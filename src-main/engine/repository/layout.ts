// Where everything lives inside a repository directory. The only module that knows path names.
import path from 'node:path';

export const PACK_EXT = '.pack';
export const PACK_INDEX_EXT = '.idx';
export const MANIFEST_EXT = '.fmf';

export class RepoLayout {
  constructor(readonly root: string) {}

  get config(): string {
    return path.join(this.root, 'config.json');
  }
  get lock(): string {
    return path.join(this.root, 'lock');
  }
  get gcState(): string {
    return path.join(this.root, 'gc.json');
  }
  get packsDir(): string {
    return path.join(this.root, 'packs');
  }
  get pointsDir(): string {
    return path.join(this.root, 'points');
  }
  get manifestsDir(): string {
    return path.join(this.root, 'manifests');
  }
  /** Temp files live inside the repository so a rename into place never crosses file systems. */
  get tmpDir(): string {
    return path.join(this.root, 'tmp');
  }
  /** Bytes recovery and repair could not read but cannot prove are garbage: moved here, never deleted. */
  get quarantineDir(): string {
    return path.join(this.root, 'quarantine');
  }
  /** Records of damaged chunk copies (verify, repair): the next backup stores fresh copies of them. */
  get damagedDir(): string {
    return path.join(this.root, 'damaged');
  }
  /** Free space kept back so gc and forget can start on a full volume (see space-reserve.ts). */
  get reserve(): string {
    return path.join(this.root, 'reserve');
  }
  /** Every directory a fresh repository needs. */
  get dirs(): string[] {
    return [this.packsDir, this.pointsDir, this.manifestsDir, this.tmpDir];
  }

  /** Two-level fan-out keeps any one directory small. */
  packFanoutDir(packId: string): string {
    return path.join(this.packsDir, packId.slice(0, 2));
  }
  packFile(packId: string): string {
    return path.join(this.packFanoutDir(packId), packId + PACK_EXT);
  }
  packIndexFile(packId: string): string {
    return path.join(this.packFanoutDir(packId), packId + PACK_INDEX_EXT);
  }
  pointFile(pointId: string): string {
    return path.join(this.pointsDir, pointId + '.json');
  }
  pointManifestDir(pointId: string): string {
    return path.join(this.manifestsDir, pointId);
  }
  /** Manifests are named by position, so disk keys (which contain '/') never become path parts. */
  manifestFile(pointId: string, diskIndex: number): string {
    return path.join(this.pointManifestDir(pointId), `${diskIndex}${MANIFEST_EXT}`);
  }
}
