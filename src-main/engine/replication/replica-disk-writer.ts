// The target host's side of a replica disk: blocks arrive in increasing offset order and land in
// `<file>.partial` (a dynamic VHDX for a replica's first point, a differencing VHDX over the previous point after
// it); `commit` fsyncs and renames it to its final name, so a point's file exists only once complete. What landed
// is recorded in `<file>.partial.json` (fsynced every RESUME_EVERY bytes): a transfer cut off resumes from there
// instead of sending the disk again.
import { existsSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { createDifferencingVhdx, createDynamicVhdx, VhdxWriter } from '../vhdx';

const RESUME_EVERY = 16 * 1024 * 1024;

export interface ReplicaDiskOpen {
  /** the point's final file (as the target host sees it) */
  file: string;
  /** the previous point's file: the new file is a differencing disk over it; absent for a replica's first point */
  parentFile?: string;
  virtualSize: number;
  /** one transfer: a resume must name the same one (another transfer starts the file again) */
  transferId: string;
}

interface ResumeRecord {
  transferId: string;
  /** every byte of the disk below this offset that the sender had to send has landed */
  landedUpTo: number;
}

export class ReplicaDiskWriter {
  private sinceSync = 0;
  private landedUpTo: number;

  private constructor(
    private readonly req: ReplicaDiskOpen,
    private writer: VhdxWriter,
    resumeFrom: number,
  ) {
    this.landedUpTo = resumeFrom;
  }

  /** Where the sender resumes (0 for a new transfer). */
  get resumeFrom(): number {
    return this.landedUpTo;
  }

  static async open(req: ReplicaDiskOpen): Promise<ReplicaDiskWriter> {
    if (existsSync(req.file)) throw new FerryError(ErrorCode.Conflict, `${req.file} already exists: a replica point is never written twice`, { path: req.file });
    if (req.parentFile && !existsSync(req.parentFile)) throw new FerryError(ErrorCode.NotFound, `The previous replica point ${req.parentFile} is missing on the target`, { path: req.parentFile });
    const partial = `${req.file}.partial`;
    const resume = await readResume(req);
    if (resume === null) {
      await rm(partial, { force: true });
      await mkdir(dirname(req.file), { recursive: true });
      if (req.parentFile) await createDifferencingVhdx(partial, req.parentFile);
      else await createDynamicVhdx(partial, { virtualSize: req.virtualSize });
      await writeResume(req, 0);
    }
    return new ReplicaDiskWriter(req, await VhdxWriter.open(partial), resume ?? 0);
  }

  /** A block at `offset` (sector-aligned). Blocks below resumeFrom are ignored (they landed before). */
  async write(offset: number, data: Uint8Array): Promise<void> {
    if (offset + data.length <= this.landedUpTo) return;
    await this.writer.write(offset, data);
    this.sinceSync += data.length;
    this.landedUpTo = offset + data.length;
    if (this.sinceSync >= RESUME_EVERY) await this.checkpoint();
  }

  /** Everything was sent: the point's file gets its final name. Returns its size. */
  async commit(): Promise<number> {
    await this.writer.close();
    const partial = `${this.req.file}.partial`;
    await rename(partial, this.req.file);
    await rm(`${partial}.json`, { force: true });
    return (await stat(this.req.file)).size;
  }

  /** The transfer stopped: what landed stays for a resume (it is never visible as a point). */
  async suspend(): Promise<void> {
    await this.writer.close().catch(() => undefined);
    await writeResume(this.req, this.landedUpTo).catch(() => undefined);
  }

  private async checkpoint(): Promise<void> {
    this.sinceSync = 0;
    // data before the record: the writer's file is synced when the record says it landed
    await this.writer.close();
    await writeResume(this.req, this.landedUpTo);
    this.writer = await VhdxWriter.open(`${this.req.file}.partial`);
  }
}

async function readResume(req: ReplicaDiskOpen): Promise<number | null> {
  const partial = `${req.file}.partial`;
  if (!existsSync(partial)) return null;
  try {
    const r = JSON.parse(await readFile(`${partial}.json`, 'utf8')) as ResumeRecord;
    return r.transferId === req.transferId && Number.isSafeInteger(r.landedUpTo) && r.landedUpTo >= 0 ? r.landedUpTo : null;
  } catch {
    return null;
  }
}

async function writeResume(req: ReplicaDiskOpen, landedUpTo: number): Promise<void> {
  const path = `${req.file}.partial.json`;
  const record: ResumeRecord = { transferId: req.transferId, landedUpTo };
  await writeFile(`${path}.tmp`, JSON.stringify(record));
  const h = await open(`${path}.tmp`, 'r+');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
  await rename(`${path}.tmp`, path);
}
