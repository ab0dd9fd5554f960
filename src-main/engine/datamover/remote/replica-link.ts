// The proxy's data mover → the target host's data mover, for a replica disk: pinned TLS + token like the console →
// proxy channel, then open → blocks (base64 frames, in offset order, a bounded window in flight) → commit. In the
// lab without agent processes (and on-host), the same interface writes through the target-side writer directly.
import { connect, type TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { ErrorCode, FerryError } from '../../../../src-shared/contract/errors';
import type { AgentEndpoint } from '../../platform/types';
import { ReplicaDiskWriter, type ReplicaDiskOpen } from '../../replication/replica-disk-writer';
import { compatible, FromAgent, MAX_AGENT_LINE } from './protocol';
import { readLines, writeFrame } from './ndjson';

const CONNECT_TIMEOUT_MS = 10_000;
/** bytes sent and not yet acknowledged by the target (memory bound on both sides) */
const WINDOW_BYTES = 32 * 1024 * 1024;

export interface ReplicaTarget {
  /** where the sender resumes: 0, or how far a cut-off transfer of the same transferId got */
  open(req: ReplicaDiskOpen): Promise<number>;
  write(offset: number, data: Buffer): Promise<void>;
  /** all blocks sent: the point's file is renamed to its final name; its size */
  commit(): Promise<number>;
  /** without commit: what landed stays for a resume, nothing becomes visible */
  close(): Promise<void>;
}

/** The target-side writer in this process. */
export function localReplicaTarget(): ReplicaTarget {
  let w: ReplicaDiskWriter | null = null;
  let committed = false;
  return {
    async open(req) {
      w = await ReplicaDiskWriter.open(req);
      return w.resumeFrom;
    },
    write: (offset, data) => (w as ReplicaDiskWriter).write(offset, data),
    async commit() {
      const size = await (w as ReplicaDiskWriter).commit();
      committed = true;
      return size;
    },
    async close() {
      if (w && !committed) await w.suspend();
    },
  };
}

type Waiter = { resolve: (v: number) => void; reject: (e: FerryError) => void; want: 'replica-ready' | 'committed' | 'window' };

/** The target host's agent over TLS. */
export function agentReplicaTarget(ep: AgentEndpoint, version: string, signal: AbortSignal): ReplicaTarget {
  let socket: TLSSocket | null = null;
  let failure: FerryError | null = null;
  let sent = 0;
  let acked = 0;
  const waiters: Waiter[] = [];
  const fail = (e: FerryError) => {
    if (failure) return;
    failure = e;
    for (const w of waiters.splice(0)) w.reject(e);
    socket?.destroy();
  };
  const wait = (want: Waiter['want']) =>
    new Promise<number>((resolve, reject) => {
      if (failure) return reject(failure);
      waiters.push({ resolve, reject, want });
    });
  const settle = (want: Waiter['want'], v: number) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      if (waiters[i].want === want) waiters.splice(i, 1)[0].resolve(v);
    }
  };
  const onAbort = () => fail(new FerryError(ErrorCode.Cancelled, 'Stopped by the user'));
  signal.addEventListener('abort', onAbort, { once: true });

  const connectAndOpen = (req: ReplicaDiskOpen) =>
    new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => fail(new FerryError(ErrorCode.AgentUnreachable, `Target agent on ${ep.serverName} (${ep.host}:${ep.port}) did not answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
      waiters.push({ resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)), want: 'replica-ready' });
      const s = connect({
        host: ep.host,
        port: ep.port,
        ca: [ep.certPem],
        checkServerIdentity: (_host, cert) => {
          const pinned = new X509Certificate(ep.certPem).fingerprint256;
          return cert.fingerprint256 === pinned && pinned === ep.fingerprint256 ? undefined : new FerryError(ErrorCode.AgentAuth, `Target agent on ${ep.serverName} presented certificate ${cert.fingerprint256}, expected the pinned ${ep.fingerprint256}`);
        },
      });
      socket = s;
      s.once('secureConnect', () => writeFrame(s, { t: 'hello', token: ep.token, version }));
      s.on('error', (e) => fail(e instanceof FerryError ? e : new FerryError(ErrorCode.AgentLost, `Target agent on ${ep.serverName}: ${e.message}`)));
      s.on('close', () => fail(new FerryError(ErrorCode.AgentLost, `Connection to the target agent on ${ep.serverName} was lost`)));
      readLines(
        s,
        MAX_AGENT_LINE,
        (line) => {
          let frame: FromAgent;
          try {
            frame = FromAgent.parse(JSON.parse(line));
          } catch {
            return fail(new FerryError(ErrorCode.AgentLost, `Target agent on ${ep.serverName} sent a malformed frame`));
          }
          if (frame.t === 'welcome') {
            if (!compatible(frame.version, version)) return fail(new FerryError(ErrorCode.AgentVersion, `Target agent on ${ep.serverName} is version ${frame.version}, this data mover is ${version}`));
            return writeFrame(s, { t: 'replica-open', open: req });
          }
          if (frame.t === 'replica-ready') return settle('replica-ready', frame.resumeFrom);
          if (frame.t === 'ack') {
            acked = frame.upTo;
            return settle('window', acked);
          }
          if (frame.t === 'committed') return settle('committed', frame.fileBytes);
          if (frame.t === 'denied' || frame.t === 'failed') return fail(new FerryError(frame.error.code, `Target agent on ${ep.serverName}: ${frame.error.message}`));
        },
        () => fail(new FerryError(ErrorCode.AgentLost, `Target agent on ${ep.serverName} sent an oversized frame`)),
      );
    });

  return {
    open: (req) => connectAndOpen(req),
    async write(offset, data) {
      if (failure) throw failure;
      while (sent - acked > WINDOW_BYTES) await wait('window');
      sent += data.length;
      writeFrame(socket as TLSSocket, { t: 'block', offset, data: data.toString('base64') });
    },
    async commit() {
      if (failure) throw failure;
      const done = wait('committed');
      writeFrame(socket as TLSSocket, { t: 'commit' });
      return done;
    },
    async close() {
      signal.removeEventListener('abort', onAbort);
      const s = socket as TLSSocket | null;
      if (s && !s.destroyed) s.end();
    },
  };
}
