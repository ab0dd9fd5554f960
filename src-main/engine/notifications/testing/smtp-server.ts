// Starts the real test SMTP server (smtp_server.py, aiosmtpd) and reads what it received. Without a Python that has
// aiosmtpd the tests skip with a message — except in CI (CI set), where .ci/run installs it and its absence fails.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'smtp_server.py');

export interface ReceivedMail {
  file: string;
  mail_from: string;
  rcpt_tos: string[];
  auth_user: string | null;
  headers: Record<string, string>;
  content_type: string;
  text: string | null;
  html: string | null;
}

/** The Python that has aiosmtpd (Debian's /usr/bin/python3 with python3-aiosmtpd), or null. */
export function aiosmtpdPython(): string | null {
  for (const py of ['/usr/bin/python3', 'python3']) {
    const r = spawnSync(py, ['-c', 'import aiosmtpd'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

export const SMTP_MISSING = 'python3-aiosmtpd is not installed (apt-get install python3-aiosmtpd): the tests against a real SMTP server are skipped';

/** true: run; false: skip (message printed); throws in CI, where a missing server is a failure. */
export function smtpAvailable(): boolean {
  if (aiosmtpdPython()) return true;
  if (process.env.CI) throw new Error(`${SMTP_MISSING} — in CI this fails (.ci/run installs it)`);
  console.warn(SMTP_MISSING);
  return false;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export class TestSmtpServer {
  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly child: ChildProcess,
  ) {}

  /** tls: PEM files; the server then offers STARTTLS and requires it */
  static async start(auth?: { user: string; password: string }, dir?: string, tls?: { certFile: string; keyFile: string }): Promise<TestSmtpServer> {
    const py = aiosmtpdPython();
    if (!py) throw new Error(SMTP_MISSING);
    const out = dir ?? mkdtempSync(join(tmpdir(), 'ferry-smtp-'));
    const port = await freePort();
    const child = spawn(py, [SCRIPT, '127.0.0.1', String(port), out, ...(auth ? [auth.user, auth.password] : [])], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(tls ? { FERRY_SMTP_CERT: tls.certFile, FERRY_SMTP_KEY: tls.keyFile } : {}) },
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`test SMTP server did not start: ${stderr}`)), 15_000);
      child.stdout?.on('data', (d: Buffer) => {
        if (d.toString().includes('READY')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`test SMTP server exited (${code}): ${stderr}`));
      });
    });
    return new TestSmtpServer(port, out, child);
  }

  messages(): ReceivedMail[] {
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => ({ file: join(this.dir, f), ...(JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as Omit<ReceivedMail, 'file'>) }));
  }

  async waitFor(count: number, timeoutMs = 20_000): Promise<ReceivedMail[]> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const got = this.messages();
      if (got.length >= count) return got;
      if (Date.now() > until) throw new Error(`expected ${count} message(s) at the test SMTP server, got ${got.length}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async close(removeDir = true): Promise<void> {
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.stdin?.end();
    const t = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(t);
    if (removeDir) rmSync(this.dir, { recursive: true, force: true });
  }
}
