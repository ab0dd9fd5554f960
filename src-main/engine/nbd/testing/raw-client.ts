// A minimal NBD client for tests that need what real clients never send: writes to a read-only export,
// out-of-range and oversized reads, garbage. Speaks fixed newstyle with NBD_OPT_GO and simple replies.
import net from 'node:net';
import { IHAVEOPT, Opt, REQUEST_MAGIC } from '../protocol';

export class RawClient {
  private buf = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | undefined;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake?.();
    });
    const end = () => {
      this.ended = true;
      this.wake?.();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Exactly n bytes, or null when the server closed first. */
  async read(n: number): Promise<Buffer | null> {
    while (this.buf.byteLength < n) {
      if (this.ended) return null;
      await new Promise<void>((r) => (this.wake = r));
    }
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }

  /** Resolves when the server has closed the connection. */
  async closedByServer(): Promise<void> {
    while (!this.ended) await new Promise<void>((r) => (this.wake = r));
  }

  send(b: Buffer): void {
    this.socket.write(b);
  }

  /** Greeting, client flags (fixed newstyle, no zeroes). */
  async hello(): Promise<Buffer> {
    const greeting = await this.read(18);
    if (!greeting) throw new Error('no greeting');
    this.send(Buffer.from([0, 0, 0, 3]));
    return greeting;
  }

  sendOption(option: number, data: Buffer = Buffer.alloc(0)): void {
    const h = Buffer.alloc(16);
    h.writeBigUInt64BE(IHAVEOPT, 0);
    h.writeUInt32BE(option, 8);
    h.writeUInt32BE(data.byteLength, 12);
    this.send(Buffer.concat([h, data]));
  }

  /** One option reply: its type and data. */
  async optionReply(): Promise<{ option: number; type: number; data: Buffer }> {
    const h = await this.read(20);
    if (!h) throw new Error('closed during option reply');
    const length = h.readUInt32BE(16);
    const data = (await this.read(length)) ?? Buffer.alloc(0);
    return { option: h.readUInt32BE(8), type: h.readUInt32BE(12), data };
  }

  /** NBD_OPT_GO for `name`; returns the size and transmission flags from NBD_INFO_EXPORT. */
  async go(name = ''): Promise<{ size: bigint; flags: number }> {
    const n = Buffer.from(name, 'utf8');
    const data = Buffer.alloc(4 + n.byteLength + 2);
    data.writeUInt32BE(n.byteLength, 0);
    n.copy(data, 4);
    this.sendOption(Opt.GO, data);
    let info: { size: bigint; flags: number } | undefined;
    for (;;) {
      const r = await this.optionReply();
      if (r.type === 3 && r.data.readUInt16BE(0) === 0) info = { size: r.data.readBigUInt64BE(2), flags: r.data.readUInt16BE(10) };
      else if (r.type === 1) break;
      else if (r.type >= 2 ** 31) throw new Error(`GO refused: ${r.type} ${r.data.toString()}`);
    }
    if (!info) throw new Error('no NBD_INFO_EXPORT');
    return info;
  }

  request(type: number, handle: number, offset: number | bigint, length: number, payload?: Buffer): void {
    const h = Buffer.alloc(28);
    h.writeUInt32BE(REQUEST_MAGIC, 0);
    h.writeUInt16BE(type, 6);
    h.writeBigUInt64BE(BigInt(handle), 8);
    h.writeBigUInt64BE(BigInt(offset), 16);
    h.writeUInt32BE(length, 24);
    this.send(payload ? Buffer.concat([h, payload]) : h);
  }

  /** A simple reply: error and handle (the caller reads the data of a successful read). */
  async reply(): Promise<{ error: number; handle: number } | null> {
    const h = await this.read(16);
    if (!h) return null;
    if (h.readUInt32BE(0) !== 0x67446698) throw new Error('bad reply magic');
    return { error: h.readUInt32BE(4), handle: Number(h.readBigUInt64BE(8)) };
  }

  close(): void {
    this.socket.destroy();
  }
}
