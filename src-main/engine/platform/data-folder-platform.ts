// A data folder belongs to one platform. Its snapshot ledger names that platform's snapshots: start-up recovery
// through the other platform would find none of them, mark them cleaned, and forget real leftovers on the SAN.
// So the folder remembers its platform (store config), starts with it by default, and refuses the other one.
import { existsSync } from 'node:fs';
import { ErrorCode, FerryError } from '../../../src-shared/contract/errors';
import type { PlatformKind } from './create-platform';
import { Store } from '../store/store';

const CONFIG_KEY = 'platform';

/** The platform to start a data folder with: the one asked for, else the one it was used with, else the lab. */
export function platformForDataFolder(dbPath: string, requested: PlatformKind | undefined): PlatformKind {
  const recorded = recordedPlatform(dbPath);
  const kind = requested ?? recorded ?? 'lab';
  if (recorded && recorded !== kind) {
    throw new FerryError(ErrorCode.InvalidParams, `This data folder holds the ${recorded} platform's sessions and snapshot ledger; it cannot be opened with the ${kind} platform.`, {
      hint: `Start Ferry with --platform ${recorded} on this folder, or give the ${kind} platform a data folder of its own (--data DIR).`,
    });
  }
  return kind;
}

export function rememberPlatform(store: Store, kind: PlatformKind): void {
  if (store.getConfig(CONFIG_KEY) === null) store.setConfig(CONFIG_KEY, kind);
}

/** null for a new folder; folders from before this record existed were all lab folders. */
function recordedPlatform(dbPath: string): PlatformKind | null {
  if (!existsSync(dbPath)) return null;
  const store = new Store(dbPath);
  try {
    return store.getConfig(CONFIG_KEY) === 'windows' ? 'windows' : 'lab';
  } finally {
    store.close();
  }
}
