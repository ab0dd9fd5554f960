// One replica disk written by this agent (it runs on the target host): the connection's frames after
// 'replica-open' are blocks in offset order, then 'commit'. Writes run one after the other; each is acknowledged
// so the sender keeps a bounded window in flight. A connection that ends without commit suspends the transfer
// (what landed stays for a resume; no point file appears).
import type { TLSSocket } from 'node:tls';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import { writeFrame } from '../../engine/datamover/remote/ndjson';
import type { ToAgent } from '../../engine/datamover/remote/protocol';
import { ReplicaDiskWriter } from '../../engine/replication/replica-disk-writer';

/** lab only: throws the injected target-write fault for this file (when the transfer opens) */
export type TargetWriteFault = (file: string) => void;

export class ReplicaSession {
  private writer: Promise<ReplicaDiskWriter>;
  private queue: Promise<unknown>;
  private committed = false;
  private failed = false;

  constructor(
    private readonly socket: TLSSocket,
    private readonly open: Extract<ToAgent, { t: 'replica-open' }>['open'],
    private readonly fault: TargetWriteFault | undefined,
    log: (text: string) => void,
  ) {
    log(`replica ${open.transferId}: writing ${open.file}${open.parentFile ? ` over ${open.parentFile}` : ''}`);
    this.writer = (async () => {
      fault?.(open.file);
      return ReplicaDiskWriter.open(open);
    })();
    this.queue = this.writer.then(
      (w) => writeFrame(socket, { t: 'replica-ready', resumeFrom: w.resumeFrom }),
      (e: unknown) => this.fail(e),
    );
    socket.on('close', () => void this.end());
  }

  frame(frame: ToAgent): void {
    if (this.failed) return;
    if (frame.t === 'block') {
      const data = Buffer.from(frame.data, 'base64');
      this.queue = this.queue.then(async () => {
        if (this.failed) return;
        try {
          await (await this.writer).write(frame.offset, data);
          writeFrame(this.socket, { t: 'ack', upTo: frame.offset + data.length });
        } catch (e) {
          this.fail(e);
        }
      });
      return;
    }
    if (frame.t === 'commit') {
      this.queue = this.queue.then(async () => {
        if (this.failed) return;
        try {
          const fileBytes = await (await this.writer).commit();
          this.committed = true;
          writeFrame(this.socket, { t: 'committed', fileBytes });
        } catch (e) {
          this.fail(e);
        }
      });
      return;
    }
    if (frame.t === 'cancel') return void this.end();
    this.fail(new FerryError(ErrorCode.BadFrame, `unexpected '${frame.t}' frame in a replica transfer`));
  }

  private fail(e: unknown): void {
    this.failed = true;
    const err = FerryError.from(e);
    const code = err.code === ErrorCode.Internal || err.code.startsWith('E_DISK') ? ErrorCode.ReplicaWrite : err.code;
    writeFrame(this.socket, { t: 'failed', error: { code, message: err.message } });
    this.socket.end();
  }

  private async end(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.committed) return;
    const w = await this.writer.catch(() => null);
    await w?.suspend();
  }
}
