// Exact-length reads from a socket, with bounded buffering: the socket is paused while more than HIGH_WATER
// bytes wait unread, so a client that floods the server makes it hold at most that much (plus one TCP read).
import type { Socket } from 'node:net';

const HIGH_WATER = 256 * 1024;

/** The peer closed (or the connection failed) before the bytes asked for arrived. */
export class ConnectionClosed extends Error {
  constructor() {
    super('connection closed');
  }
}

export class SocketReader {
  private readonly parts: Buffer[] = [];
  private buffered = 0;
  private ended = false;
  private waiter: (() => void) | undefined;

  constructor(private readonly socket: Socket) {
    socket.on('data', (data: Buffer) => {
      this.parts.push(data);
      this.buffered += data.byteLength;
      if (this.buffered > HIGH_WATER) socket.pause();
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  /** Exactly n bytes (n is small: headers and option data, bounded by the caller). */
  async read(n: number): Promise<Buffer> {
    while (this.buffered < n) await this.more();
    return this.take(n);
  }

  /** Consume and drop n bytes without holding them (a refused write's payload). */
  async skip(n: number): Promise<void> {
    let left = n;
    while (left > 0) {
      if (this.buffered === 0) await this.more();
      left -= this.take(Math.min(left, this.buffered)).byteLength;
    }
  }

  private take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n); // filled completely below
    let at = 0;
    while (at < n) {
      const head = this.parts[0];
      const used = Math.min(head.byteLength, n - at);
      head.copy(out, at, 0, used);
      at += used;
      if (used === head.byteLength) this.parts.shift();
      else this.parts[0] = head.subarray(used);
    }
    this.buffered -= n;
    if (this.buffered <= HIGH_WATER && this.socket.isPaused()) this.socket.resume();
    return out;
  }

  private more(): Promise<void> {
    if (this.ended) return Promise.reject(new ConnectionClosed());
    if (this.socket.isPaused()) this.socket.resume();
    return new Promise<void>((resolve) => {
      this.waiter = resolve;
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }
}
