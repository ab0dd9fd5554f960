// Reading a password for `ferry credential add`: piped on stdin (scripts), or typed at a terminal without echo.
// Never from argv: a password there lands in shell history and in every process listing.

export interface SecretStdin extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

/** All of stdin, without the one line break a `echo`/`printf '%s\n'` adds. */
export async function readPipedSecret(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** One line typed at the terminal, not echoed; Ctrl-C or Ctrl-D on an empty line gives up. */
export function readTypedSecret(stdin: SecretStdin, prompt: (text: string) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    prompt('Password: ');
    stdin.setRawMode?.(true);
    stdin.resume();
    const done = (err: Error | null) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      prompt('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(null);
        if (ch === '\u0003' || (ch === '\u0004' && value === '')) return done(new Error('no password entered'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.on('data', onData);
  });
}

export function readSecret(stdin: SecretStdin, prompt: (text: string) => void): Promise<string> {
  return stdin.isTTY ? readTypedSecret(stdin, prompt) : readPipedSecret(stdin);
}
