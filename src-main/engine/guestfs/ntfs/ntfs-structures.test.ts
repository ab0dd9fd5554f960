// The NTFS structure parsers on hand-made hostile input (no tools needed): each refusal has its stable code, loops
// and runaway lengths end, and the LZNT1 decoder survives random bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FerryError } from '../../../../src-shared/contract/errors';
import { parseAttributes } from './attribute';
import { joinSegments } from './data-stream';
import { applyFixups } from './fixups';
import { openNtfs, probeNtfs } from './index';
import { lznt1Decompress } from './lznt1';
import { decodeRunList } from './run-list';
import { bufferSource } from './testing/image-source';

const code = (f: () => unknown): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof FerryError ? e.code : `not a FerryError: ${String(e)}`;
  }
};

function bootSector(oem: string, patch?: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(4096);
  b.write(oem, 3, 'latin1');
  b.writeUInt16LE(512, 0x0b);
  b[0x0d] = 8;
  b.writeBigUInt64LE(8000n, 0x28);
  b.writeBigUInt64LE(4n, 0x30);
  b[0x40] = 0xf6; // 2^10 = 1024-byte records
  b[0x44] = 1;
  b.writeUInt16LE(0xaa55, 510);
  patch?.(b);
  return b;
}

describe('boot sector', () => {
  it('names BitLocker volumes as encrypted and other volumes as unsupported', async () => {
    const bitlocker = bufferSource(bootSector('-FVE-FS-'));
    expect(await probeNtfs(bitlocker)).toBe('bitlocker');
    await expect(openNtfs(bitlocker)).rejects.toMatchObject({ code: 'E_ENCRYPTED_VOLUME' });
    const zeros = bufferSource(Buffer.alloc(4096));
    expect(await probeNtfs(zeros)).toBeUndefined();
    await expect(openNtfs(zeros)).rejects.toMatchObject({ code: 'E_FS_UNSUPPORTED' });
    expect(await probeNtfs(bufferSource(bootSector('NTFS    ')))).toBe('ntfs');
  });

  it('refuses impossible geometry and a missing MFT as corrupt', async () => {
    const cases = [
      bootSector('NTFS    ', (b) => b.writeUInt16LE(300, 0x0b)),
      bootSector('NTFS    ', (b) => (b[0x0d] = 3)),
      bootSector('NTFS    ', (b) => b.writeBigUInt64LE(9_000_000n, 0x30)),
      bootSector('NTFS    ', (b) => (b[0x40] = 0x40)),
      bootSector('NTFS    '), // MFT at cluster 4 lies past this 4 KiB source
    ];
    for (const b of cases) await expect(openNtfs(bufferSource(b))).rejects.toMatchObject({ code: 'E_FS_CORRUPT' });
    await expect(openNtfs(bufferSource(Buffer.alloc(100)))).rejects.toMatchObject({ code: 'E_FS_CORRUPT' });
  });
});

function record(): Buffer {
  const r = Buffer.alloc(1024);
  r.write('FILE', 0, 'latin1');
  r.writeUInt16LE(0x30, 4);
  r.writeUInt16LE(3, 6);
  r.writeUInt16LE(0x1234, 0x30);
  r.writeUInt16LE(0xaaaa, 0x32);
  r.writeUInt16LE(0xbbbb, 0x34);
  r.writeUInt16LE(0x1234, 510);
  r.writeUInt16LE(0x1234, 1022);
  return r;
}

describe('fixups', () => {
  it('restores the protected bytes and refuses torn records', () => {
    const r = record();
    applyFixups(r, 'FILE', 'test');
    expect([r.readUInt16LE(510), r.readUInt16LE(1022)]).toEqual([0xaaaa, 0xbbbb]);
    const torn = record();
    torn.writeUInt16LE(0x9999, 1022);
    expect(code(() => applyFixups(torn, 'FILE', 'test'))).toBe('E_FS_CORRUPT');
    const badCount = record();
    badCount.writeUInt16LE(300, 6);
    expect(code(() => applyFixups(badCount, 'FILE', 'test'))).toBe('E_FS_CORRUPT');
    expect(code(() => applyFixups(record(), 'INDX', 'test'))).toBe('E_FS_CORRUPT');
  });
});

describe('data runs', () => {
  const runs = (bytes: number[], total = 1000) => decodeRunList(Buffer.from(bytes), 0, bytes.length, 0, total);

  it('decodes extents, backward deltas and sparse runs', () => {
    // 16 clusters at 100, 8 clusters at 100-20=80, 4 sparse clusters
    expect(runs([0x11, 16, 100, 0x11, 8, 0xec, 0x01, 4, 0x00])).toEqual([
      { vcn: 0, lcn: 100, length: 16 },
      { vcn: 16, lcn: 80, length: 8 },
      { vcn: 24, lcn: undefined, length: 4 },
    ]);
  });

  it('refuses runs past the volume, negative clusters, zero or huge lengths, and a missing terminator', () => {
    expect(code(() => runs([0x11, 16, 250, 0x00], 200))).toBe('E_FS_CORRUPT');
    expect(code(() => runs([0x11, 16, 0x80, 0x00]))).toBe('E_FS_CORRUPT');
    expect(code(() => runs([0x11, 0, 5, 0x00]))).toBe('E_FS_CORRUPT');
    expect(code(() => runs([0x18, 1, 0, 0, 0, 0, 0, 0, 0x40, 5, 0x00]))).toBe('E_FS_CORRUPT');
    expect(code(() => runs([0x11, 4, 5]))).toBe('E_FS_CORRUPT');
    expect(code(() => runs([0x9f, 1, 1]))).toBe('E_FS_CORRUPT');
  });

  it('refuses attribute segments that leave a gap', () => {
    const seg = (startVcn: number, lastVcn: number) => ({ type: 0x80, name: '', flags: 0, id: 0, record: 1, resident: false as const, startVcn, lastVcn, runs: [], compressionUnit: 0, allocatedSize: 0, dataSize: 0, initializedSize: 0 });
    expect(code(() => joinSegments([seg(0, 9), seg(11, 20)], 'test'))).toBe('E_FS_CORRUPT');
    expect(code(() => joinSegments([seg(5, 9)], 'test'))).toBe('E_FS_CORRUPT');
  });
});

describe('attributes', () => {
  it('refuses lengths of zero or past the record (no endless walk)', () => {
    const r = Buffer.alloc(1024);
    r.writeUInt32LE(0x10, 0x38);
    r.writeUInt32LE(0, 0x3c);
    expect(code(() => parseAttributes(r, 0x38, 1024, 7, 1000))).toBe('E_FS_CORRUPT');
    r.writeUInt32LE(4096, 0x3c);
    expect(code(() => parseAttributes(r, 0x38, 1024, 7, 1000))).toBe('E_FS_CORRUPT');
    r.writeUInt32LE(0x18, 0x3c);
    r.writeUInt32LE(0x100, 0x48); // resident value longer than the attribute
    expect(code(() => parseAttributes(r, 0x38, 1024, 7, 1000))).toBe('E_FS_CORRUPT');
  });
});

describe('LZNT1', () => {
  it('decodes literals and back references', () => {
    // tag byte 0b00001000: three literals 'a','b','c', then a reference of distance 3, length 9
    const chunk = Buffer.from([0x08, 0x61, 0x62, 0x63, 0x06, 0x20]);
    const src = Buffer.alloc(2 + chunk.length + 2);
    src.writeUInt16LE(0xb000 | (chunk.length - 1), 0);
    chunk.copy(src, 2);
    const out = Buffer.alloc(4096);
    lznt1Decompress(src, out);
    expect(out.toString('latin1', 0, 12)).toBe('abcabcabcabc');
  });

  it('refuses a reference before the chunk start', () => {
    const src = Buffer.from([0x02, 0xb0, 0x01, 0x00, 0x10]);
    expect(code(() => lznt1Decompress(src, Buffer.alloc(4096)))).toBe('E_FS_CORRUPT');
  });

  it('random input: a corrupt refusal or bounded output, nothing else', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 9000 }), (bytes) => {
        const out = Buffer.alloc(16384);
        const c = code(() => lznt1Decompress(Buffer.from(bytes), out));
        expect(c === undefined || c === 'E_FS_CORRUPT').toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
