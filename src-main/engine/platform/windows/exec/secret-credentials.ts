// WinRM credentials out of the secret store (the OS keychain in the app, owner-only files for `ferry serve`):
// platform.json only names them. No name for a server = null = Ferry's own Windows identity (Kerberos).
import { z } from 'zod';
import { FerryError } from '../../../../../src-shared/contract/errors';
import type { SecretStore } from '../../../secrets/secret-store';
import { WinCode } from '../error-codes';
import type { CredentialProvider, RemoteCredential } from './executor';

export interface CredentialNames {
  /** secret used for every server without its own entry */
  default?: string;
  /** per server, keyed by the name as configured (case-insensitive) */
  servers?: Record<string, string>;
}

const StoredCredential = z.object({ user: z.string().min(1), secret: z.string().min(1) }).strict();

export class SecretCredentials implements CredentialProvider {
  constructor(
    private readonly secrets: SecretStore,
    private readonly names: CredentialNames = {},
  ) {}

  async get(server: string): Promise<RemoteCredential | null> {
    const name = this.nameFor(server);
    if (!name) return null;
    const text = await this.secrets.get(name);
    if (text === null) {
      throw new FerryError(WinCode.Credentials, `The credential "${name}" for ${server} is not in Ferry's secret store.`, {
        hint: `Store it under that name as {"user": "DOMAIN\\\\account", "secret": "…"}, or remove the reference from platform.json to use Ferry's own Windows identity.`,
        server,
      });
    }
    try {
      return StoredCredential.parse(JSON.parse(text));
    } catch {
      // never the parser's message: it would quote the stored text
      throw new FerryError(WinCode.Credentials, `The credential "${name}" for ${server} is not {"user": …, "secret": …}.`, {
        hint: 'Store it again in that form.',
        server,
      });
    }
  }

  private nameFor(server: string): string | undefined {
    const key = server.toLowerCase();
    const own = Object.entries(this.names.servers ?? {}).find(([name]) => name.toLowerCase() === key);
    return own?.[1] ?? this.names.default;
  }
}
