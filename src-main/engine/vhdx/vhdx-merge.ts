// Merging a differencing VHDX into its parent, and pointing a child at another parent: what deleting the oldest
// checkpoint of a replica does (the oldest restore point's successor is folded into the base disk, the next
// differencing disk then hangs from the base). Each step leaves every remaining point readable if it is cut off:
//   1. merge: the child's data is written into the parent, whose DataWriteGuid is kept (the child shows the same
//      bytes on top of it, so child and grandchildren read the same disk before, during and after; a re-run is
//      idempotent);
//   2. reparent: the grandchild is copied with a new parent locator, then renamed over itself (atomic);
//   3. the merged child is deleted by the caller once nothing points at it.
import { copyFile, constants, open, rename, rm } from 'node:fs/promises';
import { badRequest } from './errors';
import { FileSource } from './file-source';
import { writeAll } from './file-write';
import { locatorPaths } from './parent-path';
import { openVhdxChain } from './vhdx-chain';
import { loadVhdxImage } from './vhdx-image';
import type { VhdxLayer } from './vhdx-layer';
import { serializeMetadataRegion, type ParentLocator } from './vhdx-metadata';
import { VhdxWriter } from './writer';

const COPY_CHUNK = 4 * 1024 * 1024;

export interface MergeResult {
  parentPath: string;
  /** bytes of the virtual disk the child stored (data or zeros) and the parent now holds */
  bytesMerged: number;
}

/** Folds differencing VHDX `childPath` into its (VHDX) parent. The child file is left in place. */
export async function mergeIntoParent(childPath: string, signal?: AbortSignal): Promise<MergeResult> {
  const layers = await openVhdxChain(await FileSource.open(childPath));
  try {
    if (layers.length < 2) throw badRequest(childPath, 'is not a differencing disk: nothing to merge');
    const [child, parent] = layers as [VhdxLayer, VhdxLayer];
    const writer = await VhdxWriter.open(parent.path, { keepDataWriteGuid: true });
    let bytesMerged = 0;
    try {
      for await (const seg of child.map(0, child.virtualSize)) {
        if (seg.kind === 'parent') continue;
        for (let at = 0; at < seg.length; at += COPY_CHUNK) {
          signal?.throwIfAborted();
          const len = Math.min(COPY_CHUNK, seg.length - at);
          const buf = Buffer.alloc(len);
          if (seg.kind === 'data') await child.readData(buf, 0, len, seg.fileOffset + at);
          await writer.write(seg.offset + at, buf);
        }
        bytesMerged += seg.length;
      }
    } finally {
      await writer.close();
    }
    return { parentPath: parent.path, bytesMerged };
  } finally {
    await Promise.all(layers.map((l) => l.close()));
  }
}

/**
 * Points differencing VHDX `childPath` at `parentPath` (which must show the same data the old parent did): the
 * locator names the new parent and its DataWriteGuid. Written into a copy, fsynced, renamed over the child.
 */
export async function reparentVhdx(childPath: string, parentPath: string): Promise<void> {
  const parentSource = await FileSource.open(parentPath);
  let parentGuid: string;
  try {
    parentGuid = (await loadVhdxImage(parentSource)).current.header.dataWriteGuid;
  } finally {
    await parentSource.close();
  }
  const source = await FileSource.open(childPath);
  let metadata: { offset: number; region: Buffer };
  try {
    const image = await loadVhdxImage(source);
    if (!image.params.hasParent) throw badRequest(childPath, 'is not a differencing disk: it has no parent to change');
    if (image.logReplayed) throw badRequest(childPath, 'has a pending log; it is not changed');
    const { relative, absolute } = await locatorPaths(childPath, parentPath);
    const locator: ParentLocator = new Map([
      ['parent_linkage', `{${parentGuid}}`],
      ['relative_path', relative],
      ['absolute_win32_path', absolute],
    ]);
    metadata = { offset: image.regions.metadata.offset, region: serializeMetadataRegion({ ...image.params, parentLocator: locator }, image.regions.metadata.length) };
  } finally {
    await source.close();
  }
  const tmp = `${childPath}.reparent-${process.pid}.tmp`;
  try {
    await copyFile(childPath, tmp, constants.COPYFILE_FICLONE);
    const handle = await open(tmp, 'r+');
    try {
      await writeAll(handle, metadata.region, metadata.offset);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, childPath);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
