// A read-only NBD server for one export, on 127.0.0.1 only (nothing in the protocol authenticates a client, so it
// is never offered to the network). Each connection: a bounded handshake (timeout, option count and size limits),
// then the transmission phase. stop() lets reads under way finish (up to a grace period), then closes every
// connection: a client reading during a stop gets its replies, then end of stream — never a half-sent reply.
import net from 'node:net';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { negotiate, type NbdExport } from './handshake';
import { ConnectionClosed, SocketReader } from './socket-reader';
import { Transmission } from './transmission';

const MiB = 1024 * 1024;
export const NBD_HOST = '127.0.0.1';
export const DEFAULT_NBD_PORT = 10809;

export interface NbdServerOptions {
  /** 0: any free port (default 10809, the protocol's port) */
  port?: number;
  maxConnections?: number;
  /** a client that has not chosen an export by then is dropped */
  handshakeTimeoutMs?: number;
  /** largest read (default 32 MiB, announced as the maximum block size) */
  maxRequestBytes?: number;
  /** reply bytes one connection holds at most (default 32 MiB): with 8 connections, memory stays bounded */
  maxInFlightBytes?: number;
  /** how long stop() lets reads under way finish */
  stopGraceMs?: number;
  log?: (level: 'info' | 'warn', text: string) => void;
}

export interface NbdServerStats {
  /** clients connected now */
  connections: number;
  /** clients since the start */
  connectionsTotal: number;
  bytesRead: number;
  readErrors: number;
  /** the last read that failed (e.g. a damaged chunk), as its error message */
  lastReadError?: string;
}

interface Connection {
  socket: net.Socket;
  transmission?: Transmission;
  closed: Promise<void>;
}

export class NbdServer {
  private readonly live = new Set<Connection>();
  private readonly counters: Omit<NbdServerStats, 'connections'> = { connectionsTotal: 0, bytesRead: 0, readErrors: 0 };
  private stopping: Promise<void> | undefined;
  private readonly limits;

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    readonly exp: NbdExport,
    private readonly options: NbdServerOptions,
  ) {
    const maxRequestBytes = options.maxRequestBytes ?? 32 * MiB;
    this.limits = { maxRequestBytes, maxInFlightBytes: options.maxInFlightBytes ?? 32 * MiB, maxOptionBytes: 8192, maxOptions: 64 };
    server.on('connection', (socket) => this.accept(socket));
  }

  /** Listens on 127.0.0.1; E_IN_USE when the port is taken. */
  static async start(exp: NbdExport, options: NbdServerOptions = {}): Promise<NbdServer> {
    const server = net.createServer({ noDelay: true });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        const wanted = options.port ?? DEFAULT_NBD_PORT;
        reject(
          e.code === 'EADDRINUSE'
            ? new FerryError(ErrorCode.InUse, `Port ${wanted} on ${NBD_HOST} is in use: choose another with --port`, { port: wanted })
            : new FerryError(ErrorCode.Internal, `Cannot listen on ${NBD_HOST}:${wanted}: ${e.message}`),
        );
      });
      server.listen({ host: NBD_HOST, port: options.port ?? DEFAULT_NBD_PORT, exclusive: true }, () => resolve((server.address() as net.AddressInfo).port));
    });
    server.removeAllListeners('error');
    server.on('error', (e) => options.log?.('warn', `NBD server: ${e.message}`));
    return new NbdServer(server, port, exp, options);
  }

  /** nbd://127.0.0.1:PORT/NAME — the form qemu-img, nbdinfo and nbdfuse take. */
  get url(): string {
    return `nbd://${NBD_HOST}:${this.port}/${encodeURIComponent(this.exp.name)}`;
  }

  get stats(): NbdServerStats {
    return { ...this.counters, connections: this.live.size };
  }

  /** Stop listening, let reads under way finish (grace period), close every connection. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    const listenerClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    const grace = this.options.stopGraceMs ?? 5000;
    await Promise.all(
      [...this.live].map(async (c) => {
        if (c.transmission) await withTimeout(c.transmission.settled(), grace);
        c.socket.end();
        // A client that does not close its side is cut off.
        if (!(await withTimeout(c.closed, 1000))) c.socket.destroy();
      }),
    );
    await listenerClosed;
  }

  private accept(socket: net.Socket): void {
    if (this.stopping || this.live.size >= (this.options.maxConnections ?? 8)) {
      socket.destroy();
      return;
    }
    this.counters.connectionsTotal++;
    socket.on('error', () => undefined); // a reset by the client ends the connection, nothing more
    const conn: Connection = { socket, closed: new Promise<void>((resolve) => socket.once('close', () => resolve())) };
    this.live.add(conn);
    void conn.closed.then(() => {
      this.live.delete(conn);
      conn.transmission?.abort();
    });
    void this.serve(conn);
  }

  private async serve(conn: Connection): Promise<void> {
    const { socket } = conn;
    const reader = new SocketReader(socket);
    const send = (b: Buffer) => {
      if (socket.writable) socket.write(b);
    };
    const timer = setTimeout(() => socket.destroy(), this.options.handshakeTimeoutMs ?? 10_000);
    try {
      const only = this.exp;
      const outcome = await negotiate(reader, send, { find: (name) => (name === '' || name === only.name ? only : undefined), all: () => [only] }, this.limits);
      clearTimeout(timer);
      if (outcome.kind === 'closed') {
        this.options.log?.('info', `NBD client ${socket.remoteAddress}:${socket.remotePort} left during the handshake: ${outcome.reason}`);
        closeSoon(socket);
        return;
      }
      if (this.stopping) {
        closeSoon(socket);
        return;
      }
      conn.transmission = new Transmission(socket, reader, outcome.export, this.limits, {
        stopping: () => this.stopping !== undefined,
        onRead: (bytes) => (this.counters.bytesRead += bytes),
        onReadError: (e) => {
          this.counters.readErrors++;
          this.counters.lastReadError = e instanceof Error ? e.message : String(e);
          this.options.log?.('warn', `NBD read failed: ${this.counters.lastReadError}`);
        },
      });
      const end = await conn.transmission.run();
      if (end === 'protocol-error') socket.destroy();
      else closeSoon(socket);
    } catch (e) {
      if (!(e instanceof ConnectionClosed)) this.options.log?.('warn', `NBD connection failed: ${e instanceof Error ? e.message : String(e)}`);
      socket.destroy();
    } finally {
      clearTimeout(timer);
    }
  }
}

/**
 * End our side (what was written still reaches the client), and cut the connection if the client has not closed
 * its side soon after: nothing it still sends is read any more, so it must not keep the socket alive.
 */
function closeSoon(socket: net.Socket): void {
  socket.end();
  setTimeout(() => socket.destroy(), 500).unref();
}

/** true when p settled in time. */
async function withTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([p.then(() => true as const, () => true as const), timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
