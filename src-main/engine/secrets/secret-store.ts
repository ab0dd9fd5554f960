// Secrets (agent pairing tokens, later host credentials) never go into SQLite. The default store keeps
// each secret in its own owner-only file; the Electron host swaps in one encrypted with the OS keychain
// (safeStorage: DPAPI on Windows).
import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic';
import { dpapiCodec, type SecretCodec } from './dpapi-codec';

export interface SecretStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

const safeName = (name: string): string => {
  if (!/^[A-Za-z0-9._-]{1,128}$/.test(name)) throw new Error(`invalid secret name ${name}`);
  return name;
};

export class FileSecretStore implements SecretStore {
  constructor(
    private readonly dir: string,
    private readonly codec: SecretCodec = { encode: (v) => Buffer.from(v, 'utf8'), decode: (b) => b.toString('utf8') },
  ) {}

  async get(name: string): Promise<string | null> {
    try {
      return this.codec.decode(await readFile(join(this.dir, safeName(name))));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  async set(name: string, value: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const path = join(this.dir, safeName(name));
    await writeFileAtomic(path, this.codec.encode(value));
    await chmod(path, 0o600);
  }

  async delete(name: string): Promise<void> {
    await rm(join(this.dir, safeName(name)), { force: true });
  }
}

/** The store for hosts without an OS key store of their own (CLI, web host): DPAPI-encrypted files on Windows,
 *  owner-only files elsewhere (the lab and development machines). */
export function defaultSecretStore(dir: string, os: NodeJS.Platform = process.platform): SecretStore {
  return os === 'win32' ? new FileSecretStore(dir, dpapiCodec()) : new FileSecretStore(dir);
}
