// Stored WinRM accounts. The console never holds a stored password: it sends one on create / change and forgets it.
import type { Credential } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { CredentialsSlice } from './state';

export const createCredentialsSlice: SliceCreator<CredentialsSlice> = (set, get) => {
  const upsert = (credential: Credential) => {
    const list = get().credentials;
    const exists = list.data.some((c) => c.id === credential.id);
    set({
      credentials: {
        ...list,
        data: exists ? list.data.map((c) => (c.id === credential.id ? credential : c)) : [...list.data, credential],
      },
    });
  };
  return {
    credentials: notLoaded<Credential[]>([]),
    fetchCredentials: () =>
      load(
        'credentials',
        () => get().credentials,
        (credentials) => set({ credentials }),
        () => getClient().call('credentials.list', {}),
      ),
    async createCredential(draft) {
      const credential = await getClient().call('credentials.create', draft);
      // Shown (and selectable in a wizard) at once, before any refetch answers.
      upsert(credential);
      return credential;
    },
    async updateCredential(patch) {
      const credential = await getClient().call('credentials.update', patch);
      upsert(credential);
      return credential;
    },
    async removeCredential(id) {
      await getClient().call('credentials.remove', { id });
      await get().fetchCredentials();
    },
  };
};
