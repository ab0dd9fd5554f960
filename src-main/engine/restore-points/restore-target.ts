import { stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';

/** A restore never overwrites: the target must be a new file in an existing folder. */
export async function checkRestoreTarget(outPath: string): Promise<void> {
  if (!isAbsolute(outPath)) throw new FerryError(ErrorCode.InvalidParams, 'outPath: give an absolute file path');
  const dir = await stat(dirname(outPath)).catch(() => null);
  if (!dir?.isDirectory()) throw new FerryError(ErrorCode.InvalidParams, `outPath: folder ${dirname(outPath)} does not exist`);
  if (await stat(outPath).catch(() => null)) throw new FerryError(ErrorCode.Conflict, `${outPath} already exists: restores never overwrite`);
}
