// The Master File Table: every file's record, read through $MFT's own data runs (record 0, bootstrapped from the
// boot sector). Records are read in batches and kept in a bounded cache: listing a 10,000-entry directory reads
// the MFT in a few hundred requests, not ten thousand.
import { type NonResidentAttribute, AttrType } from './attribute';
import { collectAttributeList } from './attribute-list';
import { corrupt } from './corrupt';
import { nonResidentStream, type Stream } from './data-stream';
import { type MftRecord, parseMftRecord } from './mft-record';
import { readVolume, type Volume } from './volume';

const RECORDS_PER_BATCH = 16;
const MAX_BATCHES = 256;

export class Mft {
  private readonly batches = new Map<number, Promise<Buffer>>();

  private constructor(
    readonly volume: Volume,
    private readonly data: Stream,
    readonly recordCount: number,
  ) {}

  static async open(volume: Volume): Promise<Mft> {
    const { mftLcn, clusterSize, mftRecordSize, totalClusters } = volume.geometry;
    const raw = await readVolume(volume, mftLcn * clusterSize, mftRecordSize, '$MFT record 0');
    const rec0 = parseMftRecord(raw, 0, totalClusters);
    const own = rec0.attributes.filter((a): a is NonResidentAttribute => a.type === AttrType.Data && a.name === '' && !a.resident);
    if (!rec0.inUse || own.length === 0) throw corrupt('$MFT record 0 has no non-resident data');
    // A bootstrap view of $MFT from record 0 alone: enough to read its own extension records (they lie early).
    const bootstrap = new Mft(volume, nonResidentStream(volume, own, '$MFT'), Math.floor(own[0].dataSize / mftRecordSize));
    const hasList = rec0.attributes.some((a) => a.type === AttrType.AttributeList);
    if (!hasList) return bootstrap;
    const all = await collectAttributeList(volume, (n) => bootstrap.record(n), rec0);
    const segments = all.filter((a): a is NonResidentAttribute => a.type === AttrType.Data && a.name === '' && !a.resident);
    const first = segments.find((s) => s.startVcn === 0);
    if (!first) throw corrupt('$MFT has no first data segment');
    return new Mft(volume, nonResidentStream(volume, segments, '$MFT'), Math.floor(first.dataSize / mftRecordSize));
  }

  private batch(index: number): Promise<Buffer> {
    const hit = this.batches.get(index);
    if (hit) {
      this.batches.delete(index);
      this.batches.set(index, hit);
      return hit;
    }
    const size = this.volume.geometry.mftRecordSize;
    const first = index * RECORDS_PER_BATCH;
    const count = Math.min(RECORDS_PER_BATCH, this.recordCount - first);
    const p = this.data.read(first * size, count * size);
    p.catch(() => this.batches.delete(index));
    this.batches.set(index, p);
    if (this.batches.size > MAX_BATCHES) this.batches.delete(this.batches.keys().next().value as number);
    return p;
  }

  /** Record `n`, fixups applied and attributes parsed (not yet joined with its extension records). */
  async record(n: number): Promise<MftRecord> {
    if (!Number.isSafeInteger(n) || n < 0 || n >= this.recordCount) throw corrupt(`reference to MFT record ${n}, the MFT has ${this.recordCount}`);
    const size = this.volume.geometry.mftRecordSize;
    const index = Math.floor(n / RECORDS_PER_BATCH);
    const data = await this.batch(index);
    const at = (n - index * RECORDS_PER_BATCH) * size;
    if (at + size > data.length) throw corrupt(`MFT record ${n} lies past the MFT's data`);
    return parseMftRecord(Buffer.from(data.subarray(at, at + size)), n, this.volume.geometry.totalClusters);
  }
}
