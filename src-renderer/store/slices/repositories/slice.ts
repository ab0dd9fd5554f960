// Backup repositories.
import type { Repository } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { RepositoriesSlice } from './state';

export const createRepositoriesSlice: SliceCreator<RepositoriesSlice> = (set, get) => ({
  repositories: notLoaded<Repository[]>([]),
  fetchRepositories: () =>
    load(
      'repositories',
      () => get().repositories,
      (repositories) => set({ repositories }),
      () => getClient().call('repositories.list', {}),
    ),
});
