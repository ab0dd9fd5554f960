// A raw image: the file is the virtual disk, byte for byte.
import type { FileSource } from './file-source';
import type { DiskLayer, Segment } from './layer';

export class RawLayer implements DiskLayer {
  readonly format = 'raw' as const;
  readonly logicalSectorSize = 512;
  readonly path: string;
  readonly virtualSize: number;

  constructor(private readonly source: FileSource) {
    this.path = source.path;
    this.virtualSize = source.size;
  }

  async *map(offset: number, length: number): AsyncGenerator<Segment> {
    // No portable way to find holes from Node, so every byte counts as data.
    if (length > 0) yield { kind: 'data', offset, length, fileOffset: offset };
  }

  readData(target: Buffer, targetOffset: number, length: number, fileOffset: number): Promise<void> {
    return this.source.readInto(target, targetOffset, length, fileOffset, 'raw data');
  }

  close(): Promise<void> {
    return this.source.close();
  }
}
