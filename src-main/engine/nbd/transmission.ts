// The transmission phase of one connection: requests are read one after another and answered with simple
// replies, reads concurrently (replies may come in any order; the client matches them by handle). The export is
// read-only: writes, trims and write-zeroes are refused with EPERM as the protocol says. Memory is bounded by the
// bytes of reads in flight (a request waits until earlier replies have left the process).
import type { Socket } from 'node:net';
import type { NbdExport } from './handshake';
import { Cmd, decodeRequest, encodeSimpleReply, Errno, REQUEST_HEADER_BYTES, type Request } from './protocol';
import type { SocketReader } from './socket-reader';

export interface TransmissionLimits {
  /** larger reads get EINVAL; a larger write payload closes the connection (it is not worth reading) */
  maxRequestBytes: number;
  /** reply bytes a connection may hold before it stops reading requests */
  maxInFlightBytes: number;
}

export interface TransmissionHooks {
  /** true once the server is stopping: new requests get ESHUTDOWN */
  stopping(): boolean;
  onRead(bytes: number): void;
  /** a read of the source failed (damaged chunk): told so the mount can show it */
  onReadError(error: unknown): void;
}

export type TransmissionEnd = 'disconnect' | 'protocol-error';

export class Transmission {
  private inFlightBytes = 0;
  private readonly pending = new Set<Promise<void>>();
  private budgetWaiter: (() => void) | undefined;
  private aborted = false;

  constructor(
    private readonly socket: Socket,
    private readonly reader: SocketReader,
    private readonly exp: NbdExport,
    private readonly limits: TransmissionLimits,
    private readonly hooks: TransmissionHooks,
  ) {}

  /** Serves requests until NBD_CMD_DISC or a request that cannot be trusted; ConnectionClosed propagates. */
  async run(): Promise<TransmissionEnd> {
    for (;;) {
      const req = decodeRequest(await this.reader.read(REQUEST_HEADER_BYTES));
      if (!req) return 'protocol-error';
      if (req.type === Cmd.DISC) {
        await this.settled();
        return 'disconnect';
      }
      if (req.type === Cmd.WRITE) {
        // The payload follows the header; it is read and dropped so the stream stays in step.
        if (req.length > this.limits.maxRequestBytes) return 'protocol-error';
        await this.reader.skip(req.length);
      }
      if (this.hooks.stopping()) this.reply(req, Errno.ESHUTDOWN);
      else await this.handle(req);
    }
  }

  /** Waits for the replies still being produced. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async handle(req: Request): Promise<void> {
    switch (req.type) {
      case Cmd.READ:
        return this.read(req);
      case Cmd.WRITE:
      case Cmd.TRIM:
      case Cmd.WRITE_ZEROES:
        return this.reply(req, Errno.EPERM);
      case Cmd.FLUSH: // nothing is ever written, so nothing needs flushing
      case Cmd.CACHE: // a hint; reads fetch what they need
        return this.reply(req, 0);
      default:
        // BLOCK_STATUS without a negotiated meta context, RESIZE, commands from the future
        return this.reply(req, Errno.EINVAL);
    }
  }

  private async read(req: Request): Promise<void> {
    const size = BigInt(this.exp.source.size);
    if (req.length > this.limits.maxRequestBytes || req.offset + BigInt(req.length) > size) return this.reply(req, Errno.EINVAL);
    await this.reserve(req.length);
    const job = this.readAndReply(req);
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  private async readAndReply(req: Request): Promise<void> {
    const offset = Number(req.offset);
    let data: Buffer;
    try {
      data = await this.exp.source.read(offset, req.length);
      if (data.byteLength !== req.length) throw new Error(`short read: ${data.byteLength} of ${req.length} bytes at ${offset}`);
    } catch (e) {
      this.hooks.onReadError(e);
      this.release(req.length);
      this.reply(req, Errno.EIO);
      return;
    }
    this.hooks.onRead(data.byteLength);
    this.reply(req, 0, data);
  }

  /** A simple reply; a read's data goes right behind its header, and its budget returns once it has been sent. */
  private reply(req: Request, error: number, data?: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) {
      if (data) this.release(data.byteLength);
      return;
    }
    // Corked: header and data leave in one writev, not two segments.
    this.socket.cork();
    this.socket.write(encodeSimpleReply(error, req.handle));
    if (data) this.socket.write(data, () => this.release(data.byteLength));
    this.socket.uncork();
  }

  /** The connection is gone: nothing waits for budget any more. */
  abort(): void {
    this.aborted = true;
    this.release(0);
  }

  private async reserve(bytes: number): Promise<void> {
    // One request larger than the budget still runs, alone.
    while (!this.aborted && this.inFlightBytes > 0 && this.inFlightBytes + bytes > this.limits.maxInFlightBytes) {
      await new Promise<void>((resolve) => {
        this.budgetWaiter = resolve;
      });
    }
    this.inFlightBytes += bytes;
  }

  private release(bytes: number): void {
    this.inFlightBytes -= bytes;
    const w = this.budgetWaiter;
    this.budgetWaiter = undefined;
    w?.();
  }
}
