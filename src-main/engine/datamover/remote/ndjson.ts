// Newline-delimited JSON over a stream, with a hard line-length limit (a peer cannot make us buffer forever).
import type { Duplex } from 'node:stream';

export function writeFrame(socket: Duplex, frame: unknown): void {
  socket.write(`${JSON.stringify(frame)}\n`);
}

/** Calls onLine for each complete line; onTooLong once (and stops) when a line exceeds maxLine. */
export function readLines(socket: Duplex, maxLine: number, onLine: (line: string) => void, onTooLong: () => void): void {
  let buf = '';
  let dead = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    if (dead) return;
    // search only what arrived: a multi-MiB frame (a replica block) comes in many chunks
    const from = buf.length;
    buf += chunk;
    for (let i = buf.indexOf('\n', from); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.length > 0) onLine(line);
    }
    if (buf.length > maxLine) {
      dead = true;
      onTooLong();
    }
  });
}
