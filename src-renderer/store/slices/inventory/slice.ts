// Hosts, the cluster, volumes and VMs as the host reports them.
import type { Inventory } from '../../../../src-shared/domain';
import { getClient } from '../../../backend/client';
import { load, notLoaded } from '../../loadable';
import type { SliceCreator } from '../../types';
import type { InventorySlice } from './state';

export const EMPTY_INVENTORY: Inventory = { hosts: [], clusters: [], volumes: [], vms: [] };

export const createInventorySlice: SliceCreator<InventorySlice> = (set, get) => ({
  inventory: notLoaded(EMPTY_INVENTORY),
  fetchInventory: () =>
    load(
      'inventory',
      () => get().inventory,
      (inventory) => set({ inventory }),
      () => getClient().call('inventory.get', {}),
    ),
});
