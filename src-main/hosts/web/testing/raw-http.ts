// Test helper: bytes to the web host over a plain TCP socket, so malformed HTTP (that fetch and ws would refuse
// to send) really reaches the server. The client half-closes once the first response is complete (or the server
// went quiet without one), so the server always ends the exchange; a request that gets neither an answer nor a
// close within the timeout is reported as a hang. (Half-closing right after the write would make Node drop
// responses that are still being prepared: a client's FIN aborts them.)
import { connect } from 'node:net';

export interface RawReply {
  /** status code of every final response in the reply (pipelined requests answer more than once) */
  statuses: number[];
  /** the whole reply as latin1 text */
  text: string;
}

/** How long the server may stay silent before the client half-closes (it then answers or closes). */
const QUIET_MS = 200;

export function sendRaw(port: number, request: string | Uint8Array, timeoutMs = 5000): Promise<RawReply> {
  const bytes = typeof request === 'string' ? Buffer.from(request, 'latin1') : Buffer.from(request);
  const head = bytes.subarray(0, 5).toString('latin1') === 'HEAD ';
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    let quiet: ReturnType<typeof setTimeout> | undefined;
    const halfClose = () => {
      clearTimeout(quiet);
      if (!socket.writableEnded) socket.end();
    };
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no reply and no close within ${timeoutMs} ms for ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`));
    }, timeoutMs);
    socket.on('data', (d) => {
      chunks.push(d);
      if (firstResponseComplete(Buffer.concat(chunks), head)) halfClose();
    });
    // A reset after the server's reply (it may close while our bytes are in flight) is still a reply.
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      clearTimeout(quiet);
      const text = Buffer.concat(chunks).toString('latin1');
      const statuses = [...text.matchAll(/(?:^|\r\n)HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1])).filter((s) => s === 101 || s >= 200);
      resolve({ statuses, text });
    });
    socket.write(bytes, () => {
      quiet = setTimeout(halfClose, QUIET_MS);
    });
  });
}

/** Whether the buffer holds a whole final response (a 101 counts once its head is there). */
function firstResponseComplete(buf: Buffer, head: boolean): boolean {
  let at = 0;
  for (;;) {
    const end = buf.indexOf('\r\n\r\n', at);
    if (end < 0) return false;
    const headText = buf.subarray(at, end).toString('latin1');
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(headText)?.[1] ?? NaN);
    if (Number.isNaN(status)) return false;
    const bodyAt = end + 4;
    if (status >= 100 && status < 200 && status !== 101) {
      at = bodyAt; // 100 Continue and friends: the final response follows
      continue;
    }
    if (status === 101 || head || status === 204 || status === 304) return true;
    const length = /\r\ncontent-length: *(\d+)/i.exec(headText);
    if (length) return buf.length - bodyAt >= Number(length[1]);
    if (/\r\ntransfer-encoding: *chunked/i.test(headText)) return buf.includes('0\r\n\r\n', bodyAt);
    return false; // the body ends when the server closes
  }
}

/** A complete request with these lines, CRLF-terminated. */
export function rawRequest(requestLine: string, headers: string[] = ['Host: 127.0.0.1'], body = ''): string {
  return [requestLine, ...headers].join('\r\n') + '\r\n\r\n' + body;
}
