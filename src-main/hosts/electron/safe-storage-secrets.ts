// Secrets in the Electron app are encrypted with the OS credential store (safeStorage: DPAPI on Windows,
// Keychain on macOS, libsecret on Linux) before they touch the disk; never in SQLite, never in clear text.
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { FileSecretStore, type SecretStore } from '../../engine/secrets/secret-store';

export function safeStorageSecrets(dataDir: string): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) {
    // Without an OS key store the file store (owner-only files) is the fallback; say so in the log.
    console.warn('Ferry: OS credential store unavailable; secrets are kept in owner-only files');
    return new FileSecretStore(join(dataDir, 'secrets'));
  }
  return new FileSecretStore(join(dataDir, 'secrets-os'), {
    encode: (v) => safeStorage.encryptString(v),
    decode: (b) => safeStorage.decryptString(b),
  });
}
