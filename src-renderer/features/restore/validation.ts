// Rules of the Restore dialog. Pure: unit-tested directly.
import type { RestorePoint } from '../../../src-shared/domain';
import { diskStateText } from '../../lib/restorePointText';
import { isAbsoluteFolder } from '../repository-wizard/validation';

export type RestoreFormat = 'raw' | 'vhdx';

export interface RestoreDiskChoice {
  /** "vmId/diskIndex" */
  key: string;
  vmId: string;
  diskIndex: number;
  label: string;
  /** "Incremental, crash-consistent" */
  state: string;
}

export function diskChoices(rp: RestorePoint): RestoreDiskChoice[] {
  return rp.disks.map((d) => ({
    key: `${d.vmId}/${d.diskIndex}`,
    vmId: d.vmId,
    diskIndex: d.diskIndex,
    label: `${d.vmName} — disk ${d.diskIndex} (${d.sourcePath})`,
    state: diskStateText(d),
  }));
}

export function outPathError(path: string): string | null {
  const p = path.trim();
  if (!p) return 'Enter the file to create';
  if (!isAbsoluteFolder(p)) return 'Give a full path, e.g. D:\\Restores\\APP01-disk0.vhdx';
  if (/[\\/]$/.test(p)) return 'Give a file name, not a folder';
  return null;
}

/** A new file next to the host's data folder, named after the VM, disk and format. */
export function suggestedOutPath(dataDir: string | undefined, vmName: string, diskIndex: number, format: RestoreFormat): string {
  if (!dataDir) return '';
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return `${dataDir.replace(/[\\/]+$/, '')}${sep}${vmName}-disk${diskIndex}-${stamp}.${format === 'raw' ? 'img' : 'vhdx'}`;
}

/** Switching the format switches the extension of a path the admin has not typed. */
export function withFormatExtension(path: string, format: RestoreFormat): string {
  return path.replace(/\.(img|raw|vhdx)$/i, format === 'raw' ? '.img' : '.vhdx');
}
