// Passwords of stored WinRM accounts. SQLite keeps only the account name and description (credentials table);
// the password lives in the SecretStore (the OS keychain in the app) under credential.<id> as {"user","secret"} —
// the same shape platform.json's named secrets use, so the Windows executor reads both the same way.
import { z } from 'zod';
import type { SecretStore } from './secret-store';

export interface StoredAccount {
  user: string;
  secret: string;
}

const Stored = z.object({ user: z.string().min(1), secret: z.string().min(1) }).strict();

export const credentialSecretName = (credentialId: string): string => `credential.${credentialId}`;

export class CredentialVault {
  constructor(private readonly secrets: SecretStore) {}

  async put(credentialId: string, account: StoredAccount): Promise<void> {
    await this.secrets.set(credentialSecretName(credentialId), JSON.stringify(account));
  }

  /** The account, or null when no secret is stored under that id. A damaged entry is an error that never quotes it. */
  async get(credentialId: string): Promise<StoredAccount | null> {
    const text = await this.secrets.get(credentialSecretName(credentialId));
    if (text === null) return null;
    try {
      return Stored.parse(JSON.parse(text));
    } catch {
      throw new Error(`The stored password of credential ${credentialId} is unreadable; set a new password for it`);
    }
  }

  async delete(credentialId: string): Promise<void> {
    await this.secrets.delete(credentialSecretName(credentialId));
  }
}
