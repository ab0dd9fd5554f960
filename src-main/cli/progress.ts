// Progress of a long CLI operation: a redrawn bar on a terminal, plain lines every 10 % otherwise (logs, CI,
// scripts). Both go to stderr so stdout keeps only the result (a point id, or --json).
import { fmtBytes } from '../engine/util/format';

/** A terminal to draw on; absent when stderr is not a TTY. */
export interface TtyOut {
  columns?: number;
  write(chunk: string): void;
}

export interface ProgressIo {
  err(line: string): void;
  tty?: TtyOut;
}

const REDRAW_EVERY_MS = 100;
const BAR_WIDTH = 24;

export { fmtBytes };

export class ProgressReporter {
  private readonly startedAt = performance.now();
  private lastDraw = 0;
  private lastStep = -1;
  private drawn = false;

  constructor(
    private readonly label: string,
    private readonly io: ProgressIo,
  ) {}

  update(done: number, total: number): void {
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    const secs = (performance.now() - this.startedAt) / 1000;
    const rate = secs > 0 ? `${fmtBytes(done / secs)}/s` : '';
    const tty = this.io.tty;
    if (tty) {
      const now = performance.now();
      if (now - this.lastDraw < REDRAW_EVERY_MS && pct < 100) return;
      this.lastDraw = now;
      const filled = Math.round((pct / 100) * BAR_WIDTH);
      const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(pct).padStart(3)}%  ${fmtBytes(done)} of ${fmtBytes(total)}  ${rate}`;
      // truncated to the terminal's width (no wrap), then clear whatever a longer previous line left
      tty.write(`\r${line.slice(0, Math.max(20, (tty.columns ?? 100) - 1))}\x1b[K`);
      this.drawn = true;
      return;
    }
    const step = Math.floor(pct / 10);
    if (step <= this.lastStep) return;
    this.lastStep = step;
    this.io.err(`${this.label}: ${pct}% (${fmtBytes(done)} of ${fmtBytes(total)}${rate ? `, ${rate}` : ''})`);
  }

  /** Clears the bar so the next line starts clean. */
  finish(): void {
    if (this.io.tty && this.drawn) this.io.tty.write('\r\x1b[2K');
    this.drawn = false;
  }
}
