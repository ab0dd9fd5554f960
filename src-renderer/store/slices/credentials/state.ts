// The slice's state and actions as types, apart from its creator: the bound store's type (store/types.ts) is built
// from these without importing the creators, which import it (no import cycle).
import type { ParamsOf } from '../../../../src-shared/contract';
import type { Credential } from '../../../../src-shared/domain';
import type { Loadable } from '../../loadable';

export interface CredentialsSlice {
  credentials: Loadable<Credential[]>;
  fetchCredentials(): Promise<void>;
  createCredential(draft: ParamsOf<'credentials.create'>): Promise<Credential>;
  updateCredential(patch: ParamsOf<'credentials.update'>): Promise<Credential>;
  /** Rejects with the host's FerryError (E_IN_USE while a server uses it). */
  removeCredential(id: string): Promise<void>;
}
